// A proxy run's outcome as a run result: the close on the client's wire, timed from the last data (where the proxy's
// timer starts), judged against the timeout; the proxy's log of the session; both sides' closes; keepalive's
// probes; an application's next request — and the fields reports, summaries and `report merge` read.
import { type Instant, now, toMicroseconds } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import type { AgentEvent } from '../observe/agent-events.ts';
import type { ApplicationLine } from '../observe/application-log.ts';
import type { Fingerprint } from '../observe/fingerprint.ts';
import type { CaptureResult } from '../observe/packet-capture.ts';
import type { ClassifiedPacket } from '../observe/tcp-classifier.ts';
import type { ApplicationRun } from '../run/application-run.ts';
import { flowTimeline } from '../run/flow-timeline.ts';
import { applicationRecord, serverRecord } from '../run/participants.ts';
import { summarizeConfig } from '../run/result.ts';
import type { ProxyScenario } from '../scenario.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import { captureLossJudgement } from '../verdict.ts';
import { closeOnWire, reconnected } from './close-on-wire.ts';
import { type CloseRecord, closeWindow, judgeProxy, NEVER_SENT, type NextRequestRecord } from './judge.ts';
import type { PressureMark } from '../observe/cpu-pressure.ts';
import type { ProxyPlan } from './plan.ts';
import { proxyLogRecord } from './proxy-log.ts';
import type { ProxyResult } from './result.ts';
import type { ProxyTopology } from './topology.ts';

export interface ProxyOutcome {
  scenario: ProxyScenario;
  plan: ProxyPlan;
  config: KeepaliveConfig;
  hz: KernelHz;
  fingerprint: Fingerprint;
  topology: ProxyTopology;
  startedAt: Instant;
  handshakeAt: Instant;
  /** The client's end of its first connection, as the wire names it. */
  clientEnd: string;
  clientCapture: CaptureResult;
  serverCapture: CaptureResult;
  /** HAProxy's stdout: a line per session as it ended. */
  proxyLog: string;
  /** The CPU's pressure marked just before the timeout could fall due and just after the close (null: no PSI). */
  pressure: { before: PressureMark | null; after: PressureMark | null };
  agentEvents: AgentEvent[];
  profile: ServerProfile;
  serverImage: string;
  /** An application's client, its image, and its next request after the silence (null: none went out). */
  application?: { run: ApplicationRun; image: string; next: { request: ApplicationLine; ending: ApplicationLine | null } | null };
  runId: string;
  command: string;
}

