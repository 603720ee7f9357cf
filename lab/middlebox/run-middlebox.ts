// One run behind a middlebox: the two networks, the router, the server and the client → captures on both sides and
// the router's conntrack table sampled → the client connects and falls silent; the router forgets the flow unless
// keepalive keeps it → the client's request after the silence, and how it ends → what became of the server's end →
// the verdict → down. The lab injects no fault: the router's forgetting is the fault.
import { type Instant, now, toMicroseconds } from '../clock.ts';
import { type KeepaliveConfig, parseKeepaliveConfig } from '../config/keepalive-config.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { type AgentEvent, AgentEventLog } from '../observe/agent-events.ts';
import { type ConntrackSample, ConntrackSampler, entryLife } from '../observe/conntrack.ts';
import { endpoint } from '../observe/endpoint.ts';
import { type Fact, FactLog } from '../observe/facts.ts';
import type { StatedPrediction } from '../model/chain-fit.ts';
import type { RetransmissionPrediction } from '../model/retransmission-prediction.ts';
import { describePrediction, predictFromRetransmissions } from '../run/prediction.ts';
import type { ProbeWatch } from '../run/keepalive-active.ts';
import { type CaptureResult, PacketCapture } from '../observe/packet-capture.ts';
import { readJiffyClock } from '../observe/jiffy-reading.ts';
import type { ClassifiedPacket } from '../observe/tcp-classifier.ts';
import type { Fingerprint } from '../observe/fingerprint.ts';
import { seconds } from '../format/format.ts';
import { type LabRun, withLabRun } from '../run/lab-run.ts';
import { type BehindOptions, CONNECT_TIMEOUT_MS, connectThrough, participantsBehind } from '../run/middlebox-sides.ts';
import type { MiddleboxScenario } from '../scenario.ts';
import { judgeRequest, type RequestRecord, requestOnWire, type ServerFate } from './judge.ts';
import { CLIENT_RETRIES2, type MiddleboxPlan, planMiddlebox } from './plan.ts';
import { middleboxResult } from './middlebox-result.ts';
import type { MiddleboxResult } from './result.ts';
import { requestWindow } from './window.ts';
import { type MiddleboxTopology, startMiddleboxTopology } from './topology.ts';
import { agentRequests, applicationRequests, type RequestEnding, type RequestEvents } from './request-events.ts';
import type { ApplicationRun } from '../run/application-run.ts';
import type { ServerProfile } from '../servers/server-profile.ts';

/** How long the request may take to end: a dropped one fails at the client's retransmission limit, T(3) = 3 s after its first retransmission. */
const REQUEST_TIMEOUT_MS = 30_000;
/** The request's packet leaves before the agent says so: its retransmissions are looked for from this long before. */
const REQUEST_LEAD_MS = 50;

export async function runMiddlebox(scenario: MiddleboxScenario, options: BehindOptions = {}): Promise<MiddleboxResult> {
  const config = parseKeepaliveConfig({ ...scenario.defaults, ...options.config });
  const plan = planMiddlebox(scenario, config, options.middlebox);
  const progress = options.progress ?? (() => {});
  // The application's requests: one as it connects, the judged one after the silence; keepalive only where its side's is on.
  const { profile, application } = await participantsBehind(
    options,
    plan.requestAfterS,
    plan.keepaliveOn === 'client' || plan.keepaliveOn === 'both' ? config : null,
  );
  const { client } = options;
  return withLabRun({ scenario: scenario.name, progress, profile, client }, async (lab) => {
    const agentLog = new AgentEventLog();
    const topology = await startMiddleboxTopology(lab.client, {
      run: lab.run,
      images: lab.images,
      middlebox: plan,
      config,
      agentLog,
      server: { profile, image: lab.serverImage },
      ...(application ? { application: { run: application, image: lab.clientImage! } } : {}),
    });
    if (application) lab.observe(application.log);
    const requests = application ? applicationRequests(application.log) : agentRequests(agentLog);
    const images = { serverImage: lab.serverImage, ...(lab.clientImage ? { clientImage: lab.clientImage } : {}) };
    const command = options.command ?? '';
    return execute(lab, scenario, { config, plan, topology, agentLog, requests, application, profile, ...images, progress, runId: lab.run.runId, command });
  });
}

interface Execution {
  config: KeepaliveConfig;
  plan: MiddleboxPlan;
  topology: MiddleboxTopology;
  agentLog: AgentEventLog;
  requests: RequestEvents;
  application?: ApplicationRun;
  profile: ServerProfile;
  serverImage: string;
  clientImage?: string;
  progress: (line: string) => void;
  runId: string;
  command: string;
}

