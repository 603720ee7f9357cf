import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { retransmissionBounds, retransmissionTimeoutMs } from './retransmission-window.ts';

const config = (userTimeoutMs = 0): KeepaliveConfig => ({ idleS: 1, intervalS: 1, count: 3, userTimeoutMs, setOn: 'listener' });
const hz = { hz: 250, source: 'kernel-config' as const };

describe('retransmission limit', () => {
  it('is 200 ms × (2^(retries2 + 1) − 1): 12.6 s for 5, 924.6 s for the default 15 (tcp-dead-peer.md §2)', () => {
    expect(retransmissionTimeoutMs(5)).toBe(12_600);
    expect(retransmissionTimeoutMs(15)).toBe(924_600); // the backoff is capped at TCP_RTO_MAX past 9
    expect(retransmissionTimeoutMs(9)).toBe(204_600);
    expect(retransmissionTimeoutMs(10)).toBe(324_600);
  });

  it('ends between T and 2T + 2 × RTO after the first retransmission, plus rounding and delivery', () => {
    const bounds = retransmissionBounds(config(), 5, hz, 208);
    expect(bounds.mechanism).toBe('retransmission');
    expect(bounds.earliestMs).toBe(12_600);
    expect(bounds.latestMs).toBeCloseTo(2 * 12_600 + 2 * 208 + bounds.timerRoundingMs + 25, 9);
  });

  it('with TCP_USER_TIMEOUT, ends on the clamped tick at the user timeout, late by one timer step at most', () => {
    const bounds = retransmissionBounds(config(3_000), 5, hz);
    expect([bounds.mechanism, bounds.earliestMs, bounds.latestMs]).toEqual(['user-timeout', 3_000, 3_000 + 260 + 25]);
  });
});
