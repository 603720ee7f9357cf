// How late a kernel timer_list timer can fire. The timer wheel (kernel/time/timer.c) files a timer in the
// level its delay falls in and rounds the expiry UP to the next bucket of that level, so a timer never fires
// early and fires at most one level granularity (plus the tick that runs it) late.
import { COMMON_HZ, type KernelHz } from './kernel-hz.ts';

const LVL_CLK_SHIFT = 3; // each level is 8x coarser than the one below
const LVL_SIZE = 64; // buckets per level
const LVL_DEPTH = 9; // levels at HZ > 100 (8 at HZ <= 100; the last level is only reached by huge delays)

/** First delay (in jiffies) that lands in level `n` (LVL_START in timer.c). */
function levelStart(level: number): number {
  return (LVL_SIZE - 1) << ((level - 1) * LVL_CLK_SHIFT);
}

/** Granularity in jiffies of the wheel level a timer with this delay is filed in. */
export function levelGranularityJiffies(delayJiffies: number): number {
  let level = 0;
  while (level + 1 < LVL_DEPTH && delayJiffies >= levelStart(level + 1)) level += 1;
  return 2 ** (level * LVL_CLK_SHIFT);
}

/**
 * The jiffy a timer fires at when armed for `expires` while the wheel's clock reads `clk` (calc_wheel_index):
 * the level is chosen by expires − clk, and the expiry rounded UP to the next bucket of that level — even on
 * level 0, so a timer always fires at least one jiffy after `expires`.
 */
export function bucketExpiry(expires: number, clk: number): number {
  if (expires < clk) return clk;
  const granularity = levelGranularityJiffies(expires - clk);
  return (Math.floor(expires / granularity) + 1) * granularity;
}

/**
 * When a timer re-armed from its own callback for `delay` jiffies fires next. The callback of a timer that
 * expired at jiffy `firedAt` runs with the wheel's clock already one ahead (__run_timers: base->clk++ before
 * expire_timers), while jiffies still reads `firedAt`.
 */
export function rearmedExpiry(firedAt: number, delay: number): number {
  return bucketExpiry(firedAt + delay, firedAt + 1);
}

export function msToJiffies(ms: number, hz: number): number {
  return Math.ceil((ms * hz) / 1000);
}

/** Worst-case lateness in ms of one timer armed `delayMs` ahead: a bucket's granularity, plus one tick. */
export function maxTimerLatenessMs(delayMs: number, hz: number): number {
  const jiffyMs = 1000 / hz;
  return (levelGranularityJiffies(msToJiffies(delayMs, hz)) + 1) * jiffyMs;
}

/** The worst lateness over the HZ values still possible. */
export function worstLateness(delayMs: number, hz: KernelHz): number {
  const candidates = hz.hz !== null ? [hz.hz] : (hz.candidates ?? COMMON_HZ);
  return Math.max(...candidates.map((value) => maxTimerLatenessMs(delayMs, value)));
}
