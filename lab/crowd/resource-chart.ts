// A crowd run's server resources as Mermaid charts (GitHub renders them): time from the fault along the bottom,
// one measure a chart as a line, and the dead connections' detection windows as a shaded band of bars (Mermaid's
// xychart has no legend and no vertical marker, so the title says what is what, and the fault is the 0 mark).
import type { CrowdResult, ResourcePoint } from './result.ts';

/** At most this many points along the time axis: more and the labels collide. */
const MAX_POINTS = 16;
const STEPS_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];

interface Measure {
  name: string;
  unit: string;
  value: (point: ResourcePoint) => number | null;
}

const MEASURES: Measure[] = [
  { name: 'established connections', unit: 'connections', value: (point) => point.established },
  { name: "open files of the server's processes", unit: 'files', value: (point) => point.openFiles },
  {
    name: 'memory its sockets hold (ss -tm: received, reserved, queued)',
    unit: 'KiB',
    value: (point) => (point.socketMemoryBytes === null ? null : point.socketMemoryBytes / 1024),
  },
];

export function renderResourceCharts(result: CrowdResult): string[] {
  const points = result.resources.points;
  if (points.length < 2) return ['The resource sampler took fewer than two samples: nothing to draw.', ''];
  const times = axis(points);
  const window = result.expectation.outcome === 'error' && result.connections.dead > 0 ? result.expected : null;
  return MEASURES.flatMap((measure) => chart(result.scenario, measure, points, times, window));
}

/** Evenly spaced times (ms from the fault) over the samples, on a round step. */
function axis(points: ResourcePoint[]): number[] {
  const first = points[0]!.atMs;
  const last = points.at(-1)!.atMs;
  const step = STEPS_MS.find((candidate) => (last - first) / candidate <= MAX_POINTS) ?? Math.ceil((last - first) / MAX_POINTS / 60_000) * 60_000;
  const start = Math.ceil(first / step) * step;
  return Array.from({ length: Math.floor((last - start) / step) + 1 }, (_, k) => start + k * step);
}

/** Each time's value: the latest sample at or before it that measured it. */
function valuesAt(points: ResourcePoint[], times: number[], measure: Measure): (number | null)[] {
  let k = 0;
  let latest: number | null = null;
  return times.map((t) => {
    for (; k < points.length && points[k]!.atMs <= t; k += 1) latest = measure.value(points[k]!) ?? latest;
    return latest;
  });
}

function chart(
  scenario: string,
  measure: Measure,
  points: ResourcePoint[],
  times: number[],
  window: { earliestMs: number; latestMs: number } | null,
): string[] {
  const values = valuesAt(points, times, measure);
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return [];
  const top = Math.max(1, niceCeiling(known.reduce((max, value) => Math.max(max, value), 0)));
  if (known.every((value) => value === 0)) return [`The ${measure.name}: 0 ${measure.unit} in every sample.`, ''];
  const band = times.map((t) => (window && t >= window.earliestMs - 250 && t <= window.latestMs + 250 ? top : 0));
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${scenario}: ${measure.name}"`,
    `  x-axis "seconds from the fault" [${times.map((t) => String(Number((t / 1000).toFixed(2)))).join(', ')}]`,
    `  y-axis "${measure.unit}" 0 --> ${top}`,
    ...(window ? [`  bar [${band.join(', ')}]`] : []),
    `  line [${values.map((value) => Math.round(value ?? 0)).join(', ')}]`,
    '```',
    '',
  ];
}

/** 1,022 → 1,200, 10,022 → 12,000: a round top for the axis, a little above the highest value. */
function niceCeiling(value: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(1, value))) / 5;
  return Math.max(1, Math.ceil((value * 1.1) / step) * step);
}
