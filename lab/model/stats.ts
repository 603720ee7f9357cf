import { toMicroseconds } from '../clock.ts';

export interface Summary {
  min: number;
  median: number;
  p95: number;
  max: number;
}

/** min / median / p95 (nearest rank) / max; null for no values. */
export function summarize(values: number[]): Summary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : toMicroseconds((sorted[middle - 1]! + sorted[middle]!) / 2);
  return { min: sorted[0]!, median, p95: at(0.95), max: sorted.at(-1)! };
}
