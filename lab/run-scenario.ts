// One run of a scenario: images → topology → connection → keepalive active → fault → observe → verdict → down.
// Everything the verdict uses is measured; everything the run creates is removed in `finally`.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Docker from 'dockerode';
import { type Instant, now, toMicroseconds } from './clock.ts';
import { effectiveKeepalive, type KeepaliveConfig, parseKeepaliveConfig } from './config/keepalive-config.ts';
import { EnvironmentError } from './errors.ts';
import type { FaultEvidence, FaultOptions, FaultTarget, InjectedFault } from './faults/fault.ts';
import { FAULTS } from './faults/index.ts';
import { ENDING_RULES } from './endings/index.ts';
import { expectedKeepaliveWindow } from './model/keepalive-window.ts';
import type { ExpectedWindow } from './model/window.ts';
import { DEFAULT_TCP_RETRIES2 } from './model/retransmission-window.ts';
import type { KernelHz } from './model/kernel-hz.ts';
import { type AgentEvent, AgentEventLog, isEvent, outcomeOf } from './observe/agent-events.ts';
import type { Role } from './roles.ts';
import { type Counters, KEEPALIVE_PROBES_SENT, readCounters } from './observe/kernel-counters.ts';
import { PacketCapture } from './observe/packet-capture.ts';
import { readLabConnection, type SocketState } from './observe/socket-state.ts';
import { type Fingerprint, takeFingerprint } from './report/fingerprint.ts';
import { secondsRange, signedSeconds } from './report/format.ts';
import { buildTimeline, describeOptions, type LabEvent, type TimelineEntry } from './report/timeline.ts';
import { trackRun } from './runtime/active-runs.ts';
import { startAgent } from './runtime/agent-container.ts';
import { removeOrphans, removeRun } from './runtime/cleanup.ts';
import { docker } from './runtime/docker-client.ts';
import { ensureImages, type LabImages } from './runtime/images.ts';
import { createInternalNetwork } from './runtime/network.ts';
import { newRunIdentity, type RunIdentity } from './runtime/run-identity.ts';
import { type Sidecar, startSidecar } from './runtime/sidecar.ts';
import { endingOf, type Scenario } from './scenario.ts';
import { type Assessment, assess, skippedAssessment } from './assess.ts';
import { type Roles, rolesFor } from './roles.ts';

export interface RunOptions {
  /** Overrides of the scenario's keepalive defaults. */
  config?: Partial<KeepaliveConfig>;
  progress?: (line: string) => void;
  /** The command line that reproduces this run, for the report. */
  command?: string;
  /** Capture the observer's packets (default true); without, the verdict falls back to the fault-based window. */
  capture?: boolean;
  /** Where to keep the capture as a pcap file, if anywhere. */
  captureFile?: string;
  /** Overrides of the fault's parameters (e.g. { direction: 'out' }), on top of the scenario's. */
  faultOptions?: FaultOptions;
}

type ConfigSummary = { idle: number; interval: number; count: number; userTimeout: number; setOn: KeepaliveConfig['setOn'] };
const summarize = (config: KeepaliveConfig): ConfigSummary =>
  ({ idle: config.idleS, interval: config.intervalS, count: config.count, userTimeout: config.userTimeoutMs, setOn: config.setOn });

export type { TimelineEntry } from './report/timeline.ts';

/** A run's assessment (verdict, outcome, window, mechanism, probes…) with what it ran and where. */
export interface RunResult extends Assessment {
  scenario: string;
  summary: string;
  finding: string;
  /** What the scenario expected: an error (codes, and what ends the connection) or a connection that lives. */
  expectation: Scenario['expect'];
  /** Who held keepalive and had to notice (observer), and who was faulted (peer). */
  roles: Roles;
  runId: string;
  config: ConfigSummary;
  /** What the kernel applies: differs from `config` where Node alone sets keepalive (libuv's 1 s / 10, or the namespace's defaults). */
  appliedConfig: ConfigSummary;
  /** Options the server's accepted socket really held (getsockopt). */
  observerSocketOptions: Record<string, unknown>;
  fault: { kind: string; target: string; options: FaultOptions; at: string; spanMs: number; evidence: FaultEvidence };
  observerSocket?: SocketState;
  observedForMs: number;
  timeline: TimelineEntry[];
  environment: Fingerprint;
  command: string;
  startedAt: string;
  durationMs: number;
}

