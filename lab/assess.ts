// From what a run observed to what it means: the expected window (exact from the capture's reference, or the
// coarser fault-based one without a capture), the mechanism seen on the wire, and the verdict. Pure, so every
// path can be tested on real captures.
import type { KeepaliveConfig } from './config/keepalive-config.ts';
import { toMicroseconds } from './clock.ts';
import { ENDING_RULES } from './endings/index.ts';
import type { BusyObserver, RuleContext } from './endings/rule.ts';
import type { Mechanism } from './mechanism.ts';
import { expectedKeepaliveWindow } from './model/keepalive-window.ts';
import type { KernelHz } from './model/kernel-hz.ts';
import { hzMatchingSpacing } from './model/probe-spacing.ts';
import type { ReferenceModel } from './model/reference-window.ts';
import type { ExpectedWindow } from './model/window.ts';
import { type AgentEvent, outcomeOf } from './observe/agent-events.ts';
import { decodeCapture } from './observe/decode-capture.ts';
import type { SocketState } from './observe/socket-state.ts';
import { analyseWire, type WireAnalysis } from './observe/wire-analysis.ts';
import type { Roles } from './roles.ts';
import { endingOf, type Expectation } from './scenario.ts';
import { type Judgement, judge } from './verdict.ts';

export interface Observations {
  /** The side that holds keepalive and must notice (server, unless the server is the one faulted). */
  roles: Roles;
  /** The settings the kernel applies (effectiveKeepalive). */
  config: KeepaliveConfig;
  /** The settings asked for, when they differ: a connection expected to stay up must outlive their window. */
  requestedConfig?: KeepaliveConfig;
  expect: Expectation;
  faultAt: number;
  faultSpanMs: number;
  /** HZ as read from the kernel config (or unknown). */
  hz: KernelHz;
  /** The observer's first terminal socket event after the fault, if any. */
  terminal: AgentEvent | null;
  observedForMs: number;
  /** Keepalive probes the observer's namespace counted from just before the fault (TcpExt.TCPKeepAlive). */
  probesCounted: number;
  /** How many of those the mechanism allows, when no capture is there to count them exactly. */
  probesCountedExpected?: { min: number; max: number };
  observerSocket?: SocketState;
  /** The options the observer's socket held (getsockopt), to check against the config. */
  heldOptions?: Record<string, unknown>;
  /** For a busy observer: its tcp_retries2 and write period. */
  busy?: BusyObserver;
  /** The capture in the observer's namespace, and the observer's address:port in it. */
  capture?: { pcap: Uint8Array; observerEndpoint: string };
}

export interface ProbeRow {
  /** ms relative to the fault. */
  atMs: number;
  /** ms relative to the reference (the last segment received before the fault). */
  sinceReferenceMs: number;
  /** The model's nominal time, relative to the fault; null past the model's last probe. */
  expectedAtMs: number | null;
  answered: boolean;
}

export interface Assessment extends Judgement {
  outcome: string;
  measuredMs: number | null;
  expected: ExpectedWindow;
  hz: KernelHz;
  mechanism: Mechanism;
  /** The last segment received before the fault, relative to the fault; null without a capture. */
  referenceMs: number | null;
  probes: ProbeRow[];
  probesSent: number;
  /** Measured error minus the model's nominal error time (the kernel's lateness plus ours). */
  errorVsModelMs: number | null;
  /** The agent's event minus the packet that ended the connection on the wire (the lab's own lateness). */
  eventLatencyMs: number | null;
  wire?: { packets: number; spacingMs: number[]; hzFromSpacing: number[]; retransmissions: number; zeroWindowProbes: number; ending?: WireAnalysis['ending'] };
}

