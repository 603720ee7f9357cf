// From what a run observed to what it means: the outcome and its moment (from the wire, else the agent), the
// window of the ending's rule (exact from the wire, or from the fault without a capture), the mechanism, the
// keepalive settings the wire shows, and the verdict. Pure, so every path can be tested on real captures.
import type { KeepaliveConfig } from './config/keepalive-config.ts';
import { toMicroseconds } from './clock.ts';
import { ENDING_RULES } from './endings/index.ts';
import { probesByKernel } from './endings/keepalive.ts';
import type { BusyObserver, RuleContext } from './endings/rule.ts';
import type { Mechanism } from './mechanism.ts';
import type { StatedPrediction } from './model/chain-fit.ts';
import { expectedKeepaliveWindow } from './model/keepalive-window.ts';
import type { KernelHz } from './model/kernel-hz.ts';
import { type PredictionTolerance, predictionTolerance, type TimerPrediction } from './model/prediction-window.ts';
import { hzMatchingSpacing } from './model/probe-spacing.ts';
import type { ReferenceModel } from './model/reference-window.ts';
import type { ExpectedWindow } from './model/window.ts';
import { type AgentEvent, outcomeOf } from './observe/agent-events.ts';
import type { SourceName } from './observe/facts.ts';
import { type ObservedKeepalive, type ObservedKeepaliveReason, observeKeepalive } from './observe/observed-keepalive.ts';
import { type ObservedOutcome, outcomeOfAgentEvent, outcomeOnTheWire } from './observe/outcome.ts';
import type { NeighbourState } from './observe/neighbour.ts';
import type { SocketState } from './observe/socket-state.ts';
import type { AbortTrace, SamplingStats } from './observe/counter-sampler.ts';
import type { ClassifiedPacket } from './observe/tcp-classifier.ts';
import { analyseWire, type WireAnalysis } from './observe/wire-analysis.ts';
import type { Roles } from './roles.ts';
import { endingOf, type Expectation } from './scenario.ts';
import { type AsShipped, shippedTimerProblem } from './as-shipped.ts';
import { duration, seconds } from './format/format.ts';
import { captureLossJudgement, type Judgement, judge } from './verdict.ts';
import { type Agreement, predictionAgreement, withAgreement } from './prediction-agreement.ts';

export interface Observations {
  /** The side that holds keepalive and must notice (server, unless the server is the one faulted). */
  roles: Roles;
  /** The settings the kernel applies (effectiveKeepalive). */
  config: KeepaliveConfig;
  /** The settings asked for, when they differ: a connection expected to stay up must outlive their window. */
  requestedConfig?: KeepaliveConfig;
  expect: Expectation;
  /** The fault's moment, when its injection began: every time counts from it. */
  faultAt: number;
  /** How long the injection took to be surely in effect. */
  faultSpanMs: number;
  /** For a peer that answers with RST: from when it may, by when it surely does (a reboot's restart). */
  resetsFrom?: { from: number; by: number };
  /** The user's bound, ms from the fault: the ending must come by then (instead of inside the kernel's rules' window). */
  withinMs?: number;
  /** A disagreement with the prediction beyond this run's noise fails the run (the lab's own tests). */
  strict?: boolean;
  /** The share of the watch in which some task waited for a CPU (/proc/pressure/cpu); null where unknown. */
  cpuPressurePct?: number | null;
  /** The observer kernel's neighbour entry for the peer at the end of the run (ip neigh). */
  peerNeighbour?: NeighbourState;
  /** HZ as read from the kernel config (or unknown). */
  hz: KernelHz;
  observedForMs: number;
  /** The observed connection's packets in the observer's namespace, and the observer's end of it. */
  wire?: { packets: ClassifiedPacket[]; observerEndpoint: string; droppedByKernel?: number | null; droppedByInterface?: number | null };
  /** The timeout abort the observer's namespace counted after the fault, if any, and how finely it was sampled. */
  counters?: { abort?: AbortTrace; stats: SamplingStats };
  /**
   * The observer application's first terminal event after the fault (null: none), when the agent is a source:
   * the outcome itself without a capture, else a second opinion that must agree with the wire.
   */
  agent?: AgentEvent | null;
  /** Keepalive probes the observer's namespace counted from just before the fault (TcpExt.TCPKeepAlive); without a capture. */
  probesCounted: number;
  /** How many of those the mechanism allows, when no capture is there to count them exactly. */
  probesCountedExpected?: { min: number; max: number };
  observerSocket?: SocketState;
  /** The options the observer's socket held (getsockopt), to check against the config. */
  heldOptions?: Record<string, unknown>;
  /** For a busy observer: its tcp_retries2 and write period. */
  busy?: BusyObserver;
  /** For a server left as it ships: what its defaults are, to check the observer's keepalive timer against. */
  shipped?: AsShipped;
  /** Where a keepalive chain decides the ending: what the run predicted when the fault took effect, or why it could not. */
  prediction?: StatedPrediction<TimerPrediction>;
}