async function execute(lab: LabRun, scenario: MiddleboxScenario, run: Execution): Promise<MiddleboxResult> {
  const { topology, plan, progress } = run;
  const startedAt = now();
  const clientFacts = new FactLog();
  const [clientWire, serverWire, table, { fingerprint, hz }] = await Promise.all([
    PacketCapture.start(topology.client.sidecar, clientFacts, topology.port).then(lab.observe),
    PacketCapture.start(topology.server.sidecar, new FactLog(), topology.port).then(lab.observe),
    ConntrackSampler.start(topology.router.shell, topology.port).then(lab.observe),
    lab.fingerprint(topology.server.sidecar, topology.server.container),
  ]);
  progress(
    `topology up: client ${topology.client.container.ip} → router ${topology.router.clientSideIp} | ${topology.router.serverSideIp} → server ${topology.server.container.ip}, on internal networks ${topology.clientSide.name} and ${topology.serverSide.name}`,
  );
  progress(
    `the router forgets an idle flow after ${plan.natTimeoutS} s and then ${({ drop: 'drops', reset: 'resets', loose: 'may pick up' } as const)[plan.mode]} its packets (${plan.mode} mode); keepalive ${plan.keepaliveOn === 'none' ? 'off' : `on the ${plan.keepaliveOn} side${plan.keepaliveOn === 'both' ? 's' : ''}, idle ${run.config.idleS} s`}`,
  );
  const jiffies = hz.hz === null ? null : await readJiffyClock(hz.hz);
  const watched = await watchRequest(run, { facts: clientFacts, wire: clientWire, fixPhase: false, jiffies }, hz);
  await lab.stopSources();
  const result = conclude(run, watched, {
    scenario,
    hz,
    fingerprint,
    startedAt,
    clientCapture: clientWire.result(),
    serverCapture: serverWire.result(),
    samples: table.result(),
  });
  lab.announce(result);
  return result;
}

interface Watched {
  /** The handshake on the client's wire, and the client's own end. */
  handshakeAt: Instant;
  clientEnd: string;
  /** The request's moment as the client's program reported it (null: the connection ended first), and how it (or the connection) ended. */
  sentAt: Instant | null;
  ending: RequestEnding | null;
  /** For a request the router drops: its ETIMEDOUT predicted from its first retransmissions, before it came. */
  prediction: StatedPrediction<RetransmissionPrediction> | null;
}

/** Lets the client connect, waits out its silence, and waits for its request to end (predicting a dropped one's end). */
async function watchRequest(run: Execution, watch: ProbeWatch, hz: KernelHz): Promise<Watched> {
  const { topology, plan, requests, progress } = run;
  const opened = await connectThrough(topology, watch.facts, run.application, 'the router');
  progress(`connected: ${opened.client} → ${opened.server}; the client falls silent and sends its request after ${plan.requestAfterS} s`);

  const sent = await requests.sent(opened.t, plan.requestAfterS * 1000 + CONNECT_TIMEOUT_MS);
  const sentAt = sent && 'sentAt' in sent ? sent.sentAt : null;
  progress(
    sentAt !== null
      ? `request sent, ${seconds(sentAt - opened.t)} after the handshake`
      : `the client's connection ended in the silence, before its request: ${describeEnding(sent && 'ending' in sent ? sent.ending : null)}`,
  );
  const ended = new AbortController();
  const predicting = sentAt === null || plan.expected !== 'ETIMEDOUT' ? null : predictDrop(run, watch, opened, sentAt, hz, ended.signal);
  const ending = sentAt === null ? (sent && 'ending' in sent ? sent.ending : null) : await requests.ended(sentAt, REQUEST_TIMEOUT_MS);
  ended.abort();
  if (sentAt !== null) progress(`the client: ${ending ? describeEnding(ending) : `nothing within ${REQUEST_TIMEOUT_MS / 1000} s of its request`}`);
  return { handshakeAt: opened.t, clientEnd: opened.client, sentAt, ending, prediction: predicting && (await predicting) };
}

/** A request the router drops: its end predicted from its first retransmissions, the moment they are on the wire. */
async function predictDrop(
  run: Execution,
  watch: ProbeWatch,
  opened: Extract<Fact, { kind: 'opened' }>,
  sentAt: Instant,
  hz: KernelHz,
  ended: AbortSignal,
): Promise<StatedPrediction<RetransmissionPrediction>> {
  const connection = { key: opened.connection, client: opened.client, server: opened.server, observerEndpoint: opened.client, heldOptions: {} };
  const stated = await predictFromRetransmissions(
    watch,
    connection,
    { ...run.config, userTimeoutMs: 0 },
    CLIENT_RETRIES2,
    hz,
    sentAt - REQUEST_LEAD_MS,
    REQUEST_TIMEOUT_MS,
    ended,
  );
  run.progress(`the lab, timing from the request, ${describePrediction(stated, sentAt)}`);
  return stated;
}

