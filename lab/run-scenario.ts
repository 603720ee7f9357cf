// One run of a scenario: images → topology → connection → keepalive active → fault → watch → verdict → down.
// The server is the lab's agent or any profile's (--server); everything the verdict uses is measured; everything
// the run creates is removed in `finally`.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Docker from 'dockerode';
import { type Instant, now, toMicroseconds, watchClock } from './clock.ts';
import { type KeepaliveConfig, parseKeepaliveConfig } from './config/keepalive-config.ts';
import { type CrowdOptions, runCrowd } from './crowd/run-crowd.ts';
import type { MiddleboxChoice } from './middlebox/plan.ts';
import { runMiddlebox } from './middlebox/run-middlebox.ts';
import { ENDING_RULES } from './endings/index.ts';
import type { BusyObserver, RuleContext } from './endings/rule.ts';
import { UsageError } from './errors.ts';
import type { Fault, FaultEvidence, FaultOptions, FaultTarget, InjectedFault } from './faults/fault.ts';
import { FAULTS } from './faults/index.ts';
import type { StatedPrediction } from './model/chain-fit.ts';
import { expectedKeepaliveWindow } from './model/keepalive-window.ts';
import type { KernelHz } from './model/kernel-hz.ts';
import type { TimerPrediction } from './model/prediction-window.ts';
import { DEFAULT_TCP_RETRIES2 } from './model/retransmission-window.ts';
import type { ExpectedWindow } from './model/window.ts';
import { type Assessment, assess, skippedAssessment } from './assess.ts';
import { type AgentEvent, AgentEventLog } from './observe/agent-events.ts';
import { FactLog, type SourceName } from './observe/facts.ts';
import { analyseWire } from './observe/wire-analysis.ts';
import { addressOf } from './observe/endpoint.ts';
import { readNeighbour } from './observe/neighbour.ts';
import { readJiffyClock } from './observe/jiffy-reading.ts';
import type { JiffyClock } from './model/jiffy-clock.ts';
import { cpuPressurePct, markCpuPressure } from './observe/cpu-pressure.ts';
import { KEEPALIVE_PROBES_SENT, readCounters } from './observe/kernel-counters.ts';
import { PacketCapture } from './observe/packet-capture.ts';
import { readConnection } from './observe/socket-state.ts';
import { CounterSampler } from './observe/counter-sampler.ts';
import { ServerView, type ServerViewResult } from './observe/server-view.ts';
import { type Fingerprint, takeFingerprint } from './observe/fingerprint.ts';
import { secondsRange, signedSeconds } from './format/format.ts';
import { buildTimeline, describeOptions, type LabEvent } from './observe/timeline.ts';
import { awaitConnection, type ObservedConnection } from './run/connection.ts';
import { awaitKeepaliveActive, type KeepaliveActive, type ProbeWatch } from './run/keepalive-active.ts';
import { describePrediction, predictAtFault, predictFromRetransmissions } from './run/prediction.ts';
import { type Roles, rolesFor } from './roles.ts';
import { type RunResult, summarizeConfig } from './run/result.ts';
import { stageTopology, type Topology } from './run/topology.ts';
import { agentTerminalEvent, watchForEnding } from './run/watch.ts';
import { withLabRun } from './runtime/lab-run.ts';
import { refuseImpossibleTimes } from './timebase.ts';
import type { LabImages } from './runtime/images.ts';
import type { IpVersion } from './runtime/network.ts';
import type { RunIdentity } from './runtime/run-identity.ts';
import { containerLog } from './runtime/server-container.ts';
import { ensureServerImage } from './runtime/server-image.ts';
import { endingOf, type Expectation, type FaultScenario, isMiddleboxScenario, type Scenario } from './scenario.ts';
import { agentProfile } from './servers/agent-profile.ts';
import { type AsShipped, asShipped, expectationAsShipped } from './as-shipped.ts';
import { appliedKeepalive, type ServerProfile } from './servers/server-profile.ts';