export interface ProbeRow {
  /** ms relative to the fault. */
  atMs: number;
  /** ms relative to the reference (the last segment received before the fault). */
  sinceReferenceMs: number;
  /** The model's nominal time, relative to the fault; null past the model's last probe. */
  expectedAtMs: number | null;
  /** Where the prediction put it, relative to the fault; null without a prediction or past its last probe. */
  predictedAtMs?: number | null;
  answered: boolean;
}

/** How the prediction was made: when, from what, and the tolerance of the window built around it. */
export interface PredictionRecord {
  madeAt: string;
  /** When it was made, from the fault: after the fault took effect, before anything after it was looked at. */
  madeAtMs: number;
  hz: number;
  /** Which timer's chain: the keepalive timer's (fitted to the probes before the fault) or the retransmission timer's (to the first retransmissions). */
  timer: 'keepalive' | 'retransmission';
  /** The sends it was fitted to, the timer chains that fit them, and the ticks the likeliest took as a jiffy late. */
  fittedTo: number;
  chains: number;
  lateTicks: number;
  /** How far apart the fitting chains' aborts lie (0 when the probes fixed one chain). */
  spreadMs: number;
  /** How long after its tick a send went out here (a crowd's batch of timers firing together). */
  sendSpreadMs: number;
  /** Where the keepalive chain's phase on the wheel's coarse levels came from: the host's jiffy count, or the probes alone. */
  phaseFrom?: 'kernel-jiffies' | 'probes';
  toleranceMs: PredictionTolerance;
  /** How late this run's own sends went out beyond what a tick allows: the noise the ending is judged against, ms. */
  noiseMs?: number;
  /** Whether the ending lay where the prediction put it, within its tolerance and this run's noise; why not. */
  agrees?: boolean;
  disagreement?: string;
  /** The share of the watch in which some task waited for a CPU (/proc/pressure/cpu); null where unknown. */
  cpuPressurePct?: number | null;
}

function agreementFields({ noiseMs, agrees, disagreement, cpuPressurePct }: Agreement & { cpuPressurePct: number | null }): Partial<PredictionRecord> {
  const pressure = cpuPressurePct === null ? '' : `; some task waited for a CPU ${cpuPressurePct}% of the watch`;
  return { noiseMs, agrees, cpuPressurePct, ...(disagreement ? { disagreement: `${disagreement}${pressure}` } : {}) };
}

export interface Assessment extends Judgement {
  outcome: string;
  measuredMs: number | null;
  /** What showed the outcome: a packet on the wire, the namespace's abort counter, or the agent. */
  outcomeSeenBy?: SourceName | null;
  /** Where the agent was a second source: what the application itself saw (it must agree with the wire). */
  agentOutcome?: string;
  expected: ExpectedWindow;
  hz: KernelHz;
  mechanism: Mechanism;
  /** The last segment received before the fault, relative to the fault; null without a capture. */
  referenceMs: number | null;
  probes: ProbeRow[];
  probesSent: number;
  /** Measured error minus the model's nominal error time (the kernel's lateness plus ours). */
  errorVsModelMs: number | null;
  /** The abort the lab predicted when the fault took effect, from the fault; null without a prediction. */
  predictedMs?: number | null;
  /** Each probe the keepalive prediction put after the fault, from the fault. */
  predictedProbesMs?: number[];
  /** Each retransmission the retransmission prediction put after its moment, from the fault. */
  predictedRetransmissionsMs?: number[];
  /** Measured minus predicted. */
  errorVsPredictionMs?: number | null;
  /** How the prediction was made; `predictionMissing` says why there was none where a keepalive chain decides. */
  prediction?: PredictionRecord;
  predictionMissing?: string;
  /** The agent's event minus the packet that ended the connection on the wire (the lab's own lateness). */
  eventLatencyMs: number | null;
  /** The observer kernel's neighbour entry for the peer at the end (ip neigh): FAILED explains an RST missing from the wire. */
  peerNeighbour?: NeighbourState;
  /** The observer's keepalive as the wire shows it (null fields where it cannot; null without a capture). */
  observedKeepalive?: ObservedKeepalive | null;
  observedKeepaliveReason?: ObservedKeepaliveReason;
  wire?: {
    packets: number;
    spacingMs: number[];
    hzFromSpacing: number[];
    retransmissions: number;
    zeroWindowProbes: number;
    /** ICMP errors about the connection that reached the observer after the fault. */
    icmpErrors: number;
    ending?: WireAnalysis['ending'];
    /** tcpdump's counts of packets lost before it read them: any loss makes the run invalid. */
    droppedByKernel?: number | null;
    droppedByInterface?: number | null;
    /** How closely the namespace counters time an ending without a packet: the longest gap between samples. */
    counterGapMs?: number;
  };
}

