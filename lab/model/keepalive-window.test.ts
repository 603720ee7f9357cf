import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { OBSERVATION_ALLOWANCE_MS } from './allowances.ts';
import { expectedKeepaliveWindow } from './keepalive-window.ts';
import { maxTimerLatenessMs } from './timer-wheel.ts';

const config = (idleS: number, intervalS: number, count: number, userTimeoutMs = 0): KeepaliveConfig => ({
  idleS,
  intervalS,
  count,
  userTimeoutMs,
  setOn: 'listener',
});
const at250 = { hz: { hz: 250, source: 'kernel-config' as const }, faultSpanMs: 0 };

describe('expected keepalive window, from the fault', () => {
  it("spans count × interval to idle + count × interval when interval ≤ idle (article's second experiment)", () => {
    const window = expectedKeepaliveWindow(config(1, 1, 10), at250);
    expect([window.nominalEarliestMs, window.nominalLatestMs]).toEqual([10_000, 11_000]);
    expect(window.mechanism).toBe('keepalive');
  });

  it('uses the interval as the probe period when interval > idle: 1/3/10 ends by 33 s, not 31 s', () => {
    const window = expectedKeepaliveWindow(config(1, 3, 10), at250);
    expect([window.nominalEarliestMs, window.nominalLatestMs]).toEqual([30_000, 33_000]);
  });

  it('adds each timer arm its worst rounding, plus the stated delivery allowance', () => {
    const window = expectedKeepaliveWindow(config(1, 1, 3), at250);
    const perArm = maxTimerLatenessMs(1000, 250);
    expect(window.timerRoundingMs).toBeCloseTo(perArm * (2 + 3), 9); // idle arm + interval arm + 3 probes
    expect(window.latestMs).toBeCloseTo(4000 + window.timerRoundingMs + OBSERVATION_ALLOWANCE_MS, 9);
  });

  it("never moves the earliest bound (timers never fire early, and times count from the injection's start); the span goes on the latest", () => {
    const window = expectedKeepaliveWindow(config(1, 1, 3), { ...at250, faultSpanMs: 6.5 });
    expect(window.earliestMs).toBe(3000);
    expect(window.latestMs).toBeCloseTo(expectedKeepaliveWindow(config(1, 1, 3), { ...at250, faultSpanMs: 0 }).latestMs + 6.5, 9);
  });

  it('takes the worst of the common HZ values when HZ is unknown', () => {
    const unknown = expectedKeepaliveWindow(config(1, 3, 10), { hz: { hz: null, source: 'unknown' }, faultSpanMs: 0 });
    for (const hz of [100, 250, 300, 1000]) {
      const known = expectedKeepaliveWindow(config(1, 3, 10), { hz: { hz, source: 'kernel-config' }, faultSpanMs: 0 });
      expect(unknown.latestMs).toBeGreaterThanOrEqual(known.latestMs);
    }
  });

  it('lets TCP_USER_TIMEOUT replace the count: death at the first tick past the user timeout', () => {
    // tcp-dead-peer.md §2: idle 1, interval 1, count 3, user timeout 10 s → 9 probes, ETIMEDOUT ≈ 10.24 s
    const window = expectedKeepaliveWindow(config(1, 1, 3, 10_000), at250);
    expect(window.mechanism).toBe('user-timeout');
    expect(window.nominalEarliestMs).toBe(9_000);
    expect(window.nominalLatestMs).toBe(11_000);
    expect(window.nominalEarliestMs).toBeGreaterThan(4_000); // far past idle + count × interval: count is ignored
  });

  it('needs at least one probe before a short user timeout can fire', () => {
    const window = expectedKeepaliveWindow(config(1, 1, 3, 1_500), at250);
    expect(window.nominalEarliestMs).toBe(1_000);
  });
});
