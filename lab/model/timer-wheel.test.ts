import { describe, expect, it } from 'vitest';
import { levelGranularityJiffies, maxTimerLatenessMs, msToJiffies } from './timer-wheel.ts';

describe('timer wheel rounding (kernel/time/timer.c)', () => {
  it('files delays in 8x coarser levels: 1 jiffy below 63, 8 below 504, 64 below 4032, 512 below 32256', () => {
    expect([0, 62, 63, 503, 504, 4031, 4032, 32255, 32256].map(levelGranularityJiffies)).toEqual([1, 1, 8, 8, 64, 64, 512, 512, 4096]);
  });

  it.each([
    // [HZ, delay ms, worst lateness ms]: one level step plus one tick
    [250, 1000, (8 + 1) * 4], // 250 jiffies → level 1, 32 ms steps (tcp-dead-peer.md §5)
    [250, 3000, (64 + 1) * 4], // 750 jiffies → level 2, 256 ms steps
    [250, 30000, (512 + 1) * 4], // 7500 jiffies → level 3, 2.048 s steps
    [100, 1000, (8 + 1) * 10], // 100 jiffies → level 1, 80 ms steps
    [1000, 1000, (64 + 1) * 1], // 1000 jiffies → level 2, 64 ms steps
    [1000, 100, (8 + 1) * 1], // 100 jiffies → level 1
  ])('at HZ %i a %i ms timer fires at most %f ms late', (hz, delayMs, worst) => {
    expect(maxTimerLatenessMs(delayMs, hz)).toBeCloseTo(worst, 9);
  });

  it('keeps the same ~12.5% worst case at every HZ for a 1 s timer', () => {
    for (const hz of [100, 250, 1000]) expect(maxTimerLatenessMs(1000, hz) / 1000).toBeLessThan(0.13);
  });

  it('converts ms to whole jiffies, rounding up', () => {
    expect(msToJiffies(1000, 250)).toBe(250);
    expect(msToJiffies(1001, 250)).toBe(251);
  });
});