export function assess(observed: Observations): Assessment {
  const { config, faultAt } = observed;
  const inEffectAt = faultAt + observed.faultSpanMs;
  const wire = observed.wire ? analyseWire(observed.wire.packets, observed.wire.observerEndpoint, faultAt, inEffectAt) : undefined;
  const seen: ObservedOutcome = wire ? outcomeOnTheWire(wire, observed.counters?.abort, config, faultAt) : outcomeOfAgentEvent(observed.agent ?? null, config);
  const spacingMs = wire ? unansweredSpacings(wire) : [];
  const hzFromSpacing = hzMatchingSpacing(spacingMs, config.intervalS * 1000);
  const hz = resolveHz(observed.hz, hzFromSpacing);
  const prediction = observed.prediction?.outcome.prediction;
  const context: RuleContext = {
    config,
    hz,
    faultAt,
    faultSpanMs: observed.faultSpanMs,
    resetsFrom: observed.resetsFrom,
    roles: observed.roles,
    busy: observed.busy,
    prediction,
    peerNeighbour: observed.peerNeighbour,
    kernelProbes: kernelProbesAfterFault(observed),
  };
  const { expected, model } = verdictWindow(observed, context, wire, seen);
  const agentOutcome = wire && observed.agent !== undefined ? outcomeOfAgentEvent(observed.agent, config).outcome : undefined;
  const agreement =
    prediction &&
    predictionAgreement(
      prediction,
      predictedSends(prediction, wire, inEffectAt, context),
      seen.at === null ? null : { at: seen.at, uncertaintyMs: seen.uncertaintyMs },
      faultAt,
      prediction.timer === 'keepalive' ? 'probe' : 'retransmission',
    );
  const keepaliveSeen = wire && observeKeepalive(observed.wire!.packets, observed.wire!.observerEndpoint, faultAt, wire, hz);
  return {
    ...withAgreement(judgementOf(observed, { context, wire, seen, expected, model, agentOutcome }), agreement, observed.strict ?? false),
    outcome: seen.outcome,
    measuredMs: seen.at === null ? null : toMicroseconds(seen.at - faultAt),
    outcomeSeenBy: seen.seenBy,
    ...(agentOutcome !== undefined ? { agentOutcome } : {}),
    expected,
    hz,
    mechanism: seen.mechanism,
    referenceMs: wire?.reference ? toMicroseconds(wire.reference.t - faultAt) : null,
    probes: wire ? probeRows(wire, model, prediction, faultAt) : [],
    probesSent: probesSentOf(observed, wire),
    ...predictionFields(observed.prediction, observed.faultAt, seen.at, agreement && { ...agreement, cpuPressurePct: observed.cpuPressurePct ?? null }),
    errorVsModelMs: errorVsModel(seen, model, expected, faultAt),
    eventLatencyMs: seen.seenBy === 'wire' && observed.agent ? toMicroseconds(observed.agent.t - seen.at!) : null,
    ...(observed.peerNeighbour ? { peerNeighbour: observed.peerNeighbour } : {}),
    observedKeepalive: keepaliveSeen ? keepaliveSeen.observed : null,
    ...(keepaliveSeen ? { observedKeepaliveReason: keepaliveSeen.reason } : {}),
    wire: wire && wireRecord(observed, wire, spacingMs, hzFromSpacing),
  };
}

