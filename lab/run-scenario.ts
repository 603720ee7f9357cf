// One run of a scenario: images → topology → connection → keepalive active → fault → watch → verdict → down.
// Everything the verdict uses is measured; everything the run creates is removed in `finally`.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Docker from 'dockerode';
import { type Instant, now, toMicroseconds } from './clock.ts';
import { effectiveKeepalive, type KeepaliveConfig, parseKeepaliveConfig } from './config/keepalive-config.ts';
import { ENDING_RULES } from './endings/index.ts';
import type { BusyObserver } from './endings/rule.ts';
import { UsageError } from './errors.ts';
import type { Fault, FaultEvidence, FaultOptions, FaultTarget, InjectedFault } from './faults/fault.ts';
import { FAULTS } from './faults/index.ts';
import { expectedKeepaliveWindow } from './model/keepalive-window.ts';
import type { KernelHz } from './model/kernel-hz.ts';
import { DEFAULT_TCP_RETRIES2 } from './model/retransmission-window.ts';
import type { ExpectedWindow } from './model/window.ts';
import { type Assessment, assess, skippedAssessment } from './assess.ts';
import { AgentEventLog } from './observe/agent-events.ts';
import { FactLog, type SourceName } from './observe/facts.ts';
import { KEEPALIVE_PROBES_SENT, readCounters } from './observe/kernel-counters.ts';
import { PacketCapture } from './observe/packet-capture.ts';
import { readLabConnection } from './observe/socket-state.ts';
import { CounterSampler } from './observe/counter-sampler.ts';
import { type Fingerprint, takeFingerprint } from './report/fingerprint.ts';
import { secondsRange, signedSeconds } from './report/format.ts';
import { buildTimeline, describeOptions, type LabEvent } from './report/timeline.ts';
import { rolesFor } from './roles.ts';
import { awaitConnection, awaitKeepaliveActive, type KeepaliveActive, type ObservedConnection } from './run/connection.ts';
import { type RunResult, summarizeConfig } from './run/result.ts';
import { connectClient, startTopology, type Topology } from './run/topology.ts';
import { agentTerminalEvent, watchForEnding } from './run/watch.ts';
import { trackRun } from './runtime/active-runs.ts';
import { removeOrphans, removeRun } from './runtime/cleanup.ts';
import { docker } from './runtime/docker-client.ts';
import { ensureImages, type LabImages } from './runtime/images.ts';
import { newRunIdentity, type RunIdentity } from './runtime/run-identity.ts';
import { endingOf, type Scenario } from './scenario.ts';

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
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const config = parseKeepaliveConfig({ ...scenario.defaults, ...options.config });
  const capture = options.capture ?? true;
  const observe = options.observe ?? 'wire+agent';
  if (observe === 'wire' && !capture) throw new UsageError('--observe wire needs the capture: drop --no-capture');
  const progress = options.progress ?? (() => {});
  const client = await docker();
  const reaped = await removeOrphans(client);
  if (reaped.runs.length > 0) progress(`removed ${reaped.containers} container(s) and ${reaped.networks} network(s) left by ${reaped.runs.length} dead run(s)`);
  const images = await ensureImages({ progress });

  const run = newRunIdentity(scenario.name);
  const untrack = trackRun(run.runId, () => removeRun(client, run.runId));
  try {
    const faultOptions = { ...scenario.fault.options, ...options.faultOptions };
    return await execute({ scenario, config, faultOptions, progress, client, images, run, command: options.command ?? '', capture, captureFile: options.captureFile, observe });
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
  observe: ObserveMode;
}

/** What the run has set up by the time the fault comes. */
interface Prepared {
  topology: Topology;
  facts: FactLog;
  agentLog: AgentEventLog;
  wire?: PacketCapture;
  counters: CounterSampler;
  connection: ObservedConnection;
  fingerprint: Fingerprint;
  hz: KernelHz;
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
  const agentIsSource = context.observe === 'wire+agent' || !context.capture;
  const agentLog = new AgentEventLog(agentIsSource ? facts : undefined);
  const topology = await startTopology(client, { run, images: context.images, scenario, config, roles, agentLog });
  const wire = context.capture ? await PacketCapture.start(topology.observer.sidecar, facts, topology.port) : undefined; // before the handshake
  await connectClient(client, topology);
  progress(`topology up: server ${topology.server.container.ip}, client ${topology.client.container.ip} on internal network ${topology.network.name}`);