/** Which sources judge the run: the wire (the capture, and the namespace counters for endings without a packet) alone, or with the agent's own events. */
export const OBSERVE_MODES = ['wire+agent', 'wire'] as const;
export type ObserveMode = (typeof OBSERVE_MODES)[number];

export interface RunOptions {
  /** Overrides of the scenario's keepalive defaults. */
  config?: Partial<KeepaliveConfig>;
  progress?: (line: string) => void;
  /** The command line that reproduces this run, for the report. */
  command?: string;
  /** Capture the observer's packets (default true); without, the agent's events decide and the window counts from the fault. */
  capture?: boolean;
  /** Where to keep the capture as a pcap file, if anywhere. */
  captureFile?: string;
  /** Overrides of the fault's parameters (e.g. { direction: 'out' }), on top of the scenario's. */
  faultOptions?: FaultOptions;
  /** 'wire+agent' (default): the wire decides and the agent's events must agree; 'wire': the agent's events are ignored. */
  observe?: ObserveMode;
  /** The server under test: the lab's agent unless given (see lab/servers). */
  server?: ServerProfile;
  /** Leave the server's keepalive as it ships: the lab sets none, and watches for `watchMs` after the fault. */
  serverDefaults?: boolean;
  /** How long a run with the server as it ships watches after the fault (default 30 s). */
  watchMs?: number;
  /** Which IP the containers talk over (default 4). */
  ipVersion?: IpVersion;
  /** For a crowd scenario (many-clients): the crowd, and the fault to strike its dead connections with. */
  crowd?: CrowdChoice;
  /** For a crowd scenario: where to write one JSON line per connection. */
  connectionsFile?: string;
  /** For a middlebox scenario: its router and request other than the scenario's. */
  middlebox?: MiddleboxChoice;
  /**
   * Your bound, ms from the fault: the connection must end by then (by the scenario's mechanism) for a PASS, instead of
   * inside the window the kernel's rules give for the settings. Only for scenarios where the connection must end.
   */
  within?: number;
  /** Fail the run also when the ending lies farther from the lab's jiffy prediction than this run's own noise explains (the lab's own tests, the precision benchmark). */
  strict?: boolean;
}

/** A crowd other than the scenario's: how many connections, how many dead (default half), how fast, which fault. */
export interface CrowdChoice {
  connections?: number;
  dead?: number;
  connectRate?: number;
  fault?: CrowdOptions['fault'];
}

export const DEFAULT_WATCH_MS = 30_000;

/** Whether this server may take the agent's place in this scenario, and the flags that go with it; a sentence why not. */
export function serverProblem(scenario: Scenario, profile: ServerProfile, options: { capture: boolean }): string | null {
  if (profile.agent) return null;
  if (scenario.agentOnly) return `${scenario.name} runs only with the lab's agent as the server: ${scenario.agentOnly}`;
  if (!options.capture) return `--no-capture needs the agent as the server: another server reports no events, so only the wire can judge it`;
  return null;
}

/**
 * Runs any scenario: one struck by a fault (a crowd of clients as a crowd), or one behind a middlebox. A run whose
 * times cannot be (the wall clock stepped, an answer before its request) comes back `invalid`.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  if (options.within !== undefined) withinProblem(scenario, options.within);
  const clock = watchClock();
  const result = await runOfKind(scenario, options);
  const checked = refuseImpossibleTimes(result, clock.stop());
  if (checked !== result) options.progress?.(`verdict: INVALID — ${checked.reason}`);
  return checked;
}

/** A bound only means something where the connection must end, and must be a time. */
function withinProblem(scenario: Scenario, withinMs: number): void {
  if (!Number.isFinite(withinMs) || withinMs <= 0) throw new UsageError(`--within must be a positive number of seconds, got '${withinMs / 1000}'`);
  if (scenario.expect.outcome !== 'error') throw new UsageError(`--within applies to scenarios where the connection must end; in ${scenario.name} it ${scenario.expect.outcome === 'alive' ? 'must stay up' : 'is a request through a middlebox'}`);
}