/** What the wire showed, as the result keeps it. */
function wireRecord(observed: Observations, wire: WireAnalysis, spacingMs: number[], hzFromSpacing: number[]): Assessment['wire'] {
  return {
    packets: wire.packets,
    spacingMs,
    hzFromSpacing,
    retransmissions: wire.retransmissions,
    zeroWindowProbes: wire.zeroWindowProbes.length,
    icmpErrors: wire.icmpErrors.length,
    ending: wire.ending,
    droppedByKernel: observed.wire!.droppedByKernel ?? null,
    droppedByInterface: observed.wire!.droppedByInterface ?? null,
    ...(observed.counters ? { counterGapMs: toMicroseconds(observed.counters.stats.maxGapMs) } : {}),
  };
}

const probesSentOf = (observed: Observations, wire: WireAnalysis | undefined) => (wire ? wire.probes.length : observed.probesCounted);

/** The keepalive probes the namespace counted up to its timeout abort, less those the wire showed before the fault. */
function kernelProbesAfterFault({ counters, wire, faultAt }: Observations): number | undefined {
  const counted = counters?.abort?.keepaliveProbes;
  if (counted === undefined || !wire) return undefined;
  return counted - wire.packets.filter((packet) => packet.from === wire.observerEndpoint && packet.kind === 'keepalive-probe' && packet.t < faultAt).length;
}

/**
 * The verdict's window: an ending is checked against the window its rule counts from the wire (or, without one, from
 * the fault); a connection expected to stay up must outlive the window the requested settings give, from the fault.
 */
function verdictWindow(
  observed: Observations,
  context: RuleContext,
  wire: WireAnalysis | undefined,
  seen: ObservedOutcome,
): { expected: ExpectedWindow; model?: ReferenceModel } {
  const rule = ENDING_RULES[endingOf(observed.expect)];
  const fromWire = observed.expect.outcome === 'error' && wire ? rule.fromWire(context, wire) : null;
  const window =
    fromWire?.window ??
    (observed.expect.outcome === 'alive'
      ? expectedKeepaliveWindow(observed.requestedConfig ?? context.config, { hz: context.hz, faultSpanMs: observed.faultSpanMs })
      : rule.fromFault(context));
  return { expected: widenedBySampling(window, seen), ...(fromWire?.model ? { model: fromWire.model } : {}) };
}

interface Judged {
  context: RuleContext;
  wire?: WireAnalysis;
  seen: ObservedOutcome;
  expected: ExpectedWindow;
  model?: ReferenceModel;
  agentOutcome?: string;
}

/** The user's question: what can make the run untrustworthy or wrong before the time, then the time and the wire against the rule. */
function judgementOf(observed: Observations, { context, wire, seen, expected, model, agentOutcome }: Judged): Judgement {
  const rule = ENDING_RULES[endingOf(observed.expect)];
  const probesSent = probesSentOf(observed, wire);
  return (
    captureLossJudgement(observed.wire ? [observed.wire] : [], 'show what happened') ??
    untestableJudgement(rule.untestable?.(context, { outcome: seen.outcome, wire })) ??
    heldOptionsProblem(context.config, observed.heldOptions, observed.roles) ??
    evidenceProblem(observed, wire) ??
    disagreement(seen, agentOutcome, observed.agent ?? null, observed.faultAt, observed.roles) ??
    timerProblem(observed) ??
    withShipped(
      observed.shipped,
      observed.roles.peer,
      judge(observed.expect, {
        roles: observed.roles,
        outcome: seen.outcome,
        measuredMs: seen.at === null ? null : toMicroseconds(seen.at - observed.faultAt),
        window: expected,
        withinMs: observed.withinMs,
        probesSent,
        observedForMs: observed.observedForMs,
        observerSocket: observed.observerSocket,
        probesExpected: model ? undefined : observed.probesCountedExpected,
        wire,
        ending: { problem: wire ? rule.wireProblem(context, wire, model) : null, how: rule.how(context, { probesSent, wire }) },
      }),
    )
  );
}

/** Measured minus the nominal model's error time: the timer wheel's rounding, made visible. */
function errorVsModel(seen: ObservedOutcome, model: ReferenceModel | undefined, expected: ExpectedWindow, faultAt: number): number | null {
  if (seen.at === null) return null;
  if (model) return toMicroseconds(seen.at - model.errorAt);
  const fromSend = expected.reference === 'first-retransmission' || expected.reference === 'first-zero-window-probe';
  return fromSend ? toMicroseconds(seen.at - faultAt - expected.nominalEarliestMs) : null;
}

