import { describe, expect, it } from 'vitest';
import type { EntryLife } from '../observe/conntrack.ts';
import { describeRequest, judgeRequest, type RequestRecord, requestOnWire } from './judge.ts';
import { CLIENT, MASQ, packet, ROUTER, SERVER } from './fixtures/wire.ts';
import type { MiddleboxPlan } from './plan.ts';

const HANDSHAKE = 1_000_000;
const SENT = HANDSHAKE + 15_000;
const plan = (more: Partial<MiddleboxPlan>): MiddleboxPlan => ({
  natTimeoutS: 5,
  mode: 'drop',
  keepaliveOn: 'none',
  requestAfterS: 15,
  marginS: null,
  expected: 'ETIMEDOUT',
  ...more,
});
const forgotten: EntryLife = {
  seenFrom: HANDSHAKE + 200,
  refreshes: [],
  lastSeen: { t: HANDSHAKE + 4_930, timeoutS: 0 },
  expired: { earliest: HANDSHAKE + 4_930, latest: HANDSHAKE + 5_194 },
  goneBy: HANDSHAKE + 5_194,
};
const kept: EntryLife = {
  seenFrom: HANDSHAKE + 200,
  refreshes: [2_060, 4_170, 6_280].map((t) => HANDSHAKE + t),
  lastSeen: { t: SENT - 40, timeoutS: 4 },
  expired: null,
  goneBy: null,
};
const wire = (more: Partial<RequestRecord['wire']> = {}) => ({ answered: false, resetBy: null, retransmissions: 0, unansweredProbes: 0, ...more });
const moments = { handshakeAt: HANDSHAKE, mattersAt: SENT };
const atOnce = { earliestMs: 0, latestMs: 1_000, reference: 'fault' as const };
const limit = { earliestMs: 3_204, latestMs: 7_900, reference: 'first-retransmission' as const };

describe('judgeRequest', () => {
  it('passes a request dropped into silence, with the retransmissions on the wire and the entry gone before it', () => {
    const request = { sentAtMs: 15_000, outcome: 'ETIMEDOUT', atMs: 6_625, wire: wire({ retransmissions: 5 }) };
    expect(judgeRequest(plan({}), request, forgotten, moments, limit)).toEqual({
      verdict: 'pass',
      reason:
        "the request ended ETIMEDOUT 6.625 s after it was sent — sent after 15 s of silence (keepalive off): the router's entry for the flow expired 4.930 s … 5.194 s after the handshake, before it mattered (drop mode)",
    });
  });

  it('passes an answered request while keepalive refreshed the entry', () => {
    const request = { sentAtMs: 15_000, outcome: 'answered', atMs: 1.5, wire: wire({ answered: true }) };
    const judged = judgeRequest(plan({ keepaliveOn: 'server', marginS: 3, expected: 'answered' }), request, kept, moments, atOnce);
    expect(judged).toEqual({
      verdict: 'pass',
      reason:
        "the request was answered 1.5 ms after it was sent — sent after 15 s of silence: keepalive on the server side, idle 2 s, 3 s under the router's 5 s NAT timeout, refreshed its entry 3 times",
    });
  });

  it('fails another outcome than the mode gives, and says what it should have been', () => {
    const request = { sentAtMs: 15_000, outcome: 'answered', atMs: 1.5, wire: wire({ answered: true }) };
    expect(judgeRequest(plan({ mode: 'reset', expected: 'ECONNRESET' }), request, forgotten, moments, atOnce)).toEqual({
      verdict: 'fail',
      reason: 'the request was answered 1.5 ms after it was sent where reset mode should give ECONNRESET',
    });
  });

  it('fails the expected outcome when the wire does not show it', () => {
    const request = { sentAtMs: 15_000, outcome: 'ECONNRESET', atMs: 1.4, wire: wire() };
    expect(judgeRequest(plan({ mode: 'reset', expected: 'ECONNRESET' }), request, forgotten, moments, atOnce).reason).toMatch(
      /as expected, but the client's wire shows no RST$/,
    );
  });

  it('fails the expected outcome when the router still held the flow: the silence was not what was tested', () => {
    const request = { sentAtMs: 15_000, outcome: 'ETIMEDOUT', atMs: 6_625, wire: wire({ retransmissions: 5 }) };
    expect(judgeRequest(plan({}), request, kept, moments, limit).reason).toMatch(/the router still held the flow when it mattered/);
  });

  it("fails a dropped request that ended outside the retransmission limit's window", () => {
    const request = { sentAtMs: 15_000, outcome: 'ETIMEDOUT', atMs: 12_400, wire: wire({ retransmissions: 6 }) };
    expect(judgeRequest(plan({}), request, forgotten, moments, limit).reason).toBe(
      'the request ended ETIMEDOUT 12.400 s after it was sent as expected, but outside the window it should end in, 3.204 … 7.900 s after it was sent (the retransmission limit, counted from the first retransmission)',
    );
  });

  it('fails an answer when the router forgot a flow keepalive should have kept', () => {
    const request = { sentAtMs: 15_000, outcome: 'answered', atMs: 1.5, wire: wire({ answered: true }) };
    expect(judgeRequest(plan({ keepaliveOn: 'server', marginS: 3, expected: 'answered', mode: 'loose' }), request, forgotten, moments, atOnce).reason).toMatch(
      /the router forgot the flow \(gone by 5\.194 s after the handshake\) though keepalive should have kept it/,
    );
  });

  it("passes a request that never went out because the client's own keepalive ended the connection first", () => {
    const request = { sentAtMs: null, outcome: 'ETIMEDOUT', atMs: -3_694, wire: wire({ unansweredProbes: 3 }) };
    const judged = judgeRequest(plan({ keepaliveOn: 'client', marginS: -3 }), request, forgotten, { handshakeAt: HANDSHAKE, mattersAt: SENT - 3_694 }, limit);
    expect(judged.verdict).toBe('pass');
    expect(judged.reason).toMatch(
      /^the request never went out: the client's connection ended ETIMEDOUT 3\.694 s before it was due — due after 15 s of silence/,
    );
  });
});

