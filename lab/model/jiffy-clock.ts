// The kernel's jiffies on the capture's clock. The timer wheel rounds a long timer up to a multiple of 8, 64, 512 …
// jiffies counted from boot, and a probe on the wire shows when it went out, not which jiffy number that was: a
// keepalive chain whose probes all came from finer arms leaves its coarser phase unknown (at 6/5/8, by up to 256 ms).
// The kernel tells the number itself: /proc/timer_list gives `jiffies` with the monotonic time it printed it at, and
// ticks fall on multiples of the tick period in that clock (checked here: 40 readings, one offset); the wall clock's
// offset from the monotonic one puts a capture's timestamps on it (observe/jiffy-reading.ts reads both).

/** The absolute jiffy number of the tick at or nearest to a wall-clock time (ms since the epoch). */
export interface JiffyClock {
  hz: number;
  jiffyAt(wallMs: number): number;
}

/** jiffies − ⌊monotonic ns / tick ns⌋, the same in most readings (else null: ticks not on the monotonic grid, or no reading). */
export function jiffyBase(texts: readonly string[], hz: number): bigint | null {
  const tickNs = BigInt(Math.round(1e9 / hz));
  const counts = new Map<bigint, number>();
  for (const text of texts) {
    const nowNs = text.match(/^now at (\d+) nsecs/m)?.[1];
    const jiffies = text.match(/^jiffies: (\d+)/m)?.[1];
    if (nowNs === undefined || jiffies === undefined) continue;
    const base = BigInt(jiffies) - BigInt(nowNs) / tickNs;
    counts.set(base, (counts.get(base) ?? 0) + 1);
  }
  const [best, votes] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  return votes * 2 > texts.length ? best : null;
}

/** `base`: jiffyBase; `offsetMs`: the wall clock minus the monotonic one. */
export function jiffyClock(base: bigint, offsetMs: number, hz: number): JiffyClock {
  const tickMs = Math.round(1e9 / hz) / 1e6;
  return { hz, jiffyAt: (wallMs) => Number(base) + Math.round((wallMs - offsetMs) / tickMs) };
}
