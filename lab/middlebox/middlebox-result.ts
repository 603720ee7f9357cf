// A middlebox run's outcome as a run result: the fields reports, summaries and `report merge` read — the outcome
// is the request's, timed from the moment it went out (the "fault" is the router's forgetting, which bites then) —
// beside the router, the flow's entry in its table, and the server's fate.
import { type Instant, now, toMicroseconds } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import type { ExpectedWindow } from '../model/window.ts';
import { predictionFields } from '../assess.ts';
import type { StatedPrediction } from '../model/chain-fit.ts';
import type { RetransmissionPrediction } from '../model/retransmission-prediction.ts';
import type { AgentEvent } from '../observe/agent-events.ts';
import type { EntryLife } from '../observe/conntrack.ts';
import type { CaptureResult } from '../observe/packet-capture.ts';
import type { Fingerprint } from '../observe/fingerprint.ts';
import { summarizeConfig } from '../run/result.ts';
import type { MiddleboxScenario } from '../scenario.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import type { ApplicationRun } from '../run/application-run.ts';
import { applicationRecord, serverRecord } from '../run/participants.ts';
import { captureLossJudgement, type Judgement } from '../verdict.ts';
import { entryRows } from './flow.ts';
import { flowTimeline, type SideOnWire } from '../run/flow-timeline.ts';
import { JUDGED_REQUEST } from './request-events.ts';
import type { RequestRecord, ServerFate } from './judge.ts';
import { CLIENT_RETRIES2, type MiddleboxPlan } from './plan.ts';
import type { EntryRecord, KeepaliveProbeRecord, MiddleboxResult } from './result.ts';
import type { MiddleboxTopology } from './topology.ts';

export interface MiddleboxOutcome {
  scenario: MiddleboxScenario;
  plan: MiddleboxPlan;
  config: KeepaliveConfig;
  hz: KernelHz;
  fingerprint: Fingerprint;
  judged: Judgement;
  /** When the request should have ended, from when it went out. */
  window: ExpectedWindow;
  /** A dropped request's end, predicted from its first retransmissions. */
  prediction?: StatedPrediction<RetransmissionPrediction>;
  request: RequestRecord;
  entry: EntryLife;
  fate: ServerFate;
  topology: MiddleboxTopology;
  startedAt: Instant;
  handshakeAt: Instant;
  /** The request went out, or was due (unsent): times count from it. */
  zero: Instant;
  agentEvents: AgentEvent[];
  /** The server behind the router, and its image. */
  profile: ServerProfile;
  serverImage: string;
  /** An application's client in place of the agent's, its image, and what it saw. */
  application?: { run: ApplicationRun; image: string };
  /** Each side's packets, and the captures they came from. */
  client: SideOnWire;
  server: SideOnWire;
  captures: CaptureResult[];
  runId: string;
  command: string;
}

export function middleboxResult(o: MiddleboxOutcome): MiddleboxResult {
  const { plan, request, topology } = o;
  const judged = captureLossJudgement(o.captures, 'show how the request ended') ?? o.judged;
  const { zero } = o;
  const outcome = request.outcome;
  return {
    kind: 'middlebox',
    scenario: o.scenario.name,
    summary: o.scenario.summary,
    finding: o.scenario.finding,
    expectation: o.scenario.expect,
    roles: { observer: 'client', peer: 'server' },
    runId: o.runId,
    ...judged,
    outcome,
    measuredMs: request.atMs,
    outcomeSeenBy: o.application ? 'application' : 'agent',
    ...predictionFields(o.prediction, zero, o.request.atMs === null ? null : zero + o.request.atMs),
    expected: o.window,
    hz: o.hz,
    mechanism: outcome === 'answered' ? 'none' : outcome === 'ECONNRESET' ? 'reset' : outcome === 'ETIMEDOUT' ? 'retransmission' : 'none',
    referenceMs: null,
    probes: [],
    probesSent: 0,
    errorVsModelMs: null,
    eventLatencyMs: null,
    observedForMs: toMicroseconds(now() - zero),
    config: summarizeConfig(o.config),
    appliedConfig: summarizeConfig(o.config),
    server: { ...serverRecord(o.profile, o.serverImage), fate: o.fate },
    ...(o.application ? applicationRecord(o.application.run, o.application.image, null, judgedRequestAt(o.application.run) ?? zero) : {}),
    observedBy: ['wire', o.application ? 'application' : 'agent'],
    ipVersion: 4,
    observerSocketOptions: {},
    connection: { client: `${topology.client.container.ip}`, server: `${topology.router.clientSideIp}:${topology.port}` },
    fault: routerAsFault(o),
    request,
    middlebox: {
      ...plan,
      handshakeAtMs: toMicroseconds(o.handshakeAt - zero),
      clientRetries2: CLIENT_RETRIES2,
      router: { clientSideIp: topology.router.clientSideIp, serverSideIp: topology.router.serverSideIp },
      server: o.server.endpoint,
      entry: entryRecord(o.entry, o.handshakeAt),
      probes: keepaliveProbes(o, o.handshakeAt),
    },
    timeline: flowTimeline(
      { client: o.client, server: o.server, middlebox: entryRows(o.entry), agentEvents: o.agentEvents, applicationLines: o.application?.run.log.items },
      zero,
    ),
    environment: o.fingerprint,
    command: o.command,
    startedAt: new Date(o.startedAt).toISOString(),
    durationMs: toMicroseconds(now() - o.startedAt),
  };
}

/** The router's forgetting, as the run's fault: timed from the request. */
function routerAsFault({ plan, zero, entry }: MiddleboxOutcome): MiddleboxResult['fault'] {
  return {
    kind: 'middlebox',
    target: 'router',
    options: { natTimeout: String(plan.natTimeoutS), mode: plan.mode, keepaliveOn: plan.keepaliveOn },
    at: new Date(zero).toISOString(),
    spanMs: 0,
    evidence: { 'router entry refreshes': entry.refreshes.length },
  };
}

/** The probes each side sent, as its own wire saw them leave. */
function keepaliveProbes({ client, server }: Pick<MiddleboxOutcome, 'client' | 'server'>, handshakeAt: Instant): KeepaliveProbeRecord[] {
  const sent = (side: SideOnWire, by: KeepaliveProbeRecord['by']) =>
    side.packets
      .filter((packet) => packet.from === side.endpoint && packet.kind === 'keepalive-probe')
      .map((packet) => ({ by, atMs: toMicroseconds(packet.t - handshakeAt), answered: packet.answered ?? null }));
  return [...sent(server, 'server'), ...sent(client, 'client')].sort((a, b) => a.atMs - b.atMs);
}

function entryRecord(entry: EntryLife, handshakeAt: Instant): EntryRecord {
  const at = (t: number) => toMicroseconds(t - handshakeAt);
  return {
    seenFromMs: entry.seenFrom === null ? null : at(entry.seenFrom),
    refreshesMs: entry.refreshes.map(at),
    lastSeen: entry.lastSeen && { atMs: at(entry.lastSeen.t), timeoutS: entry.lastSeen.timeoutS },
    expired: entry.expired && { earliestMs: at(entry.expired.earliest), latestMs: at(entry.expired.latest) },
    goneByMs: entry.goneBy === null ? null : at(entry.goneBy),
  };
}

/** The application's times count from its judged request (the router's forgetting bites then), as it wrote it down. */
function judgedRequestAt(application: ApplicationRun): Instant | undefined {
  return application.log.items.find((line) => line.event === 'request' && line.id === JUDGED_REQUEST)?.t;
}