const CONNECT_TIMEOUT_MS = 15_000;
const PROGRESS_EVERY_MS = 10_000;

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const config = parseKeepaliveConfig({ ...scenario.defaults, ...options.config });
  const progress = options.progress ?? (() => {});
  const client = await docker();
  const reaped = await removeOrphans(client);
  if (reaped.runs.length > 0) progress(`removed ${reaped.containers} container(s) and ${reaped.networks} network(s) left by ${reaped.runs.length} dead run(s)`);
  const images = await ensureImages({ progress });

  const run = newRunIdentity(scenario.name);
  const untrack = trackRun(run.runId, () => removeRun(client, run.runId));
  try {
    const faultOptions = { ...scenario.fault.options, ...options.faultOptions };
    return await execute({ scenario, config, faultOptions, progress, client, images, run, command: options.command ?? '', capture: options.capture ?? true, captureFile: options.captureFile });
  } finally {
    await removeRun(client, run.runId);
    untrack();
  }
}

interface RunContext {
  scenario: Scenario;
  config: KeepaliveConfig;
  faultOptions: FaultOptions;
  progress: (line: string) => void;
  client: Docker;
  images: LabImages;
  run: RunIdentity;
  command: string;
  capture: boolean;
  captureFile?: string;
}

async function execute(context: RunContext): Promise<RunResult> {
  const { scenario, config, progress, client, images, run } = context;
  const startedAt = now();
  const labEvents: LabEvent[] = [];
  const note = (event: string, detail: string, t = now()) => labEvents.push({ t, event, detail });

  // The observer holds keepalive and must notice; the peer is the one the fault strikes.
  const roles = rolesFor(scenario.fault.target);
  const observerSpec = (role: Role) => (role === roles.observer ? { keepalive: config, ...scenario.observer } : {});
  const network = await createInternalNetwork(client, run);
  const events = new AgentEventLog();
  const server = await startAgent(images.agent, run, network, { role: 'server', ...observerSpec('server') }, events);
  const clientAgent = await startAgent(images.agent, run, network, { role: 'client', connectTo: server.ip, ...observerSpec('client') }, events);
  const [serverSidecar, clientSidecar] = await Promise.all([startSidecar(images.base, run, server), startSidecar(images.base, run, clientAgent)]);
  const side = { server: { agent: server, sidecar: serverSidecar }, client: { agent: clientAgent, sidecar: clientSidecar } };
  const observer = side[roles.observer];
  const capture = context.capture ? await PacketCapture.start(observer.sidecar) : undefined; // before the handshake
  await client.getContainer(clientAgent.id).kill({ signal: 'SIGUSR1' }); // the client connects only now
  progress(`topology up: server ${server.ip}, client ${clientAgent.ip} on internal network ${network.name}`);

  const accepted = await events.waitFor(isEvent('server', 'accepted'), CONNECT_TIMEOUT_MS);
  const connected = await events.waitFor(isEvent('client', 'connected'), CONNECT_TIMEOUT_MS);
  const greeted = await events.waitFor(isEvent('client', 'data'), CONNECT_TIMEOUT_MS);
  if (!accepted || !connected || !greeted) throw new EnvironmentError(`the client did not connect to the server within ${CONNECT_TIMEOUT_MS / 1000} s; try: npm run lab -- doctor`);
  const listening = await events.waitFor(isEvent('server', 'listening'), 0);
  const observerEvent = roles.observer === 'server' ? accepted : connected;
  const observerSocketOptions = (observerEvent.options ?? {}) as Record<string, unknown>;
  const observerEndpoint = String(observerEvent.local).replace(/^::ffff:/, '');
  progress(`connected: the ${roles.observer}'s socket holds ${describeOptions(observerSocketOptions)}`);

  const { fingerprint, hz } = await takeFingerprint(client, observer.sidecar, (listening?.versions ?? { node: '?', uv: '?' }) as { node: string; uv: string });
  const fault = FAULTS.get(scenario.fault.kind);
  if (!fault) throw new Error(`scenario ${scenario.name} names an unknown fault: ${scenario.fault.kind}`);
  const target: FaultTarget = { docker: client, peer: side[roles.peer].agent, network, sidecar: side[roles.peer].sidecar };
  const report = (assessment: Assessment, injected: { at: Instant; spanMs: number; evidence: FaultEvidence }, extra: Partial<RunResult> = {}): RunResult => ({
    scenario: scenario.name,
    summary: scenario.summary,
    finding: scenario.finding,
    expectation: scenario.expect,
    roles,
    runId: run.runId,
    ...assessment,
    observedForMs: 0,
    config: summarize(config),
    appliedConfig: summarize(effectiveKeepalive(config)),
    observerSocketOptions,
    fault: { kind: fault.name, target: scenario.fault.target, options: context.faultOptions, at: new Date(injected.at).toISOString(), spanMs: toMicroseconds(injected.spanMs), evidence: injected.evidence },
    timeline: buildTimeline(events.events, labEvents, injected.at),
    environment: fingerprint,
    command: context.command,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: toMicroseconds(now() - startedAt),
    ...extra,
  });

  const unsupported = await fault.unsupported?.(target);
  if (unsupported) {
    progress(`verdict: SKIPPED — ${unsupported}`);
    return report(skippedAssessment(config, hz, unsupported), { at: now(), spanMs: 0, evidence: {} });
  }
  const effective = effectiveKeepalive(config); // what Node and the kernel really apply
  // A busy observer never probes (data in flight silences keepalive); an expectation of no probes needs no wait.
  const writeEveryMs = scenario.observer?.writeEveryMs ?? 0;
  const busy = writeEveryMs > 0;
  const busyContext = busy ? { retries2: Number(scenario.observer?.sysctls?.['net.ipv4.tcp_retries2'] ?? DEFAULT_TCP_RETRIES2), writeEveryMs } : undefined;
  const probesExpected = !busy && (scenario.expect.outcome === 'error' || scenario.expect.probes === 'answered');
  const baseline = probesExpected
    ? await waitForFirstProbe(observer.sidecar, effective, hz, roles)
    : { counters: await readCounters(observer.sidecar), at: now() };
  if (busy) note('busy', `the ${roles.observer} writes every ${writeEveryMs} ms, so data is nearly always in flight`, baseline.at);
  if (probesExpected) {
    note('keepalive-active', `the ${roles.observer} sent its first keepalive probe (the ${roles.peer} answered)`, baseline.at);
    progress(`keepalive active: the ${roles.observer}'s kernel is probing and the ${roles.peer}'s kernel answers`);
  }

  const injected = await fault.inject(target, context.faultOptions);
  try {
    note('fault', `${fault.name} on the ${scenario.fault.target} in effect (injecting took ${injected.spanMs.toFixed(1)} ms)`, injected.at);
    const ending = endingOf(scenario.expect);
    const window = ENDING_RULES[ending].fromFault({ config: effective, hz, faultAt: injected.at, faultSpanMs: injected.spanMs, roles, busy: busyContext });
    // A connection expected to stay up must outlive the window the requested settings would give.
    const requestedWindow = expectedKeepaliveWindow(config, { hz, faultSpanMs: injected.spanMs });
    progress(`fault ${fault.name} on the ${roles.peer} at ${new Date(injected.at).toISOString()}; the model expects ${describeExpectation(scenario, scenario.expect.outcome === 'alive' ? requestedWindow : window)}`);

    const observedForMs = scenario.expect.outcome === 'error'
      ? window.latestMs * 1.5 + 5_000 // long enough to measure a late error, not only to miss it
      : requestedWindow.latestMs * scenario.expect.windows;
    // The fault took effect somewhere in its injection span: a FIN can beat `docker kill`'s reply.
    const terminal = await waitWithProgress(events, roles.observer, injected.at - injected.spanMs, injected.at, observedForMs, progress);
    progress(terminal
      ? `${roles.observer}: ${outcomeOf(terminal)} at ${signedSeconds(terminal.t - injected.at)} from the fault`
      : `${roles.observer}: connection still up after ${(observedForMs / 1000).toFixed(1)} s`);

    const pcap = await capture?.stop();
    if (pcap && context.captureFile) {
      await mkdir(dirname(context.captureFile), { recursive: true });
      await writeFile(context.captureFile, pcap);
    }
    const [after, observerSocket, evidence] = await Promise.all([
      readCounters(observer.sidecar),
      terminal ? Promise.resolve(undefined) : readLabConnection(observer.sidecar),
      injected.evidence(),
    ]);
    const assessment = assess({
      roles, busy: busyContext, config: effective, requestedConfig: config, expect: scenario.expect, faultAt: injected.at, faultSpanMs: injected.spanMs, hz, terminal, observedForMs, observerSocket,
      heldOptions: observerSocketOptions,
      probesCounted: probeCount(after) - probeCount(baseline.counters),
      probesCountedExpected: expectedProbes(effective, window, injected, baseline.at),
      capture: pcap && { pcap, observerEndpoint },
    });
    progress(`verdict: ${assessment.verdict.toUpperCase()} — ${assessment.reason}${pcap ? '' : ' (no capture: fault-based window)'}`);

    return report(assessment, { at: injected.at, spanMs: injected.spanMs, evidence }, { observerSocket, observedForMs });
  } finally {
    await injected.heal();
  }
}

