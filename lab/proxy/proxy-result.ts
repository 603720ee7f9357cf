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
import { type CloseRecord, closeWindow, judgeProxy, type NextRequestRecord } from './judge.ts';
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
  agentEvents: AgentEvent[];
  profile: ServerProfile;
  serverImage: string;
  /** An application's client, its image, and its next request after the silence (null: none went out). */
  application?: { run: ApplicationRun; image: string; next: { request: ApplicationLine; ending: ApplicationLine | null } | null };
  runId: string;
  command: string;
}

const isClose = (packet: ClassifiedPacket) => packet.kind === 'fin' || packet.kind === 'rst';

export function proxyResult(o: ProxyOutcome): ProxyResult {
  const { plan, topology, handshakeAt, clientEnd } = o;
  const own = o.clientCapture.packets.filter((packet) => (packet.from === clientEnd || packet.to === clientEnd) && packet.t >= handshakeAt);
  const closing = own.find(isClose);
  const before = own.filter((packet) => !closing || packet.t < closing.t);
  const lastDataAt = before.filter((packet) => (packet.length ?? 0) > 0).at(-1)?.t ?? handshakeAt;
  const probes = before.filter((packet) => packet.from === clientEnd && packet.kind === 'keepalive-probe');
  const close: CloseRecord = {
    idleMs: closing ? toMicroseconds(closing.t - lastDataAt) : null,
    by: closing ? (closing.from === clientEnd ? 'client' : 'proxy') : null,
    signal: closing ? (closing.kind as 'fin' | 'rst') : null,
    probes: { sent: probes.length, answered: probes.filter((probe) => probe.answered === true).length },
  };
  const log = proxyLogRecord(o.proxyLog, clientEnd);
  const next = o.application ? nextRequestRecord(o.application.next, o.clientCapture.packets, clientEnd, closing?.t ?? lastDataAt) : null;
  const window = closeWindow(plan, o.hz);
  const judged =
    captureLossJudgement([o.clientCapture, o.serverCapture], 'show when the proxy closed the connection') ?? judgeProxy(plan, close, log, next, window);
  const serverEnd = `${topology.server.container.ip}:${topology.port}`;
  const serverClose = o.serverCapture.packets.find((packet) => isClose(packet) && packet.t >= handshakeAt);
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
      close: { ...close, atMs: closing ? fromHandshake(closing.t) : null, lastDataAtMs: fromHandshake(lastDataAt) },
      serverSideClose: serverClose ? { atMs: fromHandshake(serverClose.t), by: serverClose.from === serverEnd ? 'server' : 'proxy' } : null,
      log,
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

/** The application's next request: how it ended, and whether a new connection's SYN left the client after the close and before its end. */
function nextRequestRecord(
  next: { request: ApplicationLine; ending: ApplicationLine | null } | null,
  packets: readonly ClassifiedPacket[],
  clientEnd: string,
  closedAt: number,
): NextRequestRecord | null {
  if (!next) return { outcome: 'never sent', newConnection: false };
  const { ending } = next;
  const until = ending?.t ?? Infinity;
  const clientIp = clientEnd.slice(0, clientEnd.lastIndexOf(':'));
  const newConnection = packets.some(
    (packet) => packet.kind === 'syn' && packet.from !== clientEnd && packet.from.startsWith(`${clientIp}:`) && packet.t > closedAt && packet.t <= until,
  );
  const outcome = ending === null ? 'no answer' : ending.event === 'answer' ? 'answered' : (ending.code ?? 'failed');
  return { outcome, newConnection };
}