describe('describe', () => {
  it('says how a request ended, in the unit that reads best', () => {
    expect(describeRequest({ sentAtMs: 15_000, outcome: 'ECONNRESET', atMs: 0.93, wire: wire() })).toBe('ended ECONNRESET 0.9 ms after it was sent');
    expect(describeRequest({ sentAtMs: 15_000, outcome: 'none', atMs: null, wire: wire() })).toBe('ended none');
  });
});

describe('requestOnWire', () => {
  it('sees an answer to the request', () => {
    const client = {
      endpoint: CLIENT,
      packets: [
        packet(10, 'data', ROUTER, CLIENT, { length: 4 }),
        packet(100, 'data', CLIENT, ROUTER, { length: 4 }),
        packet(101, 'data', ROUTER, CLIENT, { length: 4 }),
      ],
    };
    expect(requestOnWire(client, { endpoint: SERVER, packets: [] }, 100)).toEqual({ answered: true, resetBy: null, retransmissions: 0, unansweredProbes: 0 });
  });

  it("tells the router's reset from the server's by the server's own wire", () => {
    const client = { endpoint: CLIENT, packets: [packet(100, 'data', CLIENT, ROUTER, { length: 4 }), packet(101, 'rst', ROUTER, CLIENT)] };
    expect(requestOnWire(client, { endpoint: SERVER, packets: [] }, 100).resetBy).toBe('router');
    expect(requestOnWire(client, { endpoint: SERVER, packets: [packet(100.5, 'rst', SERVER, MASQ)] }, 100).resetBy).toBe('server');
  });

  it('counts retransmissions, and keepalive probes sent after the last packet received', () => {
    const client = {
      endpoint: CLIENT,
      packets: [
        packet(50, 'keepalive-probe', CLIENT, ROUTER),
        packet(51, 'probe-answer', ROUTER, CLIENT),
        packet(60, 'keepalive-probe', CLIENT, ROUTER),
        packet(70, 'keepalive-probe', CLIENT, ROUTER),
        packet(100, 'data', CLIENT, ROUTER, { length: 4 }),
        packet(300, 'retransmission', CLIENT, ROUTER, { length: 4 }),
      ],
    };
    expect(requestOnWire(client, { endpoint: SERVER, packets: [] }, 0)).toEqual({ answered: false, resetBy: null, retransmissions: 1, unansweredProbes: 2 });
    expect(requestOnWire(client, { endpoint: SERVER, packets: [] }, 100).unansweredProbes).toBe(0); // only what came after the request counts
  });
});