/** An ending seen only in the sampled counters is known to within the sampling gap: the window allows it. */
function widenedBySampling(window: ExpectedWindow, seen: ObservedOutcome): ExpectedWindow {
  if (seen.seenBy !== 'counters' || seen.uncertaintyMs === 0) return window;
  return {
    ...window,
    latestMs: toMicroseconds(window.latestMs + seen.uncertaintyMs),
    deliveryAllowanceMs: toMicroseconds(window.deliveryAllowanceMs + seen.uncertaintyMs),
  };
}

/** With the agent as a second source, the application must have seen what the wire shows. */
function disagreement(
  seen: ObservedOutcome,
  agentOutcome: string | undefined,
  agent: AgentEvent | null,
  faultAt: number,
  { observer }: Roles,
): Judgement | null {
  if (agentOutcome === undefined || agentOutcome === seen.outcome) return null;
  const what = agent ? `${outcomeOf(agent)} at ${seconds(agent.t - faultAt)}` : 'nothing';
  const wire = seen.at === null ? 'the connection alive' : `${seen.outcome} at ${seconds(seen.at - faultAt)}`;
  return { verdict: 'fail', reason: `the ${observer}'s application saw ${what} where the wire shows ${wire}: the two sources disagree` };
}

/** A run that could not show its ending (the fault outlasted the timer chain) is neither a pass nor a fail. */
function untestableJudgement(reason: string | null | undefined): Judgement | null {
  return reason ? { verdict: 'invalid', reason } : null;
}

/** What the scenario says the wire must also show, e.g. the ICMP errors its fault sends. */
function evidenceProblem({ expect, roles }: Observations, wire: WireAnalysis | undefined): Judgement | null {
  if (expect.outcome !== 'error' || expect.wireShows !== 'icmp-errors' || !wire || wire.icmpErrors.length > 0) return null;
  return {
    verdict: 'fail',
    reason: `no ICMP error reached the ${roles.observer} after the fault, so this run does not show what the scenario claims (the ${roles.peer}'s firewall answering with them)`,
  };
}

/** A server left as it ships: a passing verdict also says what its defaults imply. */
function withShipped(shipped: AsShipped | undefined, peer: string, judgement: Judgement): Judgement {
  if (!shipped || judgement.verdict !== 'pass') return judgement;
  const applied = shipped.applied;
  const implied =
    applied && shipped.detectionMs !== null
      ? `as shipped, a ${peer} that vanishes is found ${duration(shipped.detectionMs)} after its last segment (idle ${applied.idleS} + ${applied.count} × ${applied.intervalS} s)`
      : `as shipped, keepalive is off: a ${peer} that vanishes silently is never found`;
  return { ...judgement, reason: `${judgement.reason} — ${implied}` };
}

/** A server left as it ships, still established: its keepalive timer must be the one its defaults give. */
function timerProblem(observed: Observations): Judgement | null {
  // Only where no probe is expected: ss's last-received time is the keepalive timer's reference only before any probe
  // was answered and any request ACKed (each resets it, and ss shows data alone); where probes come, the wire shows them.
  if (!observed.shipped || observed.expect.outcome !== 'alive' || observed.expect.probes !== 'none' || !observed.observerSocket) return null;
  const problem = shippedTimerProblem(observed.observerSocket, observed.shipped, observed.roles.observer);
  return problem ? { verdict: 'fail', reason: problem } : null;
}

/** The run measures the settings it claims only if the accepted socket really holds them. */
function heldOptionsProblem(config: KeepaliveConfig, held: Record<string, unknown> | undefined, roles: Roles): Judgement | null {
  if (!held || Object.keys(held).length === 0) return null;
  const wanted = { keepalive: true, idleS: config.idleS, intervalS: config.intervalS, count: config.count, userTimeoutMs: config.userTimeoutMs };
  const differing = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((name) => held[name] !== wanted[name]);
  if (differing.length === 0) return null;
  const list = differing.map((name) => `${name} ${String(held[name])} instead of ${String(wanted[name])}`).join(', ');
  return { verdict: 'fail', reason: `the ${roles.observer}'s socket did not hold the configured keepalive options (getsockopt: ${list})` };
}

/** A scenario this machine cannot run: nothing was injected or measured, and the reason says why. */
export function skippedAssessment(config: KeepaliveConfig, hz: KernelHz, reason: string): Assessment {
  return {
    verdict: 'skipped',
    reason,
    outcome: 'not run',
    measuredMs: null,
    expected: expectedKeepaliveWindow(config, { hz, faultSpanMs: 0 }),
    hz,
    mechanism: 'none',
    referenceMs: null,
    probes: [],
    probesSent: 0,
    errorVsModelMs: null,
    eventLatencyMs: null,
  };
}