  const connection = await awaitConnection(facts, wire ? 'wire' : 'agent', topology, roles, agentIsSource ? agentLog : undefined);
  const counters = await CounterSampler.start(topology.observer.sidecar, facts, connection.key);
  progress(agentIsSource
    ? `connected: the ${roles.observer}'s socket holds ${describeOptions(connection.heldOptions)}`
    : `connected: ${connection.client} → ${connection.server} (the handshake on the wire)`);
  const { fingerprint, hz } = await takeFingerprint(client, topology.observer.sidecar, topology.server.container);
  return { topology, facts, agentLog, wire, counters, connection, fingerprint, hz, labEvents: [], startedAt };
}

/** Keepalive proven active, the fault, the watch, the assessment; the fault is healed whatever happens. */
async function faultAndWatch(context: RunContext, prepared: Prepared, fault: Fault, target: FaultTarget): Promise<RunResult> {
  const { scenario, config, progress } = context;
  const { topology, facts, connection, hz } = prepared;
  const roles = rolesFor(scenario.fault.target);
  const note = (event: string, detail: string, t = now()) => prepared.labEvents.push({ t, event, detail });
  const effective = effectiveKeepalive(config); // what Node and the kernel really apply
  const busy = busyObserver(scenario);
  // A busy observer never probes (data in flight silences keepalive); an expectation of no probes needs no wait.
  const probesExpected = !busy && (scenario.expect.outcome === 'error' || scenario.expect.probes === 'answered');
  const baseline: KeepaliveActive = probesExpected
    ? await awaitKeepaliveActive(prepared.wire ? facts : null, topology, connection, effective, hz, roles)
    : { at: now(), counters: prepared.wire ? undefined : await readCounters(topology.observer.sidecar) };
  if (busy) note('busy', `the ${roles.observer} writes every ${busy.writeEveryMs} ms, so data is nearly always in flight`, baseline.at);
  if (probesExpected) {
    note('keepalive-active', `the ${roles.observer} sent its first keepalive probe (the ${roles.peer} answered)`, baseline.at);
    progress(`keepalive active: the ${roles.observer}'s kernel is probing and the ${roles.peer}'s kernel answers`);
  }

  const injected = await fault.inject(target, context.faultOptions);
  try {
    note('fault', `${fault.name} on the ${scenario.fault.target} in effect (injecting took ${injected.spanMs.toFixed(1)} ms)`, injected.at);
    const ruleContext = { config: effective, hz, faultAt: injected.at, faultSpanMs: injected.spanMs, roles, busy };
    const window = ENDING_RULES[endingOf(scenario.expect)].fromFault(ruleContext);
    // A connection expected to stay up must outlive the window the requested settings would give.
    const requestedWindow = expectedKeepaliveWindow(config, { hz, faultSpanMs: injected.spanMs });
    progress(`fault ${fault.name} on the ${roles.peer} at ${new Date(injected.at).toISOString()}; the model expects ${describeExpectation(scenario, scenario.expect.outcome === 'alive' ? requestedWindow : window)}`);

    const observedForMs = scenario.expect.outcome === 'error'
      ? window.latestMs * 1.5 + 5_000 // long enough to measure a late error, not only to miss it
      : requestedWindow.latestMs * scenario.expect.windows;
    const faultStart = injected.at - injected.spanMs; // a FIN can beat `docker kill`'s reply
    const trusted: SourceName[] = prepared.wire ? ['wire', 'counters'] : ['agent', 'counters'];
    const ended = await watchForEnding({ facts, connection: connection.key, trusted, faultStart, faultAt: injected.at, forMs: observedForMs, progress });
    progress(ended
      ? `${roles.observer}: connection ended at ${signedSeconds(ended.t - injected.at)} from the fault (${endedText(ended)})`
      : `${roles.observer}: connection still up after ${(observedForMs / 1000).toFixed(1)} s`);
    const agentIsSource = context.observe === 'wire+agent' || !prepared.wire;
    const agentEvent = agentIsSource ? await agentTerminalEvent(prepared.agentLog, roles.observer, faultStart, ended !== null) : undefined;

    await stopSources(prepared);
    const captured = prepared.wire?.result();
    if (captured && context.captureFile) {
      await mkdir(dirname(context.captureFile), { recursive: true });
      await writeFile(context.captureFile, captured.pcap);
    }
    const [after, observerSocket, evidence] = await Promise.all([
      prepared.wire ? Promise.resolve(undefined) : readCounters(topology.observer.sidecar),
      readLabConnection(topology.observer.sidecar, topology.port),
      injected.evidence(),
    ]);
    const probeCount = (counters?: ReadonlyMap<string, number>) => counters?.get(KEEPALIVE_PROBES_SENT) ?? 0;
    const assessment = assess({
      roles, busy, config: effective, requestedConfig: config, expect: scenario.expect, faultAt: injected.at, faultSpanMs: injected.spanMs, hz, observedForMs,
      observerSocket: ended ? undefined : observerSocket,
      heldOptions: connection.heldOptions,
      wire: captured && { packets: captured.packets.filter((packet) => packet.connection === connection.key), observerEndpoint: connection.observerEndpoint, droppedByKernel: captured.droppedByKernel },
      counters: { abort: prepared.counters.abortTrace(), stats: prepared.counters.stats() },
      ...(agentEvent !== undefined ? { agent: agentEvent } : {}),
      probesCounted: probeCount(after) - probeCount(baseline.counters),
      probesCountedExpected: expectedProbes(effective, window, injected, baseline.at),
    });
    progress(`verdict: ${assessment.verdict.toUpperCase()} — ${assessment.reason}${captured ? '' : ' (no capture: fault-based window)'}`);
    return resultOf(context, prepared, assessment, { at: injected.at, spanMs: injected.spanMs, evidence }, fault, { observerSocket: ended ? undefined : observerSocket, observedForMs });
  } finally {
    await injected.heal();
  }
}