async function runOfKind(scenario: Scenario, options: RunOptions): Promise<RunResult> {
  if (isMiddleboxScenario(scenario)) {
    if (options.server && !options.server.agent) throw new UsageError(`${scenario.name} runs the lab's agent on both sides of the router: --server does not apply`);
    return runMiddlebox(scenario, { config: options.config, middlebox: options.middlebox, progress: options.progress, command: options.command });
  }
  if (scenario.crowd) return (await runCrowd(scenario, crowdOptions(scenario.crowd, options))).result;
  return runStruck(scenario, options);
}

/** A scenario of one connection, struck by a fault. */
async function runStruck(scenario: FaultScenario, options: RunOptions): Promise<RunResult> {
  const config = parseKeepaliveConfig({ ...scenario.defaults, ...options.config });
  const capture = options.capture ?? true;
  const observe = options.observe ?? 'wire+agent';
  const profile = options.server ?? agentProfile;
  if (observe === 'wire' && !capture) throw new UsageError('--observe wire needs the capture: drop --no-capture');
  const problem = serverProblem(scenario, profile, { capture });
  if (problem) throw new UsageError(problem);
  const progress = options.progress ?? (() => {});
  return withLabRun(scenario.name, progress, async ({ client, images, run }) => {
    const serverImage = profile.agent ? images.agent : await ensureServerImage(client, profile, 'auto', progress);
    const faultOptions = { ...scenario.fault.options, ...options.faultOptions };
    return execute({
      scenario, config, faultOptions, progress, client, images, run, command: options.command ?? '', capture, captureFile: options.captureFile, observe,
      profile, serverImage, shipped: options.serverDefaults ? asShipped(profile, config) : undefined, watchMs: options.watchMs ?? DEFAULT_WATCH_MS,
      ipVersion: options.ipVersion ?? 4, within: options.within, strict: options.strict ?? false,
    });
  });
}

function crowdOptions(crowd: NonNullable<FaultScenario['crowd']>, options: RunOptions): CrowdOptions {
  const connections = options.crowd?.connections ?? crowd.connections;
  return {
    connections, dead: options.crowd?.dead ?? Math.floor(connections / 2), connectRate: options.crowd?.connectRate, fault: options.crowd?.fault,
    config: options.config, server: options.server, watchMs: options.watchMs, progress: options.progress, command: options.command, ipVersion: options.ipVersion,
    captureFile: options.captureFile, connectionsFile: options.connectionsFile,
  };
}

interface RunContext {
  scenario: FaultScenario;
  config: KeepaliveConfig;
  faultOptions: FaultOptions;
  progress: (line: string) => void;
  client: Docker;
  images: LabImages;
  run: RunIdentity;
  command: string;
  capture: boolean;
  captureFile?: string;
  observe: ObserveMode;
  profile: ServerProfile;
  serverImage: string;
  /** Set when the server runs as it ships: the lab sets no keepalive and watches for `watchMs`. */
  shipped?: AsShipped;
  watchMs: number;
  ipVersion: IpVersion;
  within?: number;
  strict: boolean;
}

/** The agent's events count as a source when the agent is the server (not told to ignore them), or without a capture. */
const agentIsSource = (context: RunContext) => context.profile.agent && (context.observe === 'wire+agent' || !context.capture);

/** What the kernel applies: the server's way of applying the settings, or its defaults as it ships (null: off). */
const keepaliveApplied = (context: RunContext): KeepaliveConfig | null =>
  context.shipped ? context.shipped.applied : appliedKeepalive(context.profile, context.config);

/** What the run has set up by the time the fault comes. */
interface Prepared {
  topology: Topology;
  facts: FactLog;
  agentLog: AgentEventLog;
  wire?: PacketCapture;
  counters: CounterSampler;
  serverView?: ServerView;
  connection: ObservedConnection;
  fingerprint: Fingerprint;
  hz: KernelHz;
  /** The host's jiffy count on the capture's clock, where /proc/timer_list can be read. */
  jiffies: JiffyClock | null;
  labEvents: LabEvent[];
  startedAt: Instant;
}