/** Spacing between consecutive unanswered probes after the first: the steady state the HZ shows in. */
function unansweredSpacings(wire: WireAnalysis): number[] {
  const unanswered = wire.probes.filter((probe) => !probe.answered);
  return unanswered.slice(1).map((probe, i) => toMicroseconds(probe.t - unanswered[i]!.t));
}

function resolveHz(fromConfig: KernelHz, fromSpacing: number[]): KernelHz {
  if (fromConfig.hz !== null) return fromConfig;
  if (fromSpacing.length === 1) return { hz: fromSpacing[0]!, source: 'probe-spacing' };
  if (fromSpacing.length > 1) return { hz: null, source: 'probe-spacing', candidates: fromSpacing };
  return fromConfig;
}

function probeRows(wire: WireAnalysis, model: ReferenceModel | undefined, prediction: TimerPrediction | undefined, faultAt: number): ProbeRow[] {
  const referenceAt = wire.reference?.t ?? faultAt;
  const beforeFault = wire.probes.filter((probe) => probe.t < faultAt).length; // the prediction starts after these
  const predicted = (k: number) => prediction?.sentAt[k - beforeFault];
  return wire.probes.map((probe, k) => ({
    atMs: toMicroseconds(probe.t - faultAt),
    sinceReferenceMs: toMicroseconds(probe.t - referenceAt),
    expectedAtMs: model && k < model.probeTimes.length ? toMicroseconds(model.probeTimes[k]! - faultAt) : null,
    ...(prediction ? { predictedAtMs: predicted(k) === undefined ? null : toMicroseconds(predicted(k)! - faultAt) } : {}),
    answered: probe.answered,
  }));
}

/**
 * The sends the prediction put after its moment: the probes after the fault took effect (with the kernel's count where
 * the peer's neighbour entry failed and the wire shows only the first), or the retransmissions after those it was fitted to.
 */
function predictedSends(
  prediction: TimerPrediction,
  wire: WireAnalysis | undefined,
  inEffectAt: number,
  context: RuleContext,
): { wire: number[]; counted?: number } {
  if (!wire) return { wire: [] };
  if (prediction.timer === 'retransmission') return { wire: wire.retransmittedAt.slice(prediction.fittedTo) };
  const sent = wire.probes.filter((probe) => probe.t >= inEffectAt).map((probe) => probe.t);
  const counted = probesByKernel(context, sent.length);
  return counted === undefined ? { wire: sent } : { wire: sent, counted };
}

/** The prediction stated at the fault (or the moment times count from), against what was measured; or why there was none. */
export function predictionFields(
  stated: StatedPrediction<TimerPrediction> | undefined,
  faultAt: number,
  measuredAt: number | null,
  agreement?: Agreement & { cpuPressurePct: number | null },
): Partial<Assessment> {
  if (!stated) return {};
  const prediction = stated.outcome.prediction;
  if (!prediction) return { predictedMs: null, errorVsPredictionMs: null, predictionMissing: stated.outcome.missing };
  const fromFault = (t: number) => toMicroseconds(t - faultAt);
  return {
    predictedMs: fromFault(prediction.endAt),
    [prediction.timer === 'keepalive' ? 'predictedProbesMs' : 'predictedRetransmissionsMs']: prediction.sentAt.map(fromFault),
    errorVsPredictionMs: measuredAt === null ? null : toMicroseconds(measuredAt - prediction.endAt),
    prediction: {
      madeAt: new Date(stated.madeAt).toISOString(),
      madeAtMs: fromFault(stated.madeAt),
      hz: prediction.hz,
      timer: prediction.timer,
      fittedTo: prediction.fittedTo,
      chains: prediction.chains,
      lateTicks: prediction.lateTicks,
      spreadMs: toMicroseconds(prediction.latestEndAt - prediction.earliestEndAt),
      sendSpreadMs: toMicroseconds(prediction.sendSpreadMs),
      ...(prediction.timer === 'keepalive' ? { phaseFrom: prediction.phaseFrom } : {}),
      toleranceMs: predictionTolerance(prediction),
      ...(agreement ? agreementFields(agreement) : {}),
    },
  };
}
