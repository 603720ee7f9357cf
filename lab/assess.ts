// From what a run observed to what it means: the expected window (exact from the capture's reference, or the
// coarser fault-based one without a capture), the mechanism seen on the wire, and the verdict. Pure, so every
// path can be tested on real captures.
import type { KeepaliveConfig } from './config/keepalive-config.ts';
import { toMicroseconds } from './clock.ts';
import { EVENT_DELIVERY_ALLOWANCE_MS } from './model/allowances.ts';
import { type ExpectedWindow, expectedKeepaliveWindow, type Mechanism } from './model/keepalive-window.ts';
import { worstLateness } from './model/timer-wheel.ts';
import { DEFAULT_TCP_RETRIES2, type RetransmissionBounds, retransmissionBounds, userTimeoutBounds } from './model/retransmission-window.ts';
import type { KernelHz } from './model/kernel-hz.ts';
import { hzMatchingSpacing } from './model/probe-spacing.ts';
import { modelFromReference, type ReferenceModel } from './model/reference-window.ts';
import { type AgentEvent, outcomeOf } from './observe/agent-events.ts';
import { decodeCapture } from './observe/decode-capture.ts';
import type { SocketState } from './observe/socket-state.ts';
import { analyseWire, type WireAnalysis } from './observe/wire-analysis.ts';
import { endingOf, type Expectation } from './scenario.ts';
import { type Judgement, judge, type Roles } from './verdict.ts';

export type ObservedMechanism = 'keepalive' | 'user-timeout' | 'retransmission' | 'reset' | 'fin' | 'none';

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
  busy?: { retries2: number; writeEveryMs: number };
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
  mechanism: ObservedMechanism;
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
  // The exact model predicts a timer's ending; a connection expected to stay up outlives the fault-based
  // window instead, and an ending "at once" has no timer to model.
  const ending = endingOf(observed.expect);
  // The next probe after the peer is back follows the last probe sent before that, answered or lost in a blackout:
  // every probe re-arms the timer for the interval.
  const lastProbeAt = ending === 'next-probe'
    ? Math.max(wire?.lastAnsweredProbeAt ?? -Infinity, ...(wire?.probes ?? []).filter((probe) => probe.t < faultAt).map((probe) => probe.t))
    : wire?.lastAnsweredProbeAt;
  const model = wire?.reference && observed.expect.outcome === 'error' && (ending === 'keepalive' || ending === 'next-probe')
    ? modelFromReference(config, { referenceAt: wire.reference.t, lastProbeAt: Number.isFinite(lastProbeAt) ? lastProbeAt : undefined, hz }, ending)
    : undefined;
  const windowConfig = observed.expect.outcome === 'alive' ? observed.requestedConfig ?? config : config;
  const retransmitted = ending === 'retransmission' && wire?.firstRetransmissionAt !== undefined && wire.firstUnackedAt !== undefined
    ? { firstMs: wire.firstRetransmissionAt - faultAt, rtoMs: wire.firstRetransmissionAt - wire.firstUnackedAt }
    : undefined;
  const firstZeroWindowProbe = ending === 'zero-window' ? wire?.zeroWindowProbes[0] : undefined;
  const expected = model
    ? windowOf(model, faultAt, hz)
    : firstZeroWindowProbe // the persist timer is clamped to the user timeout, counted from this probe
      ? windowAfter(userTimeoutBounds(config, hz), firstZeroWindowProbe.t - faultAt, 'first-zero-window-probe', hz, 'zero-window')
    : retransmitted // the retransmission limit counts from the first retransmission
      ? windowAfter(retransmissionBounds(config, observed.busy?.retries2 ?? DEFAULT_TCP_RETRIES2, hz, retransmitted.rtoMs), retransmitted.firstMs, 'first-retransmission', hz)
      : expectedKeepaliveWindow(windowConfig, { hz, faultSpanMs: observed.faultSpanMs, busy: observed.busy }, ending);

  const probesSent = wire ? wire.probes.length : observed.probesCounted;
  const judgement = heldOptionsProblem(config, observed.heldOptions, observed.roles) ?? judge(observed.expect, {
    roles: observed.roles, outcome, measuredMs, window: expected, probesSent, observedForMs: observed.observedForMs, observerSocket: observed.observerSocket,
    probesExpected: model ? undefined : observed.probesCountedExpected,
    onTheWire: wire && {
      probes: wire.probes, model, ending: wire.ending, retransmissions: wire.retransmissions, zeroWindowProbes: wire.zeroWindowProbes, peerBackAt: faultAt,
      spacingRangeMs: spacingRange(config, hz),
    },
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

function windowOf(model: ReferenceModel, faultAt: number, hz: KernelHz): ExpectedWindow {
  const nominalMs = toMicroseconds(model.errorAt - faultAt);
  return {
    mechanism: model.mechanism,
    reference: 'last-received',
    earliestMs: nominalMs, // a timer never fires early
    latestMs: toMicroseconds(model.latestAt - faultAt),
    nominalEarliestMs: nominalMs,
    nominalLatestMs: nominalMs,
    timerRoundingMs: model.timerRoundingMs,
    deliveryAllowanceMs: model.deliveryAllowanceMs,
    faultSpanMs: 0,
    hz,
  };
}

/** Bounds counted from a moment on the wire (`fromMs`, relative to the fault), as a window from the fault. */
function windowAfter(bounds: RetransmissionBounds, fromMs: number, reference: ExpectedWindow['reference'], hz: KernelHz, mechanism: Mechanism = bounds.mechanism): ExpectedWindow {
  return {
    mechanism, reference,
    earliestMs: toMicroseconds(fromMs + bounds.earliestMs), latestMs: toMicroseconds(fromMs + bounds.latestMs),
    nominalEarliestMs: toMicroseconds(fromMs + bounds.earliestMs),
    nominalLatestMs: toMicroseconds(fromMs + bounds.latestMs - bounds.timerRoundingMs - EVENT_DELIVERY_ALLOWANCE_MS),
    timerRoundingMs: bounds.timerRoundingMs, deliveryAllowanceMs: EVENT_DELIVERY_ALLOWANCE_MS, faultSpanMs: 0, hz,
  };
}

/** Consecutive unanswered probes are `interval` apart, late by at most one timer step, never early. */
function spacingRange(config: KeepaliveConfig, hz: KernelHz): { min: number; max: number } {
  const intervalMs = config.intervalS * 1000;
  return { min: intervalMs, max: intervalMs + worstLateness(intervalMs, hz) };
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

function mechanismOf(outcome: string, config: KeepaliveConfig, wire: WireAnalysis | undefined): ObservedMechanism {
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