async function execute(context: RunContext): Promise<RunResult> {
  const prepared = await prepare(context);
  const { scenario, progress } = context;
  const fault = FAULTS.get(scenario.fault.kind);
  if (!fault) throw new Error(`scenario ${scenario.name} names an unknown fault: ${scenario.fault.kind}`);
  const target: FaultTarget = { docker: context.client, peer: prepared.topology.peer.container, network: prepared.topology.network, sidecar: prepared.topology.peer.sidecar };
  const unsupported = await fault.unsupported?.(target);
  if (unsupported) {
    progress(`verdict: SKIPPED — ${unsupported}`);
    await stopSources(prepared);
    return resultOf(context, prepared, skippedAssessment(context.config, prepared.hz, unsupported), { at: now(), spanMs: 0, evidence: {} }, fault);
  }
  return faultAndWatch(context, prepared, fault, target);
}

/** Topology, sources, the connection, the environment. */
async function prepare(context: RunContext): Promise<Prepared> {
  const { scenario, config, progress, client, run } = context;
  const startedAt = now();
  const roles = rolesFor(scenario.fault.target);
  const facts = new FactLog();
  const agentLog = new AgentEventLog(agentIsSource(context) ? facts : undefined);
  const staged = await stageTopology(client, {
    run, images: context.images, scenario, roles, agentLog, profile: context.profile, serverImage: context.serverImage, keepalive: context.shipped ? null : config,
    ipVersion: context.ipVersion,
  });
  const wire = context.capture ? await PacketCapture.start(staged.observer.sidecar, facts, staged.port) : undefined; // before the handshake
  const topology = await staged.connect();
  progress(`topology up: ${context.profile.name} server ${topology.server.container.ip}, client ${topology.client.container.ip} on internal network ${topology.network.name}`);

  const connection = await awaitConnection(facts, wire ? 'wire' : 'agent', topology, roles, agentIsSource(context) ? agentLog : undefined);
  const counters = await CounterSampler.start(topology.observer.sidecar, facts, connection.key);
  const serverView = context.profile.clients && await ServerView.start(topology.server.container, context.profile.clients, connection.client, connection.key, facts);
  progress(agentIsSource(context)
    ? `connected: the ${roles.observer}'s socket holds ${describeOptions(connection.heldOptions)}`
    : `connected: ${connection.client} → ${connection.server} (the handshake on the wire)${serverView ? `; ${context.profile.name} lists ${serverView.result().before} client(s)` : ''}`);
  const { fingerprint, hz } = await takeFingerprint(client, topology.observer.sidecar, topology.server.container, context.profile);
  const jiffies = hz.hz === null ? null : await readJiffyClock(hz.hz);
  return { topology, facts, agentLog, wire, counters, serverView, connection, fingerprint, hz, jiffies, labEvents: [], startedAt };
}

/** What a run's fault phase works with: who observes, the settings the kernel applies, what is expected and predicted. */
interface Plan {
  roles: Roles;
  /** What the kernel applies (a server that leaves keepalive off: the settings, whose windows are never reached). */
  effective: KeepaliveConfig;
  busy?: BusyObserver;
  expect: Expectation;
  /** Which timer's chain the run predicts: the keepalive timer's at the fault, the retransmission timer's during the watch. */
  predicts: 'keepalive' | 'retransmission' | null;
  watch: ProbeWatch | null;
}

function planOf(context: RunContext, prepared: Prepared): Plan {
  const roles = rolesFor(context.scenario.fault.target);
  const effective = keepaliveApplied(context) ?? context.config;
  const busy = busyObserver(context.scenario);
  const expect = expectationOf(context, { config: effective, hz: prepared.hz, roles, busy, faultAt: 0, faultSpanMs: 0 });
  const ending = expect.outcome === 'error' ? endingOf(expect) : null;
  const predicts = ending === 'keepalive' ? 'keepalive' : ending === 'retransmission' && busy ? 'retransmission' : null;
  const watch = prepared.wire ? { facts: prepared.facts, wire: prepared.wire, fixPhase: predicts === 'keepalive', jiffies: prepared.jiffies } : null;
  return { roles, effective, busy, expect, predicts, watch };
}