export function proxyResult(o: ProxyOutcome): ProxyResult {
  const { plan, topology, handshakeAt, clientEnd } = o;
  const { closing, lastDataAt, reference, probes } = closeOnWire(o.clientCapture.packets, clientEnd, handshakeAt);
  const close: CloseRecord = {
    idleMs: closing ? toMicroseconds(closing.t - lastDataAt) : null,
    by: closing ? (closing.from === clientEnd ? 'client' : 'proxy') : null,
    signal: closing ? (closing.kind as 'fin' | 'rst') : null,
    probes: { sent: probes.length, answered: probes.filter((probe) => probe.answered === true).length },
  };
  const log = proxyLogRecord(o.proxyLog, clientEnd);
  const next = o.application ? nextRequestRecord(o.application.next, o.clientCapture.packets, clientEnd, closing?.t ?? null) : null;
  const cpuWaitMs = cpuWaitAcross(o.pressure, lastDataAt + plan.timeoutS * 1000, closing?.t ?? null);
  const window = closeWindow(plan, o.hz, cpuWaitMs ?? 0);
  const judged =
    captureLossJudgement([o.clientCapture, o.serverCapture], 'show when the proxy closed the connection') ?? judgeProxy(plan, close, log, next, window);
  const serverEnd = `${topology.server.container.ip}:${topology.port}`;
  const serverClose = o.serverCapture.packets.find((packet) => (packet.kind === 'fin' || packet.kind === 'rst') && packet.t >= handshakeAt);
  const fromHandshake = (t: number) => toMicroseconds(t - handshakeAt);
  const predictedMs = plan.timeoutS * 1000;
  return {
    kind: 'proxy',
    scenario: o.scenario.name,
    summary: o.scenario.summary,
    finding: o.scenario.finding,
    expectation: o.scenario.expect,
    roles: { observer: 'client', peer: 'server' },
    runId: o.runId,
    ...judged,
    outcome: closing ? (closing.kind === 'rst' ? 'ECONNRESET' : 'end') : 'alive',
    measuredMs: close.idleMs,
    outcomeSeenBy: 'wire',
    predictedMs,
    errorVsPredictionMs: close.idleMs === null ? null : toMicroseconds(close.idleMs - predictedMs),
    expected: window,
    hz: o.hz,
    mechanism: 'fin',
    referenceMs: 0,
    probes: [],
    probesSent: close.probes.sent,
    errorVsModelMs: close.idleMs === null ? null : toMicroseconds(close.idleMs - predictedMs),
    eventLatencyMs: null,
    observedForMs: toMicroseconds(now() - lastDataAt),
    config: summarizeConfig(o.config),
    appliedConfig: summarizeConfig(o.config),
    server: serverRecord(o.profile, o.serverImage),
    ...(o.application ? applicationRecord(o.application.run, o.application.image, null, lastDataAt) : {}),
    observedBy: ['wire', o.application ? 'application' : 'agent'],
    ipVersion: 4,
    observerSocketOptions: {},
    connection: { client: clientEnd, server: `${topology.proxy.clientSideIp}:${topology.port}` },
    fault: {
      kind: 'proxy',
      target: 'proxy',
      options: { timeout: String(plan.timeoutS), keepaliveOn: plan.keepaliveOn },
      at: new Date(lastDataAt).toISOString(),
      spanMs: 0,
      evidence: { termination: log.termination ?? 'no log line' },
    },
    proxy: {
      ...plan,
      version: topology.proxy.version,
      clientSideIp: topology.proxy.clientSideIp,
      serverSideIp: topology.proxy.serverSideIp,
      server: serverEnd,
      config: topology.proxy.config,
      close: { ...close, atMs: closing ? fromHandshake(closing.t) : null, lastDataAtMs: fromHandshake(lastDataAt), reference },
      serverSideClose: serverClose ? { atMs: fromHandshake(serverClose.t), by: serverClose.from === serverEnd ? 'server' : 'proxy' } : null,
      log,
      loggedEndMs: log.endedAt === null ? null : toMicroseconds(log.endedAt - lastDataAt),
      cpuWaitMs,
    },
    nextRequest: next,
    timeline: flowTimeline(
      {
        client: { packets: o.clientCapture.packets, endpoint: clientEnd },
        server: { packets: o.serverCapture.packets, endpoint: serverEnd },
        middlebox: [],
        agentEvents: o.agentEvents,
        applicationLines: o.application?.run.log.items,
      },
      lastDataAt,
    ),
    environment: o.fingerprint,
    command: o.command,
    startedAt: new Date(o.startedAt).toISOString(),
    durationMs: toMicroseconds(now() - o.startedAt),
  };
}

/** The application's next request: how it ended, whether it left after the close, and whether a new connection's SYN came before its end. */
function nextRequestRecord(
  next: { request: ApplicationLine; ending: ApplicationLine | null } | null,
  packets: readonly ClassifiedPacket[],
  clientEnd: string,
  closedAt: number | null,
): NextRequestRecord {
  if (!next) return { outcome: NEVER_SENT, afterTheClose: false, newConnection: false };
  const { request, ending } = next;
  const afterTheClose = closedAt !== null && request.t >= closedAt;
  const outcome = ending === null ? 'no answer' : ending.event === 'answer' ? 'answered' : (ending.code ?? 'failed');
  return { outcome, afterTheClose, newConnection: closedAt !== null && reconnected(packets, clientEnd, closedAt, ending?.t ?? Infinity) };
}

/** How long some task waited for a CPU over marks that bracket the timeout and the close, ms; null where they do not (or no PSI). */
function cpuWaitAcross({ before, after }: ProxyOutcome['pressure'], dueAt: number, closedAt: number | null): number | null {
  if (!before || !after || closedAt === null || before.t > dueAt || after.t < closedAt) return null;
  return toMicroseconds((after.stalledUs - before.stalledUs) / 1000);
}
