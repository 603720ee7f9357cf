// The keepalive timer's chain in jiffies, from a probe the peer answered at jiffy B: what the kernel does next.
import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { keepaliveJiffies, sendingTicks, unansweredChain } from './keepalive-chain.ts';
import { bucketExpiry, rearmedExpiry } from './timer-wheel.ts';

const config = (idleS: number, intervalS: number, count: number, userTimeoutMs = 0): KeepaliveConfig => ({
  idleS,
  intervalS,
  count,
  userTimeoutMs,
  setOn: 'listener',
});
/** The state right after a probe sent at jiffy `b` and answered in the same jiffy. */
const afterAnswered = (settings: ReturnType<typeof keepaliveJiffies>, b: number) => ({
  firesAt: rearmedExpiry(b, settings.interval),
  lastReceived: b,
  probesOut: 0,
});
const B = 64 * 1000; // a probe fired from a level-2 bucket: on every coarser boundary the chain uses

describe('the timer wheel arm', () => {
  it('rounds up to the next bucket of the level the delay falls in, a jiffy even on level 0', () => {
    expect(bucketExpiry(100 + 10, 100)).toBe(111); // level 0
    expect(bucketExpiry(100 + 250, 100)).toBe(352); // level 1: next 8-jiffy boundary after 350
    expect(bucketExpiry(0 + 750, 0)).toBe(768); // level 2: 64
  });

  it('re-armed from its callback, a 1 s interval at HZ 250 ticks every 1.024 s and 3 s every 3.072 s', () => {
    expect(rearmedExpiry(B, 250) - B).toBe(256);
    expect(rearmedExpiry(B, 750) - B).toBe(768);
  });

  it('chooses the level from the delay minus one in the callback (the wheel clock is one ahead)', () => {
    expect(rearmedExpiry(B, 63) - B).toBe(64); // delta 62: level 0, one jiffy late
    expect(rearmedExpiry(B, 64) - B).toBe(72); // delta 63: level 1
  });
});

describe('the keepalive chain (tcp_keepalive_timer)', () => {
  it('1/3/10 at HZ 250: ten probes 3.072 s apart, the abort on the eleventh tick', () => {
    const settings = keepaliveJiffies(config(1, 3, 10), 250);
    const chain = unansweredChain(settings, afterAnswered(settings, B));
    expect(chain.probes.map((j) => j - B)).toEqual(Array.from({ length: 10 }, (_, k) => 768 * (k + 1)));
    expect(chain.abortAt - B).toBe(768 * 11); // 33.792 s after the last answered probe
  });

  it('2/1/4 at HZ 250 (interval < idle): an interval tick that waits out the rest of idle, then probes 1.024 s apart', () => {
    const settings = keepaliveJiffies(config(2, 1, 4), 250);
    const chain = unansweredChain(settings, afterAnswered(settings, B));
    // 256: 1.024 s < idle, re-armed for 244 jiffies → the 8-jiffy boundary after 500 → 504.
    expect(chain.probes.map((j) => j - B)).toEqual([504, 760, 1016, 1272]);
    expect(chain.abortAt - B).toBe(1528);
  });

  it('a user timeout the interval does not divide: the kernel compares the real silence, 4 probes and 5.120 s, not 5 and 6 s', () => {
    const settings = keepaliveJiffies(config(1, 1, 3, 5_100), 250);
    expect(settings.userTimeout).toBe(1275);
    const chain = unansweredChain(settings, afterAnswered(settings, B));
    expect(chain.probes.map((j) => j - B)).toEqual([256, 512, 768, 1024]);
    expect(chain.abortAt - B).toBe(1280);
  });

  it('an answer resets the probes out: answered probes go on every interval, and the abort counts from the last answer', () => {
    const settings = keepaliveJiffies(config(1, 1, 3), 250);
    const answers = [B + 256.1, B + 512.1]; // the first two probes answered within their jiffy
    const ticks = [...sendingTicks(settings, afterAnswered(settings, B), answers)];
    expect(ticks.map((tick) => [tick.at - B, tick.sent])).toEqual([
      [256, 'send'],
      [512, 'send'],
      [768, 'send'],
      [1024, 'send'],
      [1280, 'send'],
      [1536, 'abort'],
    ]);
  });

  it.each([
    // [HZ, interval s, steady spacing in jiffies]
    [100, 1, 104],
    [100, 3, 304],
    [300, 1, 304],
    [300, 3, 960],
    [1000, 1, 1024],
    [1000, 3, 3008],
  ])('at HZ %i a %i s interval is %i jiffies from tick to tick', (hz, intervalS, spacing) => {
    const settings = keepaliveJiffies(config(1, intervalS, 3), hz);
    const chain = unansweredChain(settings, afterAnswered(settings, B));
    expect(chain.probes[1]! - chain.probes[0]!).toBe(spacing);
  });
});
