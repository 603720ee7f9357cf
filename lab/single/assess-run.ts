// Everything a single run observed, once its sources have stopped, judged.
import { type Instant, now } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { InjectedFault } from '../faults/fault.ts';
import type { StatedPrediction } from '../model/chain-fit.ts';
import type { TimerPrediction } from '../model/prediction-window.ts';
import type { ExpectedWindow } from '../model/window.ts';
import { assess } from '../assess.ts';
import type { AgentEvent } from '../observe/agent-events.ts';
import { addressOf } from '../observe/endpoint.ts';
import { readNeighbour } from '../observe/neighbour.ts';
import { KEEPALIVE_PROBES_SENT, readCounters } from '../observe/kernel-counters.ts';
import { readConnection } from '../observe/socket-state.ts';
import type { KeepaliveActive } from '../run/keepalive-active.ts';
import type { Prepared, RunContext } from './context.ts';
import type { Plan } from './context.ts';

export interface Watched {
  injected: InjectedFault;
  baseline: KeepaliveActive;
  window: ExpectedWindow;
  observedForMs: number;
  ended: boolean;
  agentEvent: AgentEvent | null | undefined;
  prediction?: StatedPrediction<TimerPrediction>;
  cpuPressurePct: number | null;
}

/** The state at the end of the watch, read before the fault is healed: the counters, the observer's socket, the fault's evidence, the peer's neighbour entry. */
export type EndState = Awaited<ReturnType<typeof readEndState>>;

export async function readEndState(prepared: Prepared, injected: InjectedFault) {
  const { topology, connection } = prepared;
  const peerEndpoint = connection.observerEndpoint === connection.server ? connection.client : connection.server;
  const [after, observerSocket, evidence, peerNeighbour] = await Promise.all([
    prepared.wire ? Promise.resolve(undefined) : readCounters(topology.observer.sidecar),
    readConnection(topology.observer.sidecar, connection.observerEndpoint, peerEndpoint),
    injected.evidence(),
    readNeighbour(topology.observer.sidecar, addressOf(peerEndpoint)),
  ]);
  return { at: now(), after, observerSocket, evidence, peerNeighbour };
}

/** Everything observed, once the sources have stopped, judged. */
export async function assessRun(context: RunContext, prepared: Prepared, { roles, busy, effective, expect }: Plan, watched: Watched, end: EndState) {
  const { connection, hz } = prepared;
  const { injected, baseline } = watched;
  const { after, observerSocket, evidence, peerNeighbour } = end;
  const captured = prepared.wire?.result();
  if (captured) await context.lab.keepCapture(captured.pcap);
  const probeCount = (counters?: ReadonlyMap<string, number>) => counters?.get(KEEPALIVE_PROBES_SENT) ?? 0;
  const assessment = assess({
    // As it ships, the settings "asked for" are the server's own: a connection that lives is judged by their window.
    roles,
    busy,
    config: effective,
    requestedConfig: context.shipped ? effective : context.config,
    expect,
    faultAt: injected.at - injected.spanMs,
    faultSpanMs: injected.spanMs,
    hz,
    resetsFrom: injected.resetsFrom,
    withinMs: context.within,
    strict: context.strict,
    cpuPressurePct: watched.cpuPressurePct,
    peerNeighbour,
    observedForMs: watched.observedForMs,
    shipped: context.shipped,
    observerSocket: watched.ended ? undefined : observerSocket,
    heldOptions: connection.heldOptions,
    wire: captured && {
      // What came after the end of the watch (an application's recovery, after the heal) is not the fault's doing.
      packets: captured.packets.filter((packet) => packet.connection === connection.key && packet.t <= end.at),
      observerEndpoint: connection.observerEndpoint,
      droppedByKernel: captured.droppedByKernel,
      droppedByInterface: captured.droppedByInterface,
    },
    counters: prepared.counters.result(),
    ...(watched.agentEvent !== undefined ? { agent: watched.agentEvent } : {}),
    probesCounted: probeCount(after) - probeCount(baseline.counters),
    ...(watched.prediction ? { prediction: watched.prediction } : {}),
    probesCountedExpected: expectedProbes(effective, watched.window, injected, baseline.at),
  });
  return { assessment, observerSocket, evidence };
}

/** How long the server may take to let the client go after its kernel did (it reads the error on its next turn). */
export const SERVER_RELEASE_GRACE_MS = 5_000;

/**
 * With count in charge, the probes after the fault are exactly `count` unanswered ones: the fault strikes
 * right after the first probe was seen, at least min(idle, interval) before the next. If injecting took longer
 * than that, one answered probe may fall in between. The user-timeout rule fixes no count.
 */
export function expectedProbes(config: KeepaliveConfig, window: ExpectedWindow, fault: InjectedFault, baselineAt: Instant) {
  if (window.mechanism !== 'keepalive') return undefined;
  const maybeOneAnswered = fault.at - baselineAt >= Math.min(config.idleS, config.intervalS) * 1000 ? 1 : 0;
  return { min: config.count, max: config.count + maybeOneAnswered };
}
