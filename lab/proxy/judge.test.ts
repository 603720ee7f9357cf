import { describe, expect, it } from 'vitest';
import { type CloseRecord, closeWindow, judgeProxy, NEVER_SENT } from './judge.ts';
import type { ProxyPlan } from './plan.ts';
import { type ProxyLogRecord, proxyLogRecord, terminationMeaning } from './proxy-log.ts';

const hz = { hz: 250, source: 'kernel-config' } as const;
const plan: ProxyPlan = { timeoutS: 5, keepaliveOn: 'none', requestAfterS: 7.5, probesExpected: false };
const closed = (idleMs: number | null, more: Partial<CloseRecord> = {}): CloseRecord => ({
  idleMs,
  by: idleMs === null ? null : 'proxy',
  signal: idleMs === null ? null : 'fin',
  probes: { sent: 0, answered: 0 },
  ...more,
});
const ACCEPTED = Date.UTC(2026, 11, 8, 1, 11, 25, 73);
const log: ProxyLogRecord = {
  line: '172.19.0.3:40368 [08/Dec/2026:01:11:25.073] relay relay/upstream 1/1/5009 4 cD 1/1/0/0/0 0/0',
  termination: 'cD',
  endedAt: ACCEPTED + 5009,
};
const judge = (close: CloseRecord, p = plan, l = log, next: Parameters<typeof judgeProxy>[3] = null) => judgeProxy(p, close, l, next, closeWindow(p, hz));

describe('judgeProxy', () => {
  it('passes a close by the proxy at its timeout from the last data, its log naming an idle timeout', () => {
    expect(judge(closed(5_002))).toMatchObject({ verdict: 'pass', reason: expect.stringContaining('5.002 s after its last data') });
  });

  it('holds the close to the timeout: its 1 ms tick early, the tick and the observation allowance late', () => {
    expect(closeWindow(plan, hz)).toMatchObject({ earliestMs: 4_999, latestMs: 5_026, mechanism: 'fin', reference: 'last-data' });
    expect(judge(closed(4_990)).verdict).toBe('fail');
    expect(judge(closed(5_030)).reason).toContain('outside 4.999 … 5.026 s');
  });

  it('widens the late side by as long as some task waited for a CPU between the timeout and the close, and no more', () => {
    const window = closeWindow(plan, hz, 80);
    expect([window.latestMs, window.lateTicksMs]).toEqual([5_106, 80]);
    expect(judgeProxy(plan, closed(5_100), log, null, window).reason).toContain('some task waited 80 ms for a CPU after it');
    expect(judgeProxy(plan, closed(5_110), log, null, window).verdict).toBe('fail');
    expect(closeWindow(plan, hz, 0).lateTicksMs).toBeUndefined();
  });

  it('fails a connection never closed, and one the client closed itself', () => {
    expect(judge(closed(null)).reason).toContain('never closed');
    expect(judge(closed(3_900, { by: 'client' })).reason).toContain('the client closed its connection itself (FIN) 3.900 s into the silence');
  });

  it('fails a reset from the proxy: its idle timeout closes with a FIN', () => {
    expect(judge(closed(5_002, { signal: 'rst' })).reason).toContain('the proxy reset the connection (RST)');
  });

  it("fails a close the proxy's log does not call an idle timeout in the data phase", () => {
    expect(judge(closed(5_002), plan, { line: 'x', termination: 'SD', endedAt: null }).reason).toContain('says SD');
    expect(judge(closed(5_002), plan, { line: 'x', termination: 'sC', endedAt: null }).reason).toContain('not an idle timeout (cD or sD)');
    expect(judge(closed(5_002), plan, { line: null, termination: null, endedAt: null }).reason).toContain('no line');
  });

  it("with the client's keepalive under the timeout, wants its probes on the wire, answered", () => {
    const on = { ...plan, keepaliveOn: 'client' as const, probesExpected: true };
    expect(judge(closed(5_002), on).reason).toContain('sent no probe');
    expect(judge(closed(5_002, { probes: { sent: 2, answered: 1 } }), on).reason).toContain('1 of');
    expect(judge(closed(5_002, { probes: { sent: 2, answered: 2 } }), on)).toMatchObject({
      verdict: 'pass',
      reason: expect.stringContaining("2 keepalive probes were answered by the proxy's kernel and did not keep it"),
    });
  });

  it("wants an application's next request answered on a new connection", () => {
    const next = { outcome: 'answered', afterTheClose: true, newConnection: true };
    expect(judge(closed(5_002), plan, log, next).verdict).toBe('pass');
    expect(judge(closed(5_002), plan, log, { ...next, newConnection: false }).reason).toContain('no new connection');
    expect(judge(closed(5_002), plan, log, { ...next, outcome: 'ECONNRESET', newConnection: false }).reason).toContain('ended ECONNRESET');
    expect(judge(closed(5_002), plan, log, { ...next, afterTheClose: false }).reason).toContain('went out before the proxy closed');
    expect(judge(closed(5_002), plan, log, { outcome: NEVER_SENT, afterTheClose: false, newConnection: false }).reason).toBe(
      'the application sent no request after the silence',
    );
  });
});

describe("the proxy's log", () => {
  it('says what a termination state means', () => {
    expect(terminationMeaning('cD')).toBe('cD: the client-side timeout expired (timeout client), in the data phase');
    expect(terminationMeaning('sC')).toBe('sC: the server-side timeout expired (timeout server), connecting to the server');
  });

  it("finds the client's session by its address, and reads the termination state", () => {
    const text = `172.19.0.9:1 [x] relay relay/upstream 1/0/10 2 -- 1/1/0/0/0 0/0\n${log.line}\n`;
    expect(proxyLogRecord(text, '172.19.0.3:40368')).toEqual(log);
    expect(proxyLogRecord(text, '172.19.0.3:1')).toEqual({ line: null, termination: null, endedAt: null });
  });
});