/** Keepalive proven active, the fault, the watch, the assessment; the fault is healed whatever happens. */
async function faultAndWatch(context: RunContext, prepared: Prepared, fault: Fault, target: FaultTarget): Promise<RunResult> {
  const { scenario, config, progress } = context;
  const { hz } = prepared;
  const plan = planOf(context, prepared);
  const { roles, effective, busy, expect } = plan;
  const baseline = await awaitBaseline(context, prepared, plan);
  const injected = await fault.inject(target, context.faultOptions);
  // The fault's moment is when its injection began (a FIN can beat `docker kill`'s reply); it was surely in effect at `injected.at`.
  const faultStart = injected.at - injected.spanMs;
  try {
    note(prepared, 'fault', `${fault.name} on the ${scenario.fault.target}: injecting began; in effect ${injected.spanMs.toFixed(1)} ms later`, faultStart);
    const atFault = plan.predicts === 'keepalive' ? await keepalivePrediction(prepared, plan, baseline, injected.at, faultStart) : undefined;
    const ruleContext: RuleContext = { config: effective, hz, roles, busy, faultAt: faultStart, faultSpanMs: injected.spanMs, resetsFrom: injected.resetsFrom };
    const window = rulesWindowNow(prepared, plan, ruleContext);
    // A connection expected to stay up must outlive the window the requested settings (or the shipped ones) would give.
    const requestedWindow = expectedKeepaliveWindow(context.shipped ? effective : config, { hz, faultSpanMs: injected.spanMs });
    const observedForMs = expect.outcome === 'error'
      ? window.latestMs * 1.5 + 5_000 // long enough to measure a late error, not only to miss it
      : expect.forMs ?? requestedWindow.latestMs * expect.windows;
    const predicted = atFault ? ` — the lab ${describePrediction(atFault, faultStart)}` : '';
    const pressureFrom = await markCpuPressure();
    progress(`fault ${fault.name} on the ${roles.peer} at ${new Date(faultStart).toISOString()}; the kernel's rules give ${describeExpectation(expect, expect.outcome === 'alive' ? requestedWindow : window, observedForMs)}${predicted}`);
    const { ended, prediction } = await watchPredicting(context, prepared, plan, { faultStart, faultAt: injected.at, forMs: observedForMs });
    const agentEvent = agentIsSource(context) ? await agentTerminalEvent(prepared.agentLog, roles.observer, faultStart, ended !== null) : undefined;
    if (ended && prepared.serverView) await prepared.facts.waitFor((fact) => fact.source === 'server' && fact.kind === 'ended', SERVER_RELEASE_GRACE_MS);
    await stopSources(prepared);
    const assessed = await assessRun(context, prepared, plan, {
      injected, baseline, window, observedForMs, ended: ended !== null, agentEvent, prediction: atFault ?? prediction,
      cpuPressurePct: cpuPressurePct(pressureFrom, await markCpuPressure()),
    });
    progress(`verdict: ${assessed.assessment.verdict.toUpperCase()} — ${assessed.assessment.reason}${prepared.wire ? '' : ' (no capture: fault-based window)'}`);
    const observerSocket = ended ? undefined : assessed.observerSocket;
    return resultOf(context, prepared, assessed.assessment, { at: faultStart, spanMs: injected.spanMs, evidence: assessed.evidence }, fault, { observerSocket, observedForMs, expectation: expect });
  } finally {
    await injected.heal();
  }
}

function note(prepared: Prepared, event: string, detail: string, t = now()): void {
  prepared.labEvents.push({ t, event, detail });
}

