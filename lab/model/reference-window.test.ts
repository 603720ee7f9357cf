import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { hzMatchingSpacing, steadyProbeSpacingMs } from './probe-spacing.ts';
import { modelFromReference } from './reference-window.ts';

const config = (idleS: number, intervalS: number, count: number, userTimeoutMs = 0): KeepaliveConfig => ({
  idleS,
  intervalS,
  count,
  userTimeoutMs,
  setOn: 'listener',
});
const hz = { hz: 250, source: 'kernel-config' as const };

describe('model from the last segment received', () => {
  it('reference + idle + count × interval when interval ≤ idle', () => {
    const model = modelFromReference(config(1, 1, 3), { referenceAt: 10_000, lastProbeAt: 9_999.9, hz });
    expect(model.firstProbeAt).toBe(11_000);
    expect(model.probeTimes).toEqual([11_000, 12_000, 13_000]);
    expect(model.errorAt).toBe(14_000);
  });

  it('the previous probe + interval when interval > idle: the timer was armed then', () => {
    const model = modelFromReference(config(1, 3, 10), { referenceAt: 10_000, lastProbeAt: 9_999.9, hz });
    expect(model.firstProbeAt).toBeCloseTo(12_999.9, 6);
    expect(model.errorAt).toBeCloseTo(42_999.9, 6); // not reference + 31 s
  });

  it('reference + idle when no probe preceded (the last segment was data)', () => {
    expect(modelFromReference(config(5, 3, 3), { referenceAt: 0, hz }).errorAt).toBe(14_000); // Cloudflare's run: RST at 14.299 s
  });

  it.each([
    // tcp-dead-peer.md §2 (idle 1, interval 1, count 3): UT 10000 → 9 probes, ≈10.24 s; UT 1500 → 1 probe, ≈2.03 s
    [10_000, 9, 10_000],
    [1_500, 1, 2_000],
  ])('TCP_USER_TIMEOUT %i: %i probes, nominal error at reference + %i ms', (userTimeoutMs, probes, errorAt) => {
    const model = modelFromReference(config(1, 1, 3, userTimeoutMs), { referenceAt: 0, hz });
    expect(model.mechanism).toBe('user-timeout');
    expect(model.probeTimes).toHaveLength(probes);
    expect(model.errorAt).toBe(errorAt);
  });

  it('allows one timer step of lateness per arm plus the delivery allowance, never earliness', () => {
    const model = modelFromReference(config(1, 1, 3), { referenceAt: 0, hz });
    expect(model.latestAt - model.errorAt).toBeCloseTo(5 * 36 + 25, 9);
  });
});

describe('HZ from probe spacing', () => {
  it.each([
    [1000, 250, 1024],
    [3000, 250, 3072],
    [1000, 1000, 1024],
    [3000, 1000, 3008],
    [1000, 100, 1040],
    [1000, 300, 1013.333],
  ])('an interval of %i ms at HZ %i gives steady probes %f ms apart', (intervalMs, hzValue, spacing) => {
    expect(steadyProbeSpacingMs(intervalMs, hzValue)).toBeCloseTo(spacing, 3);
  });

  it('tells HZ 250 from 1000 with a 3 s interval, not with a 1 s one', () => {
    expect(hzMatchingSpacing([3072.01, 3071.99, 3072.0], 3000)).toEqual([250]);
    expect(hzMatchingSpacing([1024.0, 1024.01], 1000)).toEqual([250, 1000]);
    expect(hzMatchingSpacing([1100], 1000)).toEqual([]);
  });
});
