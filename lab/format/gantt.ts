// A time axis for Mermaid gantt charts (GitHub renders them). Mermaid's axis shows clock time in the reader's time
// zone, so only its seconds field is the same for every reader (zones differ by whole quarter hours): the axis shows
// seconds for a chart up to a minute, and minutes — the chart drawn at 1/60 scale — for a longer one. Each point
// carries its time in its label too.

export interface GanttAxis {
  /** 'seconds' or 'minutes', for the title. */
  unit: string;
  /** A chart position for a time in ms. */
  at: (ms: number) => number;
  /** "4.091 s": a time for a label. */
  when: (ms: number) => string;
  /** A point in time (start, end). */
  milestone: (ms: number) => string;
  /** A thin bar at a time: a label Mermaid puts left of a milestone is drawn under its diamond, a bar's is not. */
  tick: (ms: number) => string;
  /** The chart's opening lines: the title, and an axis in seconds with a tick every 1, 2, 5 or 10 of them so its labels do not run together. */
  header: (title: string) => string[];
}

/** The axis for a chart that ends at `endMs`. */
export function ganttAxis(endMs: number): GanttAxis {
  const [scale, unit] = endMs > 60_000 ? [1 / 60, 'minutes'] : [1, 'seconds'];
  const at = (ms: number) => Math.max(0, Math.round(ms * scale));
  return {
    unit,
    at,
    when: (ms) => `${(ms / 1000).toFixed(scale === 1 ? 3 : 1)} s`,
    milestone: (ms) => `:milestone, ${at(ms)}, ${at(ms)}`,
    tick: (ms) => `:done, ${at(ms)}, ${at(ms) + Math.max(1, Math.round(at(endMs) / 250))}`,
    header: (title) => ['```mermaid', 'gantt', `  title ${title}`, '  dateFormat x', '  axisFormat %S.%L', `  tickInterval ${tickSeconds(at(endMs))}second`],
  };
}

/** About a dozen ticks at most on an axis `lengthMs` long (at chart scale). */
function tickSeconds(lengthMs: number): number {
  return [1, 2, 5, 10].find((step) => lengthMs / (step * 1000) <= 12) ?? 10;
}