async function stopSources(prepared: Prepared): Promise<void> {
  await Promise.all([prepared.wire?.stop(), prepared.counters.stop(), prepared.agentLog.stop()]);
}

function resultOf(
  context: RunContext, prepared: Prepared, assessment: Assessment, injected: { at: Instant; spanMs: number; evidence: FaultEvidence }, fault: Fault,
  extra: Partial<RunResult> = {},
): RunResult {
  const { scenario, config, run } = context;
  const agentIsSource = context.observe === 'wire+agent' || !prepared.wire;
  const observedBy: SourceName[] = [...(prepared.wire ? ['wire' as const] : []), 'counters', ...(agentIsSource ? ['agent' as const] : [])];
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
    appliedConfig: summarizeConfig(effectiveKeepalive(config)),
    observedBy,
    connection: { client: prepared.connection.client, server: prepared.connection.server },
    observerSocketOptions: prepared.connection.heldOptions,
    fault: { kind: fault.name, target: scenario.fault.target, options: context.faultOptions, at: new Date(injected.at).toISOString(), spanMs: toMicroseconds(injected.spanMs), evidence: injected.evidence },
    timeline: buildTimeline(agentIsSource ? prepared.agentLog.items : [], prepared.labEvents, prepared.facts.items, injected.at),
    environment: prepared.fingerprint,
    command: context.command,
    startedAt: new Date(prepared.startedAt).toISOString(),
    durationMs: toMicroseconds(now() - prepared.startedAt),
    ...extra,
  };
}

function busyObserver(scenario: Scenario): BusyObserver | undefined {
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

function describeExpectation(scenario: Scenario, window: ExpectedWindow): string {
  const range = secondsRange(window.earliestMs, window.latestMs, '–');
  return scenario.expect.outcome === 'error'
    ? `${scenario.expect.codes.join(' or ')} in ${range}`
    : `no error for ${((window.latestMs * scenario.expect.windows) / 1000).toFixed(1)} s (${scenario.expect.windows}× the ${range} window)`;
}
