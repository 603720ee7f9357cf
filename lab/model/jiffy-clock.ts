// The kernel's jiffies on the capture's clock. The timer wheel rounds a long timer up to a multiple of 8, 64, 512 …
// jiffies counted from boot, and a probe on the wire shows when it went out, not which jiffy number that was: a
// keepalive chain whose probes all came from finer arms leaves its coarser phase unknown (at 6/5/8, by up to 256 ms).
// The kernel tells the number itself: /proc/timer_list gives `jiffies` with the monotonic time it printed it at, and
// the tick timer's next expiry, on the grid the ticks keep in that clock (here at multiples of the tick: 40
// readings, one offset); the wall clock's offset from the monotonic one puts a capture's timestamps on it
// (observe/jiffy-reading.ts reads both).

/** The absolute jiffy number of the tick at or nearest to a wall-clock time (ms since the epoch). */
export interface JiffyClock {
  hz: number;
  jiffyAt(wallMs: number): number;
}

/** The jiffy count's relation to the monotonic clock: jiffies = base + ⌊(monotonic − phase) / tick⌋, in ns. */
export interface JiffyBase {
  base: bigint;
  phaseNs: bigint;
}

/** From /proc/timer_list readings: the base most of them agree on (else null: a reading torn by a tick, or no reading). */
export function jiffyBase(texts: readonly string[], hz: number): JiffyBase | null {
  const tickNs = BigInt(Math.round(1e9 / hz));
  const counts = new Map<string, number>();
  for (const text of texts) {
    const nowNs = text.match(/^now at (\d+) nsecs/m)?.[1];
    const jiffies = text.match(/^jiffies: (\d+)/m)?.[1];
    if (nowNs === undefined || jiffies === undefined) continue;
    const phaseNs = tickPhaseNs(text, tickNs);
    const key = `${BigInt(jiffies) - (BigInt(nowNs) - phaseNs) / tickNs} ${phaseNs}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [best, votes] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  if (best === null || votes * 2 <= texts.length) return null;
  const [base, phaseNs] = best.split(' ').map(BigInt) as [bigint, bigint];
  return { base, phaseNs };
}

/** Where the ticks sit within a tick period of the monotonic clock: the tick timer's next expiry (0 where it is not listed). */
function tickPhaseNs(text: string, tickNs: bigint): bigint {
  const expiry = text.match(/tick_(?:nohz_handler|sched_timer)[^\n]*\n\s*# expires at (\d+)-/)?.[1];
  return expiry === undefined ? 0n : BigInt(expiry) % tickNs;
}

/** `offsetMs`: the wall clock minus the monotonic one. */
export function jiffyClock({ base, phaseNs }: JiffyBase, offsetMs: number, hz: number): JiffyClock {
  const tickMs = Math.round(1e9 / hz) / 1e6;
  const phaseMs = Number(phaseNs) / 1e6;
  return { hz, jiffyAt: (wallMs) => Number(base) + Math.round((wallMs - offsetMs - phaseMs) / tickMs) };
}

/** Where the tick at a wall-clock time falls among a wheel level's `phases` jiffies: what a chain's phase is fitted by. */
export function phaseAt(jiffies: JiffyClock, wallMs: number, phases: number): number {
  return ((jiffies.jiffyAt(wallMs) % phases) + phases) % phases;
}
