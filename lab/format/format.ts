// How the lab writes times and tables for people: seconds with milliseconds, signed offsets in ms, and Markdown
// tables whose columns line up in the raw text as well as when rendered.

/** 1, 'probe' → "1 probe"; 3, 'probe' → "3 probes". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** 4091 → "4.091 s"; negative times keep a true minus sign. */
export function seconds(ms: number): string {
  return `${ms < 0 ? '−' : ''}${(Math.abs(ms) / 1000).toFixed(3)} s`;
}

/** A long time as people say it: "2 h 11 min 15 s", "10 min", "29 s", "1.5 s". */
export function duration(ms: number): string {
  if (ms < 10_000) return `${Number((ms / 1000).toFixed(ms < 1000 ? 3 : 1))} s`;
  const total = Math.round(ms / 1000);
  const parts = [
    [Math.floor(total / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'min'],
    [total % 60, 's'],
  ] as const;
  return (
    parts
      .filter(([value]) => value > 0)
      .map(([value, unit]) => `${value} ${unit}`)
      .join(' ') || '0 s'
  );
}

/** 3925, 4130 → "3.925 … 4.130 s": a window or a spread, the unit once. */
export function secondsRange(fromMs: number, toMs: number, separator = ' … '): string {
  return `${seconds(fromMs).slice(0, -' s'.length)}${separator}${seconds(toMs)}`;
}

/** 2.13 → "2.1 ms", 6782.4 → "6.782 s": a span that may be short, in the unit that reads best. */
export function span(ms: number): string {
  return Math.abs(ms) < 1000 ? `${ms < 0 ? '−' : ''}${plainMs(Number(Math.abs(ms).toFixed(1)))} ms` : seconds(ms);
}

/** 4091 → "+4.091 s": an offset from a reference moment. */
export function signedSeconds(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${(Math.abs(ms) / 1000).toFixed(3)} s`;
}

/** 1.24 → "+1.2" (or with more decimals): an offset in ms (the unit is the caller's to add). */
export function signedMs(ms: number, decimals = 1): string {
  return `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(decimals)}`;
}

export type Alignment = 'left' | 'right';

/** A Markdown table padded so that the raw text lines up; `right` columns suit numbers. Ends with a blank line. */
export function alignedTable(header: string[], rows: string[][], align: Alignment[] = []): string[] {
  const clean = (cell: string) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const cells = [header, ...rows].map((row) => header.map((_, column) => clean(row[column] ?? '')));
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => [...row[column]!].length)));
  const pad = (cell: string, column: number) => {
    const fill = ' '.repeat(widths[column]! - [...cell].length);
    return align[column] === 'right' ? fill + cell : cell + fill;
  };
  const line = (row: string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (align[column] === 'right' ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line), ''];
}

/** Terminal lines of two columns, indented two spaces, the first padded to its widest: `list` and `init` print these. */
export function columns(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...rows.map(([first]) => first.length));
  return rows.map(([first, second]) => `  ${first.padEnd(width)}  ${second}`).join('\n');
}

/** 25 → "25", 12.34 → "12.3": a duration in ms without a needless decimal (the unit is the caller's to add). */
export function plainMs(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}