interface Observed {
  scenario: MiddleboxScenario;
  hz: KernelHz;
  fingerprint: Fingerprint;
  startedAt: Instant;
  clientCapture: CaptureResult;
  serverCapture: CaptureResult;
  samples: readonly ConntrackSample[];
}

/** The request, the router's memory and the server's fate from what was watched and captured, and the verdict. */
function conclude(run: Execution, { handshakeAt, clientEnd, sentAt, ending, prediction }: Watched, o: Observed): MiddleboxResult {
  const { plan, topology } = run;
  const serverEnd = endpoint(topology.server.container.ip, topology.port);
  const clientSide = { packets: o.clientCapture.packets, endpoint: clientEnd };
  const serverSide = { packets: o.serverCapture.packets, endpoint: serverEnd };
  const fromClient = (kind: string, after: Instant) =>
    o.clientCapture.packets.find((packet) => packet.from === clientEnd && packet.kind === kind && packet.t > after);
  // The request's moment is its packet on the client's wire (the agent says so after it left, an application just
  // before it sends, having sent its first request as it connected); unsent, when it was due.
  const requestAt = sentAt === null ? null : (fromClient('data', run.requests.packetFrom(sentAt, handshakeAt))?.t ?? sentAt);
  const zero = requestAt ?? handshakeAt + plan.requestAfterS * 1000;
  const request: RequestRecord = {
    sentAtMs: requestAt === null ? null : toMicroseconds(requestAt - handshakeAt),
    outcome: ending ? ending.outcome : 'none',
    atMs: ending ? toMicroseconds(ending.t - zero) : null,
    wire: requestOnWire(clientSide, serverSide, requestAt ?? handshakeAt),
  };
  const entry = entryLife(o.samples, Number(clientEnd.slice(clientEnd.lastIndexOf(':') + 1)));
  const firstRetransmission = requestAt === null ? undefined : fromClient('retransmission', requestAt);
  // The verdict's window is the kernel's rule; the prediction is reported beside it (docs/middleboxes.md).
  const window = requestWindow(plan, run.config, o.hz, firstRetransmission ? toMicroseconds(firstRetransmission.t - zero) : null);
  const judged = judgeRequest(plan, request, entry, { handshakeAt, mattersAt: requestAt ?? ending?.t ?? zero }, window);
  return middleboxResult({
    scenario: o.scenario,
    plan,
    config: run.config,
    hz: o.hz,
    fingerprint: o.fingerprint,
    judged,
    window,
    prediction: prediction ?? undefined,
    request,
    entry,
    fate: serverFate(run.profile, run.agentLog.items, o.serverCapture.packets, serverEnd, zero),
    topology,
    startedAt: o.startedAt,
    handshakeAt,
    zero,
    agentEvents: run.agentLog.items,
    profile: run.profile,
    serverImage: run.serverImage,
    ...(run.application ? { application: { run: run.application, image: run.clientImage! } } : {}),
    client: clientSide,
    server: serverSide,
    captures: [o.clientCapture, o.serverCapture],
    runId: run.runId,
    command: run.command,
  });
}

/** "answered", "ETIMEDOUT", "end", or that nothing came. */
function describeEnding(ending: RequestEnding | null): string {
  return ending ? ending.outcome : 'nothing came';
}

/**
 * The server's end: its application's first error or end after the handshake (ms from `zero`) — where the agent is
 * the server and reports it — and whether the request reached it.
 */
function serverFate(profile: ServerProfile, events: readonly AgentEvent[], packets: readonly ClassifiedPacket[], server: string, zero: Instant): ServerFate {
  const terminal = events.find((event) => event.role === 'server' && ['error', 'end', 'close'].includes(event.event));
  const quiet = profile.agent ? 'nothing: still established' : `not reported: ${profile.name} is not the lab's agent`;
  return {
    saw: terminal ? (terminal.event === 'error' ? String(terminal.code ?? 'error') : terminal.event) : quiet,
    atMs: terminal ? toMicroseconds(terminal.t - zero) : null,
    gotRequest: packets.some((packet) => packet.to === server && (packet.length ?? 0) > 0 && packet.t >= zero),
  };
}
