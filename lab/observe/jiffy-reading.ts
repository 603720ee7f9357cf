// Reads the Docker host's jiffy clock (model/jiffy-clock.ts): /proc/timer_list a few times, and the wall clock's
// offset from the monotonic one. The host's kernel is every container's, and the lab runs on the host.
import { readFile } from 'node:fs/promises';
import { type JiffyClock, jiffyBase, jiffyClock } from '../model/jiffy-clock.ts';

/** How many /proc/timer_list readings vote on jiffies − monotonic ticks. */
const READINGS = 5;

/** The host's jiffy clock at this HZ; null where /proc/timer_list cannot be read or its readings disagree. */
export async function readJiffyClock(hz: number, path = '/proc/timer_list'): Promise<JiffyClock | null> {
  const texts: string[] = [];
  for (let k = 0; k < READINGS; k += 1) {
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) return null;
    texts.push(text);
  }
  const base = jiffyBase(texts, hz);
  return base === null ? null : jiffyClock(base, wallMinusMonotonicMs(), hz);
}

/**
 * The wall clock minus the monotonic clock, ms: where Date.now() turns over a millisecond the wall clock reads that
 * whole millisecond, to within the spin's step (µs); the largest of three (a spin preempted reads the monotonic
 * clock late, so smaller).
 */
function wallMinusMonotonicMs(): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < 3; k += 1) {
    const start = Date.now();
    let wall = start;
    while (wall === start) wall = Date.now();
    best = Math.max(best, wall - Number(process.hrtime.bigint()) / 1e6);
  }
  return best;
}