/** Before the fault: keepalive proven active (and, for a prediction, the probes that fix its timer's phase). */
async function awaitBaseline(context: RunContext, prepared: Prepared, { roles, effective, busy, expect, watch }: Plan): Promise<KeepaliveActive> {
  // A busy observer never probes (data in flight silences keepalive); an expectation of no probes needs no wait.
  const probesExpected = !busy && (expect.outcome === 'error' || expect.probes === 'answered');
  const baseline: KeepaliveActive = probesExpected
    ? await awaitKeepaliveActive(watch, prepared.topology, prepared.connection, effective, prepared.hz, roles)
    : { at: now(), counters: prepared.wire ? undefined : await readCounters(prepared.topology.observer.sidecar) };
  if (busy) note(prepared, 'busy', `the ${roles.observer} writes every ${busy.writeEveryMs} ms, so data is nearly always in flight`, baseline.at);
  if (probesExpected) {
    const answered = baseline.answeredProbes ?? 1;
    note(prepared, 'keepalive-active', answered === 1
      ? `the ${roles.observer} sent its first keepalive probe (the ${roles.peer} answered)`
      : `the ${roles.peer} answered ${answered} keepalive probes of the ${roles.observer}'s: they fix its timer's phase`, baseline.at);
    context.progress(`keepalive active: the ${roles.observer}'s kernel is probing and the ${roles.peer}'s kernel answers${answered > 1 ? ` (${answered} probes answered before the fault)` : ''}`);
  }
  return baseline;
}

/** The keepalive chain predicted when the fault takes effect (or why not: without a capture there is no probe to fit). */
async function keepalivePrediction(prepared: Prepared, { effective, watch }: Plan, baseline: KeepaliveActive, inEffectAt: Instant, faultStart: Instant): Promise<StatedPrediction<TimerPrediction>> {
  const stated = watch
    ? await predictAtFault(watch, prepared.connection, effective, prepared.hz, baseline, inEffectAt)
    : { outcome: { missing: 'no capture, so no probe before the fault to fix the timer\'s phase' }, madeAt: now() };
  note(prepared, 'prediction', describePrediction(stated, faultStart), stated.madeAt);
  return stated;
}

/**
 * The window the verdict will use, as far as the wire already shows it: counted from the last segment received
 * before the fault where the rule counts from it (the progress line and the verdict quote the same window), else
 * from the fault.
 */
function rulesWindowNow(prepared: Prepared, plan: Plan, context: RuleContext): ExpectedWindow {
  const rule = ENDING_RULES[endingOf(plan.expect)];
  if (!prepared.wire || plan.expect.outcome !== 'error') return rule.fromFault(context);
  const { key, observerEndpoint } = prepared.connection;
  const sofar = analyseWire(prepared.wire.packetsOf(key), observerEndpoint, context.faultAt, context.faultAt + context.faultSpanMs);
  return rule.fromWire(context, sofar)?.window ?? rule.fromFault(context);
}

/** The watch for the ending; meanwhile a busy observer's retransmission chain is predicted from its first retransmissions. */
async function watchPredicting(context: RunContext, prepared: Prepared, plan: Plan, span: { faultStart: Instant; faultAt: Instant; forMs: number }) {
  const { connection, facts, hz } = prepared;
  const stop = new AbortController();
  const predicting = plan.predicts === 'retransmission' && plan.watch && plan.busy
    ? predictFromRetransmissions(plan.watch, connection, plan.effective, plan.busy.retries2, hz, span.faultStart, span.forMs, stop.signal).then((stated) => {
      note(prepared, 'prediction', describePrediction(stated, span.faultStart), stated.madeAt);
      context.progress(`the lab ${describePrediction(stated, span.faultStart)}`);
      return stated;
    })
    : undefined;
  const trusted: SourceName[] = prepared.wire ? ['wire', 'counters'] : ['agent', 'counters'];
  const ended = await watchForEnding({ facts, connection: connection.key, trusted, faultStart: span.faultStart, faultAt: span.faultAt, forMs: span.forMs, progress: context.progress });
  stop.abort();
  const { observer } = plan.roles;
  context.progress(ended
    ? `${observer}: connection ended at ${signedSeconds(ended.t - span.faultStart)} from the fault (${endedText(ended)})`
    : `${observer}: connection still up after ${(span.forMs / 1000).toFixed(1)} s`);
  return { ended, prediction: await predicting };
}

