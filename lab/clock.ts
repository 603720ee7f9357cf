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

/** How far the wall clock may drift from the monotonic one in a run before it counts as a step (Date.now() is whole ms). */
export const CLOCK_STEP_LIMIT_MS = 20;

/**
 * The wire's timestamps are the kernel's wall clock; the lab's and the agents' instants are the wall clock at their
 * start plus the monotonic clock since. They share one timebase only while the wall clock does not step (settimeofday,
 * a suspended VM): this samples both while a run goes on, and tells the largest step it saw.
 */
export function watchClock(everyMs = 250): { stop(): { stepMs: number } } {
  const first = offset();
  let stepMs = 0;
  const sample = () => {
    const now = offset();
    if (first !== null && now !== null) stepMs = Math.max(stepMs, Math.abs(now - first));
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { stepMs: toMicroseconds(stepMs) };
    },
  };
}

/**
 * The wall clock minus the lab's instant, read between two monotonic readings less than a millisecond apart: a process
 * preempted between the two clocks (tens of ms on a loaded machine) would otherwise look like a step. Null when no
 * reading in a few came that tight.
 */
function offset(): number | null {
  for (let tries = 0; tries < 5; tries += 1) {
    const before = performance.now();
    const wall = Date.now();
    const after = performance.now();
    if (after - before < 1) return wall - (performance.timeOrigin + (before + after) / 2);
  }
  return null;
}
