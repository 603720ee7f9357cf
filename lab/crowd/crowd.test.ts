// The crowd judged connection by connection, on a synthetic capture of thousands of connections (each with its
// own phase on the HZ 250 timer grid), and the plan that spreads them over client containers.
import { describe, expect, it } from 'vitest';
import type { InjectedFault } from '../faults/fault.ts';
import { connectionKey, endpoint } from '../observe/endpoint.ts';
import { type SyntheticSegment, syntheticPcap } from '../observe/synthetic-pcap.ts';
import { analyseCrowd, type CrowdAnalysisContext } from './analyse.ts';
import { planCrowd } from './plan.ts';
import { crowdJudgement, summarizeConnections } from './result.ts';

const T0 = 1_800_000_000_000;
const SERVER = { ip: '10.0.0.2', port: 7000 };
const LIVE_IP = '10.0.0.3';
const DEAD_IP = '10.0.0.4';
const FAULT_AT = T0 + 3_000;
const CAPTURE_END = T0 + 8_000;

/** One connection's packets at 1/1/3, HZ 250: probes every 1.024 s on its own phase; a dead one's go unanswered from the fault on. */
function connection(index: number, dead: boolean, tweak: { rstLateMs?: number; resetLive?: boolean } = {}): SyntheticSegment[] {
  const client = { ip: dead ? DEAD_IP : LIVE_IP, port: 20_000 + index };
  const [c, s] = [1_000 + index, 5_000_000 + index];
  const at = T0 + index * 0.2;
  const from = (t: number, flags: SyntheticSegment['flags'], seq: number, ack: number, payload = 0, reverse = false): SyntheticSegment => ({
    t,
    from: reverse ? SERVER : client,
    to: reverse ? client : SERVER,
    flags,
    seq,
    ack,
    payload,
  });
  const segments = [
    from(at, { syn: true }, c, 0),
    from(at + 0.05, { syn: true, ack: true }, s, c + 1, 0, true),
    from(at + 0.1, { ack: true }, c + 1, s + 1),
    from(at + 2, { ack: true, psh: true }, s + 1, c + 1, 4, true),
    from(at + 2.05, { ack: true }, c + 1, s + 5),
  ];
  const first = T0 + 1_000 + 32 * (index % 30); // on the 8-jiffy grid of a level-1 timer
  for (let probe = first; probe < CAPTURE_END; probe += 1_024) {
    const answered = !dead || probe < FAULT_AT;
    if (dead && probe === first + 5 * 1_024) {
      // two answered, three unanswered, then the abort
      segments.push(from(probe + (tweak.rstLateMs ?? 0), { rst: true, ack: true }, s + 5, c + 1, 0, true)); // the abort
      break;
    }
    segments.push(from(probe, { ack: true }, s + 4, c + 1, 0, true));
    if (answered) segments.push(from(probe + 0.08, { ack: true }, c + 1, s + 5));
  }
  if (tweak.resetLive) segments.push(from(T0 + 5_000, { rst: true, ack: true }, c + 1, s + 5));
  return segments;
}

function crowdCapture(count: number, tweaks: Record<number, Parameters<typeof connection>[2]> = {}) {
  const segments = Array.from({ length: count }, (_, i) => connection(i, i % 2 === 1, tweaks[i]))
    .flat()
    .sort((a, b) => a.t - b.t);
  const keyOf = (i: number) => connectionKey(endpoint(SERVER.ip, SERVER.port), endpoint(i % 2 === 1 ? DEAD_IP : LIVE_IP, 20_000 + i));
  const established = new Set(
    Array.from({ length: count }, (_, i) => i)
      .filter((i) => i % 2 === 0 && !tweaks[i]?.resetLive)
      .map(keyOf),
  );
  return { pcap: syntheticPcap(segments), established };
}

