import { describe, expect, it } from 'vitest';
import { jiffyBase, jiffyClock } from './jiffy-clock.ts';

/** The two lines of /proc/timer_list the clock needs, as the kernel prints them. */
const reading = (nowNs: bigint, jiffies: bigint) => `Timer List Version: v0.10\nHRTIMER_MAX_CLOCK_BASES: 8\nnow at ${nowNs} nsecs\n\ncpu: 0\n .. \njiffies: ${jiffies}\n`;

describe('the kernel\'s jiffies on the capture\'s clock', () => {
  it('finds jiffies − monotonic ticks from readings that agree (read here: 1625805326975 ns, jiffies 4295298683 at HZ 250)', () => {
    const base = 4295298683n - 1625805326975n / 4_000_000n;
    expect(jiffyBase([reading(1625805326975n, 4295298683n), reading(1625809000001n, 4295298684n), reading(1625813000000n, 4295298685n)], 250)).toBe(base);
  });

  it('outvotes a reading a tick passed in, and gives up without a majority', () => {
    const good = reading(1_000_000_000n, 1_000_250n);
    const torn = reading(1_003_999_999n, 1_000_251n); // jiffies printed just after the next tick
    expect(jiffyBase([good, good, torn], 250)).toBe(1_000_000n);
    expect(jiffyBase([good, torn], 250)).toBeNull();
    expect(jiffyBase(['no such lines'], 250)).toBeNull();
  });

  it('puts a wall-clock time on the jiffy whose tick is nearest, through the wall clock\'s offset from the monotonic one', () => {
    const clock = jiffyClock(1_000_000n, 1_796_000_000_000, 250); // wall = monotonic + 1796000000000 ms
    expect(clock.jiffyAt(1_796_000_000_000 + 1_000)).toBe(1_000_250); // 1 s of monotonic time: 250 ticks
    expect(clock.jiffyAt(1_796_000_000_000 + 1_001.9)).toBe(1_000_250); // within half a tick of it
    expect(clock.jiffyAt(1_796_000_000_000 + 1_002.1)).toBe(1_000_251);
  });
});