export function assess(observed: Observations): Assessment {
  const { config, faultAt, terminal } = observed;
  const measuredMs = terminal ? toMicroseconds(terminal.t - faultAt) : null;
  const outcome = terminal ? outcomeOf(terminal) : 'alive';
  const wire = observed.capture
    ? analyseWire(decodeCapture(observed.capture.pcap), observed.capture.observerEndpoint, faultAt - observed.faultSpanMs)
    : undefined;

  const spacingMs = wire ? unansweredSpacings(wire) : [];
  const hzFromSpacing = hzMatchingSpacing(spacingMs, config.intervalS * 1000);
  const hz = resolveHz(observed.hz, hzFromSpacing);
  const context: RuleContext = { config, hz, faultAt, faultSpanMs: observed.faultSpanMs, roles: observed.roles, busy: observed.busy };
  const rule = ENDING_RULES[endingOf(observed.expect)];
  // An ending is checked against the window its rule counts from the wire; a connection expected to stay up must
  // outlive the window the requested settings give, counted from the fault.
  const fromWire = observed.expect.outcome === 'error' && wire ? rule.fromWire(context, wire) : null;
  const model: ReferenceModel | undefined = fromWire?.model;
  const expected = fromWire?.window ?? (observed.expect.outcome === 'alive'
    ? expectedKeepaliveWindow(observed.requestedConfig ?? config, { hz, faultSpanMs: observed.faultSpanMs })
    : rule.fromFault(context));

  const probesSent = wire ? wire.probes.length : observed.probesCounted;
  const judgement = heldOptionsProblem(config, observed.heldOptions, observed.roles) ?? judge(observed.expect, {
    roles: observed.roles, outcome, measuredMs, window: expected, probesSent, observedForMs: observed.observedForMs, observerSocket: observed.observerSocket,
    probesExpected: model ? undefined : observed.probesCountedExpected,
    wire,
    ending: { problem: wire ? rule.wireProblem(context, wire, model) : null, how: rule.how(context, { probesSent, wire }) },
  });
  return {
    ...judgement,
    outcome,
    measuredMs,
    expected,
    hz,
    mechanism: mechanismOf(outcome, config, wire),
    referenceMs: wire?.reference ? toMicroseconds(wire.reference.t - faultAt) : null,
    probes: wire ? probeRows(wire, model, faultAt) : [],
    probesSent,
    errorVsModelMs: !terminal ? null
      : model ? toMicroseconds(terminal.t - model.errorAt)
      : expected.reference === 'first-retransmission' || expected.reference === 'first-zero-window-probe'
        ? toMicroseconds(terminal.t - faultAt - expected.nominalEarliestMs) : null,
    eventLatencyMs: wire?.ending && terminal ? toMicroseconds(terminal.t - wire.ending.t) : null,
    wire: wire && { packets: wire.packets, spacingMs, hzFromSpacing, retransmissions: wire.retransmissions, zeroWindowProbes: wire.zeroWindowProbes.length, ending: wire.ending },
  };
}

/** The run measures the settings it claims only if the accepted socket really holds them. */
function heldOptionsProblem(config: KeepaliveConfig, held: Record<string, unknown> | undefined, roles: Roles): Judgement | null {
  if (!held) return null;
  const wanted = { keepalive: true, idleS: config.idleS, intervalS: config.intervalS, count: config.count, userTimeoutMs: config.userTimeoutMs };
  const differing = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((name) => held[name] !== wanted[name]);
  if (differing.length === 0) return null;
  const list = differing.map((name) => `${name} ${String(held[name])} instead of ${String(wanted[name])}`).join(', ');
  return { verdict: 'fail', reason: `the ${roles.observer}'s socket did not hold the configured keepalive options (getsockopt: ${list})` };
}

/** A scenario this machine cannot run: nothing was injected or measured, and the reason says why. */
export function skippedAssessment(config: KeepaliveConfig, hz: KernelHz, reason: string): Assessment {
  return {
    verdict: 'skipped', reason, outcome: 'not run', measuredMs: null,
    expected: expectedKeepaliveWindow(config, { hz, faultSpanMs: 0 }), hz, mechanism: 'none',
    referenceMs: null, probes: [], probesSent: 0, errorVsModelMs: null, eventLatencyMs: null,
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

function probeRows(wire: WireAnalysis, model: ReferenceModel | undefined, faultAt: number): ProbeRow[] {
  const referenceAt = wire.reference?.t ?? faultAt;
  return wire.probes.map((probe, k) => ({
    atMs: toMicroseconds(probe.t - faultAt),
    sinceReferenceMs: toMicroseconds(probe.t - referenceAt),
    expectedAtMs: model && k < model.probeTimes.length ? toMicroseconds(model.probeTimes[k]! - faultAt) : null,
    answered: probe.answered,
  }));
}

function mechanismOf(outcome: string, config: KeepaliveConfig, wire: WireAnalysis | undefined): Mechanism {
  if (outcome === 'alive') return 'none';
  const timedOut = config.userTimeoutMs > 0 ? 'user-timeout' : 'keepalive';
  if (!wire) return outcome === 'ECONNRESET' ? 'reset' : outcome === 'end' ? 'fin' : timedOut;
  if (wire.ending?.by === 'peer') return wire.ending.kind === 'rst' ? 'reset' : 'fin';
  // Data in flight: the retransmission limit ends it, or the user timeout the timer is clamped to. Data waiting
  // on a closed window: only the user timeout can.
  if (wire.retransmissions > 0) return config.userTimeoutMs > 0 ? 'user-timeout' : 'retransmission';
  if (wire.zeroWindowProbes.length > 0) return 'user-timeout';
  return wire.probes.length > 0 ? timedOut : 'none';
}
