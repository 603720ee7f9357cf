// Every connection of a crowd judged on its own, from its own packets: a dead one (its client struck by the fault)
// exactly as a single run judges its connection — its reference, its prediction fitted to its own probes before the
// fault, its window, its probes and what ended it (assess) — and a live one by what the wire shows after the fault:
// nothing may end it, and every probe must be answered.
import { assess } from '../assess.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { TickGrid } from '../model/chain-fit.ts';
import { hzToTry, type KernelHz } from '../model/kernel-hz.ts';
import { predictKeepalive } from '../model/keepalive-prediction.ts';
import type { ClassifiedPacket } from '../observe/tcp-classifier.ts';
import { analyseWire, chainSeenBefore } from '../observe/wire-analysis.ts';
import type { Roles } from '../roles.ts';
import type { Expectation } from '../scenario.ts';

export interface ConnectionVerdict {
  connection: string;
  client: string;
  /** The client container it came from. */
  group: string;
  dead: boolean;
  verdict: 'pass' | 'fail';
  reason: string;
  /** What ended it at the server, from the wire ('alive' when nothing did), and when, from its group's fault. */
  outcome: string;
  /** What ended it, as the wire names it (keepalive, reset, fin, …; none). */
  mechanism: string;
  measuredMs: number | null;
  /** A dead connection's window, from the fault. */
  window?: { earliestMs: number; latestMs: number };
  predictedMs?: number | null;
  /** Keepalive probes the server sent after the fault, and how many went unanswered. */
  probes: number;
  unanswered: number;
  /** Whether the server's kernel still held it as established when the run ended (ss). */
  establishedAtEnd: boolean;
}

export interface JudgeContext {
  config: KeepaliveConfig;
  expect: Expectation;
  hz: KernelHz;
  roles: Roles;
  /** How long the run watched after the fault. */
  observedForMs: number;
  /** The last moment the capture covers: a probe just before it may not have had its answer captured. */
  captureEnd: number;
  /** The jiffy grid, from every connection's probes. */
  grid?: TickGrid;
  /** A disagreement with the prediction beyond the connection's noise fails it. */
  strict?: boolean;
}

export interface ConnectionOnWire {
  connection: string;
  client: string;
  group: string;
  packets: ClassifiedPacket[];
  /** The server's end of it. */
  observerEndpoint: string;
  /** Whether the server's kernel still held it as established when the run ended (ss). */
  establishedAtEnd: boolean;
}

/** A probe sent this close to the end of the capture may be answered after it: not held against the connection. */
const ANSWER_GRACE_MS = 50;

export function judgeDead(wire: ConnectionOnWire, fault: { at: number; spanMs: number }, context: JudgeContext): ConnectionVerdict {
  const { config, expect, hz, roles } = context;
  const prediction =
    expect.outcome === 'error' && expect.by === 'keepalive'
      ? {
          outcome: predictKeepalive(config, hzToTry(hz), chainSeenBefore(wire.packets, wire.observerEndpoint, fault.at), fault.at, context.grid),
          madeAt: fault.at,
        }
      : undefined;
  const assessed = assess({
    roles,
    config,
    expect,
    faultAt: fault.at - fault.spanMs,
    faultSpanMs: fault.spanMs,
    hz,
    observedForMs: context.observedForMs,
    probesCounted: 0,
    strict: context.strict,
    wire: { packets: wire.packets, observerEndpoint: wire.observerEndpoint },
    ...(wire.establishedAtEnd ? { observerSocket: { state: 'ESTAB', local: wire.observerEndpoint, remote: wire.client } } : {}),
    ...(prediction ? { prediction } : {}),
  });
  const unanswered = assessed.probes.filter((probe) => !probe.answered).length;
  return {
    connection: wire.connection,
    client: wire.client,
    group: wire.group,
    dead: true,
    verdict: assessed.verdict === 'pass' ? 'pass' : 'fail',
    reason: assessed.reason,
    outcome: assessed.outcome,
    mechanism: assessed.mechanism,
    measuredMs: assessed.measuredMs,
    window: { earliestMs: assessed.expected.earliestMs, latestMs: assessed.expected.latestMs },
    ...(assessed.predictedMs !== undefined ? { predictedMs: assessed.predictedMs } : {}),
    probes: assessed.probesSent,
    unanswered,
    establishedAtEnd: wire.establishedAtEnd,
  };
}

export function judgeLive(wire: ConnectionOnWire, faultAt: number, context: JudgeContext): ConnectionVerdict {
  const analysis = analyseWire(wire.packets, wire.observerEndpoint, faultAt, faultAt);
  const owed = analysis.probes.filter((probe) => probe.t >= faultAt && probe.t < context.captureEnd - ANSWER_GRACE_MS);
  const unanswered = owed.filter((probe) => !probe.answered).length;
  const ending = analysis.ending;
  const base = {
    connection: wire.connection,
    client: wire.client,
    group: wire.group,
    dead: false,
    probes: owed.length,
    unanswered,
    establishedAtEnd: wire.establishedAtEnd,
  };
  if (ending) {
    const by = ending.by === 'observer' ? context.roles.observer : context.roles.peer;
    return {
      ...base,
      verdict: 'fail',
      reason: `a live connection was ended by a ${ending.kind.toUpperCase()} from the ${by}`,
      outcome: ending.kind,
      mechanism: ending.kind,
      measuredMs: ending.t - faultAt,
    };
  }
  if (!wire.establishedAtEnd) {
    return {
      ...base,
      verdict: 'fail',
      reason: `the ${context.roles.observer}'s kernel no longer held a live connection at the end, though nothing ended it on the wire`,
      outcome: 'gone',
      mechanism: 'none',
      measuredMs: null,
    };
  }
  if (unanswered > 0) {
    return {
      ...base,
      verdict: 'fail',
      reason: `${unanswered} of its ${owed.length} probes after the fault went unanswered, though its client was not struck`,
      outcome: 'alive',
      mechanism: 'none',
      measuredMs: null,
    };
  }
  return {
    ...base,
    verdict: 'pass',
    reason: `alive, ${owed.length} probes after the fault all answered`,
    outcome: 'alive',
    mechanism: 'none',
    measuredMs: null,
  };
}