interface Watched {
  injected: InjectedFault;
  baseline: KeepaliveActive;
  window: ExpectedWindow;
  observedForMs: number;
  ended: boolean;
  agentEvent: AgentEvent | null | undefined;
  prediction?: StatedPrediction<TimerPrediction>;
  cpuPressurePct: number | null;
}

/** Everything observed, once the sources have stopped, judged. */
async function assessRun(context: RunContext, prepared: Prepared, { roles, busy, effective, expect }: Plan, watched: Watched) {
  const { topology, connection, hz } = prepared;
  const { injected, baseline } = watched;
  const captured = prepared.wire?.result();
  if (captured && context.captureFile) {
    await mkdir(dirname(context.captureFile), { recursive: true });
    await writeFile(context.captureFile, captured.pcap);
  }
  const peerEndpoint = connection.observerEndpoint === connection.server ? connection.client : connection.server;
  const [after, observerSocket, evidence, peerNeighbour] = await Promise.all([
    prepared.wire ? Promise.resolve(undefined) : readCounters(topology.observer.sidecar),
    readConnection(topology.observer.sidecar, connection.observerEndpoint, peerEndpoint),
    injected.evidence(),
    readNeighbour(topology.observer.sidecar, addressOf(peerEndpoint)),
  ]);
  const probeCount = (counters?: ReadonlyMap<string, number>) => counters?.get(KEEPALIVE_PROBES_SENT) ?? 0;
  const assessment = assess({
    // As it ships, the settings "asked for" are the server's own: a connection that lives is judged by their window.
    roles, busy, config: effective, requestedConfig: context.shipped ? effective : context.config, expect, faultAt: injected.at - injected.spanMs, faultSpanMs: injected.spanMs, hz,
    resetsFrom: injected.resetsFrom, withinMs: context.within, strict: context.strict, cpuPressurePct: watched.cpuPressurePct, peerNeighbour,
    observedForMs: watched.observedForMs, shipped: context.shipped,
    observerSocket: watched.ended ? undefined : observerSocket,
    heldOptions: connection.heldOptions,
    wire: captured && {
      packets: captured.packets.filter((packet) => packet.connection === connection.key), observerEndpoint: connection.observerEndpoint,
      droppedByKernel: captured.droppedByKernel, droppedByInterface: captured.droppedByInterface,
    },
    counters: { abort: prepared.counters.abortTrace(), stats: prepared.counters.stats() },
    ...(watched.agentEvent !== undefined ? { agent: watched.agentEvent } : {}),
    probesCounted: probeCount(after) - probeCount(baseline.counters),
    ...(watched.prediction ? { prediction: watched.prediction } : {}),
    probesCountedExpected: expectedProbes(effective, watched.window, injected, baseline.at),
  });
  return { assessment, observerSocket, evidence };
}

/** How long the server may take to let the client go after its kernel did (it reads the error on its next turn). */
const SERVER_RELEASE_GRACE_MS = 5_000;

async function stopSources(prepared: Prepared): Promise<void> {
  await Promise.all([prepared.wire?.stop(), prepared.counters.stop(), prepared.agentLog.stop(), prepared.serverView?.stop()]);
}

/** The scenario's expectation, or — for a server as it ships — what its defaults bring within the watch. */
function expectationOf(context: RunContext, ruleContext: RuleContext): Expectation {
  return context.shipped ? expectationAsShipped(context.scenario, context.shipped, ruleContext, context.watchMs) : context.scenario.expect;
}

