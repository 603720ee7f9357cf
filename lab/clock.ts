import { performance } from 'node:perf_hooks';

/** An instant: ms since the epoch with sub-ms precision, in the Docker host's clock (the lab runs on it). */
export type Instant = number;

export function now(): Instant {
  return toMicroseconds(performance.timeOrigin + performance.now());
}

/** Rounds ms to whole µs: finer digits are float noise, not precision. */
export function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** `date +%s%N` output (ns since the epoch) as an Instant. */
export function instantFromNanoseconds(text: string): Instant {
  return Number(BigInt(text.trim()) / 1000n) / 1000;
}