function context(established: Set<string>): CrowdAnalysisContext {
  const fault: InjectedFault = { at: FAULT_AT, spanMs: 5, evidence: async () => ({}), heal: async () => {} };
  return {
    topology: {
      server: { role: 'server', name: 's', id: 's', ip: SERVER.ip, container: undefined as never },
      port: SERVER.port,
      clients: [
        {
          group: { name: 'client-live-1', dead: false, connections: 0, connectRate: 1 },
          container: { role: 'client', name: 'l', id: 'l', ip: LIVE_IP, container: undefined as never },
        },
        {
          group: { name: 'client-dead-1', dead: true, connections: 0, connectRate: 1 },
          container: { role: 'client', name: 'd', id: 'd', ip: DEAD_IP, container: undefined as never },
        },
      ],
    },
    established,
    faults: new Map([['client-dead-1', fault]]),
    config: { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
    expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
    hz: { hz: 250, source: 'kernel-config' },
    roles: { observer: 'server', peer: 'client' },
    observedForMs: CAPTURE_END - FAULT_AT,
    strict: true,
  };
}

describe('a crowd judged connection by connection', () => {
  it('4,000 connections, 2,000 dead: every dead one inside its own window after 3 unanswered probes, every live one answered', () => {
    const { pcap, established } = crowdCapture(4_000);
    const analysis = analyseCrowd({ pcap }, context(established));
    expect(analysis.verdicts).toHaveLength(4_000);
    const summary = summarizeConnections(analysis.verdicts, { total: 4_000, dead: 2_000 });
    expect(summary).toMatchObject({
      total: 4_000,
      dead: 2_000,
      detected: 2_000,
      detectedInWindow: 2_000,
      liveDropped: 0,
      deadStillEstablished: 0,
      seenOnWire: 4_000,
    });
    const dead = analysis.verdicts.filter((verdict) => verdict.dead);
    expect(dead.every((verdict) => verdict.outcome === 'ETIMEDOUT' && verdict.mechanism === 'keepalive' && verdict.probes === 3)).toBe(true);
    // Each on its own phase: the dead ones' 15 phases, 32 ms apart, spread the detections over 0.896 s.
    expect(summary.detectionMs!.max - summary.detectionMs!.min).toBeCloseTo(14 * 2 * 32, 3);
    expect(crowdJudgement(analysis.verdicts, summary, false)).toEqual({
      verdict: 'pass',
      reason: expect.stringMatching(/^all 2000 dead connections detected inside their windows \(median .*\); none of the 2000 live ones dropped$/),
    });
  });

  it('names the connections that failed, by their 4-tuple and why: a late abort, a live connection reset', () => {
    const { pcap, established } = crowdCapture(200, { 7: { rstLateMs: 300 }, 10: { resetLive: true } });
    const analysis = analyseCrowd({ pcap }, context(established));
    const summary = summarizeConnections(analysis.verdicts, { total: 200, dead: 100 });
    expect([summary.detectedInWindow, summary.liveDropped]).toEqual([99, 1]);
    const judged = crowdJudgement(analysis.verdicts, summary, false);
    expect(judged.verdict).toBe('fail');
    expect(judged.reason).toMatch(
      /^2 of 200 connections failed — 10\.0\.0\.4:20007 \(dead\): ETIMEDOUT came .* after the latest .*; 10\.0\.0\.3:20010 \(live\): a live connection was ended by a RST from the client$/,
    );
  });

  it('says which connections never showed their handshake', () => {
    const { pcap, established } = crowdCapture(10);
    const analysis = analyseCrowd({ pcap }, context(established));
    expect(crowdJudgement(analysis.verdicts, summarizeConnections(analysis.verdicts, { total: 12, dead: 6 }), false).reason).toMatch(
      /^2 of the 12 connections never showed their handshake on the wire/,
    );
  });
});

describe('spreading a crowd over client containers', () => {
  it('puts live and dead ones in containers of their own, each with its share of the connect rate', () => {
    expect(planCrowd(1_000, 500, 5_000).groups).toEqual([
      { name: 'client-live-1', dead: false, connections: 500, connectRate: 2_500 },
      { name: 'client-dead-1', dead: true, connections: 500, connectRate: 2_500 },
    ]);
  });

  it('splits one kind in two when it is all there is, and keeps a container under 20,000', () => {
    expect(planCrowd(10, 0).groups.map((g) => [g.name, g.connections])).toEqual([
      ['client-live-1', 5],
      ['client-live-2', 5],
    ]);
    expect(planCrowd(11, 11).groups.map((g) => [g.name, g.connections])).toEqual([
      ['client-dead-1', 6],
      ['client-dead-2', 5],
    ]);
    expect(planCrowd(45_000, 5_000).groups.map((g) => [g.name, g.connections])).toEqual([
      ['client-live-1', 20_000],
      ['client-live-2', 20_000],
      ['client-dead-1', 5_000],
    ]);
    expect(planCrowd(1, 1).groups).toHaveLength(1);
  });

  it('refuses what cannot be: in one line each', () => {
    expect(() => planCrowd(0, 0)).toThrow("--connections must be a whole number from 1 to 50000, got '0'");
    expect(() => planCrowd(10, 11)).toThrow("--dead must be a whole number from 0 to --connections (10), got '11'");
    expect(() => planCrowd(10, 5, 0)).toThrow("--connect-rate must be a whole number of connections a second from 1 to 100000, got '0'");
  });
});
