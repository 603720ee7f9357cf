import { describe, expect, it } from 'vitest';
import type { ApplicationLine } from '../observe/application-log.ts';
import { summarizeApplication } from './application-summary.ts';

const line = (t: number, event: string, fields: Partial<ApplicationLine> = {}): ApplicationLine => ({ t, event, ...fields });
const times = { faultAt: 1_000, healedAt: 13_000, endAt: 20_000, requestTimeoutMs: 5_000 };

describe('what the application saw', () => {
  it('a paused server: the error event at the keepalive abort, the queued request hangs until after the heal', () => {
    const lines = [
      line(500, 'request', { id: 1 }),
      line(501, 'answer', { id: 1 }),
      line(11_900, 'error', { code: 'ETIMEDOUT', message: 'read ETIMEDOUT' }),
      line(12_000, 'request', { id: 2 }),
      line(14_200, 'answer', { id: 2 }),
    ];
    expect(summarizeApplication(lines, times)).toEqual({
      firstErrorMs: 10_900,
      error: { code: 'ETIMEDOUT', message: 'read ETIMEDOUT', surfacedAs: 'an error event' },
      hungMs: null,
      healedAtMs: 12_000,
      recoveredMs: 13_200,
      requests: { sent: 1, ok: 1, failed: 0, hung: 0 },
      requestTimeoutMs: 5_000,
    });
  });

  it('a frozen server: no error at all, and a request unanswered until the heal hung for as long', () => {
    const lines = [line(2_000, 'request', { id: 1 }), line(8_500, 'request', { id: 2 }), line(13_010, 'answer', { id: 1 }), line(13_011, 'answer', { id: 2 })];
    const summary = summarizeApplication(lines, times);
    expect(summary.firstErrorMs).toBeNull();
    expect(summary.error).toBeNull();
    expect(summary.hungMs).toBe(11_010);
    expect(summary.requests).toEqual({ sent: 2, ok: 2, failed: 0, hung: 1 });
    expect(summary.recoveredMs).toBe(12_010);
  });

  it('a request never answered waited until the end of the watch; a rejected one counts as failed, and first', () => {
    const lines = [line(2_000, 'request', { id: 1 }), line(3_000, 'request', { id: 2 }), line(4_000, 'failed', { id: 2, code: 'ECONNRESET', message: 'x' })];
    const summary = summarizeApplication(lines, { ...times, healedAt: null });
    expect(summary.hungMs).toBe(18_000);
    expect(summary.requests).toEqual({ sent: 2, ok: 0, failed: 1, hung: 1 });
    expect(summary.error?.surfacedAs).toBe('a failed request');
    expect(summary.recoveredMs).toBeNull();
    expect(summary.healedAtMs).toBeNull();
  });
});
