// How the application would name an ending the wire shows.
import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { outcomeOfAgentEvent, outcomeOnTheWire } from './outcome.ts';
import type { IcmpArrival, WireAnalysis } from './wire-analysis.ts';

const config: KeepaliveConfig = { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' };
const wire = (more: Partial<WireAnalysis>): WireAnalysis => ({
  probes: [],
  answersToPeer: [],
  zeroWindowProbes: [],
  retransmissions: 0,
  retransmittedAt: [],
  icmpErrors: [],
  packets: 20,
  ...more,
});
const unanswered = [
  { t: 1000, answered: false },
  { t: 2000, answered: false },
  { t: 3000, answered: false },
];
const unreachable = (t: number, inWindow: boolean): IcmpArrival => ({ t, type: 3, code: 1, v6: false, inWindow });

describe('the outcome on the wire', () => {
  it("names the observer's RST after unanswered probes ETIMEDOUT, by keepalive", () => {
    expect(outcomeOnTheWire(wire({ probes: unanswered, ending: { t: 4000, kind: 'rst', by: 'observer' } }), undefined, config, 0)).toEqual({
      outcome: 'ETIMEDOUT',
      at: 4000,
      seenBy: 'wire',
      uncertaintyMs: 0,
      mechanism: 'keepalive',
    });
  });

  it("names the peer's RST ECONNRESET and its FIN end; the observer's own FIN is its application closing", () => {
    expect(outcomeOnTheWire(wire({ ending: { t: 900, kind: 'rst', by: 'peer' } }), undefined, config, 0)).toMatchObject({
      outcome: 'ECONNRESET',
      mechanism: 'reset',
    });
    expect(outcomeOnTheWire(wire({ ending: { t: 5, kind: 'fin', by: 'peer' } }), undefined, config, 0)).toMatchObject({ outcome: 'end', mechanism: 'fin' });
    expect(outcomeOnTheWire(wire({ ending: { t: 5, kind: 'fin', by: 'observer' } }), undefined, config, 0)).toMatchObject({
      outcome: 'close',
      mechanism: 'close',
    });
  });

  it('takes an ending without a packet from the abort the namespace counted, known to within the sampling gap', () => {
    const busy = wire({ retransmissions: 5 });
    expect(outcomeOnTheWire(busy, { at: 13_400, gapMs: 18, keepaliveProbes: 0 }, config, 0)).toEqual({
      outcome: 'ETIMEDOUT',
      at: 13_400,
      seenBy: 'counters',
      uncertaintyMs: 18,
      mechanism: 'retransmission',
    });
    expect(outcomeOnTheWire(busy, { at: 13_400, gapMs: 18, keepaliveProbes: 0 }, { ...config, userTimeoutMs: 3000 }, 0).mechanism).toBe('user-timeout');
    expect(outcomeOnTheWire(busy, undefined, config, 0)).toMatchObject({ outcome: 'alive', at: null, mechanism: 'none' });
  });

  it('fails with the soft error an in-window ICMP left before the abort, and ignores those about probes or after it', () => {
    const ending = { t: 4000, kind: 'rst', by: 'observer' } as const;
    expect(outcomeOnTheWire(wire({ retransmissions: 3, ending, icmpErrors: [unreachable(1000, true)] }), undefined, config, 0).outcome).toBe('EHOSTUNREACH');
    expect(outcomeOnTheWire(wire({ probes: unanswered, ending, icmpErrors: [unreachable(1000, false)] }), undefined, config, 0).outcome).toBe('ETIMEDOUT');
    expect(outcomeOnTheWire(wire({ probes: unanswered, ending, icmpErrors: [unreachable(4000.1, true)] }), undefined, config, 0).outcome).toBe('ETIMEDOUT');
  });
});

describe('the outcome from the agent, without a capture', () => {
  it('takes the code of its terminal event', () => {
    expect(outcomeOfAgentEvent({ t: 7, role: 'server', event: 'error', code: 'ECONNRESET' }, config)).toMatchObject({
      outcome: 'ECONNRESET',
      seenBy: 'agent',
      mechanism: 'reset',
    });
    expect(outcomeOfAgentEvent(null, config).outcome).toBe('alive');
  });
});
