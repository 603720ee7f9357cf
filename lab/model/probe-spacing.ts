// The spacing of consecutive keepalive probes says which HZ the kernel runs at. A probe timer fires on a bucket
// boundary of its wheel level and is re-armed right then for `interval`; the next expiry is rounded up to the
// next boundary, so the steady spacing is (floor(d / g) + 1) · g jiffies for a delay of d jiffies in a level of
// granularity g. At HZ 250 a 1 s interval gives 1.024 s and 3 s gives 3.072 s; at HZ 1000, 1.024 s and 3.008 s.
import { COMMON_HZ } from './kernel-hz.ts';
import { msToJiffies, rearmedExpiry } from './timer-wheel.ts';

/** Probe spacings within this of the prediction match it (capture timestamps and softirq jitter). */
const MATCH_TOLERANCE_MS = 2;

export function steadyProbeSpacingMs(intervalMs: number, hz: number): number {
  return (rearmedExpiry(0, msToJiffies(intervalMs, hz)) * 1000) / hz; // from a probe on a bucket boundary of every level
}

/** The common HZ values whose predicted spacing matches the median observed spacing between unanswered probes. */
export function hzMatchingSpacing(spacingsMs: number[], intervalMs: number): number[] {
  if (spacingsMs.length === 0) return [];
  const sorted = [...spacingsMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return COMMON_HZ.filter((hz) => Math.abs(steadyProbeSpacingMs(intervalMs, hz) - median) <= MATCH_TOLERANCE_MS);
}