/** Waits until the observer's kernel has sent a keepalive probe: keepalive is proven active before the fault. */
async function waitForFirstProbe(sidecar: Sidecar, config: KeepaliveConfig, hz: KernelHz, roles: Roles): Promise<{ counters: Counters; at: Instant }> {
  const deadline = now() + config.idleS * 1000 + expectedKeepaliveWindow(config, { hz, faultSpanMs: 0 }).timerRoundingMs + 5_000;
  for (;;) {
    const counters = await readCounters(sidecar);
    if (probeCount(counters) > 0) return { counters, at: now() };
    if (now() > deadline) {
      throw new EnvironmentError(`the ${roles.observer}'s kernel sent no keepalive probe within ${config.idleS} s of idle: keepalive is not active on its socket`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for the observer's first terminal socket event after the fault, with a progress line every 10 s. */
async function waitWithProgress(events: AgentEventLog, observer: Role, faultStart: Instant, faultAt: Instant, forMs: number, progress: (line: string) => void): Promise<AgentEvent | null> {
  const ticker = setInterval(() => progress(`waiting: ${((now() - faultAt) / 1000).toFixed(0)} s since the fault (observing up to ${(forMs / 1000).toFixed(0)} s)`), PROGRESS_EVERY_MS);
  try {
    const isTerminal = (event: AgentEvent) => event.role === observer && event.t >= faultStart && ['error', 'end', 'close'].includes(event.event);
    return await events.waitFor(isTerminal, Math.max(0, faultAt + forMs - now()));
  } finally {
    clearInterval(ticker);
  }
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

const probeCount = (counters: Counters) => counters.get(KEEPALIVE_PROBES_SENT) ?? 0;

function describeExpectation(scenario: Scenario, window: ExpectedWindow): string {
  const range = secondsRange(window.earliestMs, window.latestMs, '–');
  return scenario.expect.outcome === 'error'
    ? `${scenario.expect.codes.join(' or ')} in ${range}`
    : `no error for ${((window.latestMs * scenario.expect.windows) / 1000).toFixed(1)} s (${scenario.expect.windows}× the ${range} window)`;
}