async function resultOf(
  context: RunContext, prepared: Prepared, assessment: Assessment, injected: { at: Instant; spanMs: number; evidence: FaultEvidence }, fault: Fault,
  extra: Partial<RunResult> = {},
): Promise<RunResult> {
  const { scenario, config, run, profile } = context;
  const observedBy: SourceName[] = [
    ...(prepared.wire ? ['wire' as const] : []), 'counters', ...(agentIsSource(context) ? ['agent' as const] : []), ...(prepared.serverView ? ['server' as const] : []),
  ];
  const applied = keepaliveApplied(context);
  const view = prepared.serverView?.result();
  return {
    scenario: scenario.name,
    summary: scenario.summary,
    finding: scenario.finding,
    expectation: scenario.expect,
    roles: rolesFor(scenario.fault.target),
    runId: run.runId,
    ...assessment,
    observedForMs: 0,
    config: summarizeConfig(config),
    appliedConfig: summarizeConfig(applied ?? config),
    server: {
      profile: profile.name, source: profile.source, image: context.serverImage, how: profile.keepalive.how, takes: profile.keepalive.takes,
      ...(profile.agent ? {} : { log: (await containerLog(context.client, prepared.topology.server.container.name)).trim().split('\n').slice(-SERVER_LOG_LINES) }),
    },
    ...(context.shipped ? { asShipped: { applied: context.shipped.applied && summarizeConfig(context.shipped.applied), detectionMs: context.shipped.detectionMs, derivation: context.shipped.derivation, watchMs: context.watchMs } } : {}),
    ...(view ? { app: appView(view, injected.at) } : {}),
    observedBy,
    ipVersion: context.ipVersion,
    connection: { client: prepared.connection.client, server: prepared.connection.server },
    observerSocketOptions: prepared.connection.heldOptions,
    fault: { kind: fault.name, target: scenario.fault.target, options: context.faultOptions, at: new Date(injected.at).toISOString(), spanMs: toMicroseconds(injected.spanMs), evidence: injected.evidence },
    timeline: buildTimeline(agentIsSource(context) ? prepared.agentLog.items : [], prepared.labEvents, prepared.facts.items, injected.at),
    environment: prepared.fingerprint,
    command: context.command,
    startedAt: new Date(prepared.startedAt).toISOString(),
    durationMs: toMicroseconds(now() - prepared.startedAt),
    ...extra,
  };
}

function appView(view: ServerViewResult, faultAt: Instant): NonNullable<RunResult['app']> {
  const fromFault = (t: Instant) => toMicroseconds(t - faultAt);
  return { before: view.before, after: view.after, source: view.source, changedAtMs: view.changedAt === null ? null : fromFault(view.changedAt), heldUntilMs: fromFault(view.heldUntil) };
}

function busyObserver(scenario: FaultScenario): BusyObserver | undefined {
  const writeEveryMs = scenario.observer?.writeEveryMs ?? 0;
  if (writeEveryMs <= 0) return undefined;
  return { retries2: Number(scenario.observer?.sysctls?.['net.ipv4.tcp_retries2'] ?? DEFAULT_TCP_RETRIES2), writeEveryMs };
}

function endedText(fact: { signal?: string; at?: string; source: SourceName }): string {
  if (fact.source === 'counters') return 'the kernel counted a timeout abort, no packet on the wire';
  if (fact.source === 'agent') return `the agent's ${fact.signal} event`;
  return `${fact.signal?.toUpperCase()} from ${fact.at} on the wire`;
}

/**
 * With count in charge, the probes after the fault are exactly `count` unanswered ones: the fault strikes
 * right after the first probe was seen, at least min(idle, interval) before the next. If injecting took longer
 * than that, one answered probe may fall in between. The user-timeout rule fixes no count.
 */
function expectedProbes(config: KeepaliveConfig, window: ExpectedWindow, fault: InjectedFault, baselineAt: Instant) {
  if (window.mechanism !== 'keepalive') return undefined;
  const maybeOneAnswered = fault.at - baselineAt >= Math.min(config.idleS, config.intervalS) * 1000 ? 1 : 0;
  return { min: config.count, max: config.count + maybeOneAnswered };
}

/** The server's last log lines kept in the report. */
const SERVER_LOG_LINES = 40;

function describeExpectation(expect: Expectation, window: ExpectedWindow, forMs: number): string {
  const range = secondsRange(window.earliestMs, window.latestMs, '–');
  if (expect.outcome === 'error') return `${expect.codes.join(' or ')} in ${range}`;
  return expect.forMs ? `no error for the ${(forMs / 1000).toFixed(1)} s watched` : `no error for ${(forMs / 1000).toFixed(1)} s (${expect.windows}× the ${range} window)`;
}
