import { describe, expect, it } from 'vitest';
import { jiffyBase, jiffyClock } from './jiffy-clock.ts';

/** The two lines of /proc/timer_list the clock needs, as the kernel prints them. */
const reading = (nowNs: bigint, jiffies: bigint, tickExpiryNs?: bigint) =>
  [
    'Timer List Version: v0.10',
    'HRTIMER_MAX_CLOCK_BASES: 8',
    `now at ${nowNs} nsecs`,
    '',
    'cpu: 0',
    'active timers:',
    ...(tickExpiryNs === undefined
      ? []
      : [' #0: <00000000c53d6432>, tick_nohz_handler, S:01', ` # expires at ${tickExpiryNs}-${tickExpiryNs} nsecs [in 1 to 1 nsecs]`]),
    ' ..',
    `jiffies: ${jiffies}`,
    '',
  ].join('\n');

describe("the kernel's jiffies on the capture's clock", () => {
  it('finds jiffies − monotonic ticks from readings that agree (read here: 1625805326975 ns, jiffies 4295298683 at HZ 250)', () => {
    const base = 4295298683n - 1625805326975n / 4_000_000n;
    expect(
      jiffyBase([reading(1625805326975n, 4295298683n, 1625808000000n), reading(1625809000001n, 4295298684n), reading(1625813000000n, 4295298685n)], 250),
    ).toEqual({ base, phaseNs: 0n });
  });

  it('outvotes a reading a tick passed in, and gives up without a majority', () => {
    const good = reading(1_000_000_000n, 1_000_250n);
    const torn = reading(1_003_999_999n, 1_000_251n); // jiffies printed just after the next tick
    expect(jiffyBase([good, good, torn], 250)).toEqual({ base: 1_000_000n, phaseNs: 0n });
    expect(jiffyBase([good, torn], 250)).toBeNull();
    expect(jiffyBase(['no such lines'], 250)).toBeNull();
  });

  it("takes the ticks' phase in the monotonic clock from the tick timer's next expiry", () => {
    // Ticks 1 ms past the 4 ms grid: at 1.0025 s the tick of 1.001 s is the last one, jiffy 1,000,250.
    expect(jiffyBase([reading(1_002_500_000n, 1_000_250n, 1_005_000_000n)], 250)).toEqual({ base: 1_000_000n, phaseNs: 1_000_000n });
  });

  it("puts a wall-clock time on the jiffy whose tick is nearest, through the wall clock's offset from the monotonic one", () => {
    const clock = jiffyClock({ base: 1_000_000n, phaseNs: 0n }, 1_796_000_000_000, 250); // wall = monotonic + 1796000000000 ms
    expect(clock.jiffyAt(1_796_000_000_000 + 1_000)).toBe(1_000_250); // 1 s of monotonic time: 250 ticks
    expect(clock.jiffyAt(1_796_000_000_000 + 1_001.9)).toBe(1_000_250); // within half a tick of it
    expect(clock.jiffyAt(1_796_000_000_000 + 1_002.1)).toBe(1_000_251);
  });
});
