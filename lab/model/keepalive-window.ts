// When the observer's error must arrive (the side holding keepalive), measured from the moment the fault took
// effect (tcp-dead-peer.md §1, §5).
//
// The kernel's keepalive timer (tcp_keepalive_timer) sends a probe at the first tick where the time since the
// last segment RECEIVED is at least `idle`, re-arms for `interval` after every probe (answered or not), and
// aborts at the tick after `count` unanswered probes. Before the fault the probes are answered, so the last
// received segment is at most one probe period old, and that period is max(idle, interval): when the interval
// is longer than idle, answered probes go out every `interval`, not every `idle`. Hence, from the fault:
//   earliest = count × interval                      (the fault struck just before a probe was answered)
//   latest   = max(idle, interval) + count × interval (it struck just after one was answered)
// plus each timer's rounding (never early, see timer-wheel.ts) and a stated allowance for event delivery.
// With TCP_USER_TIMEOUT set, count is ignored: the socket dies at the first tick, after at least one probe,
// where the time since the last received segment is at least the user timeout.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { Ending } from '../scenario.ts';
import { EVENT_DELIVERY_ALLOWANCE_MS, IMMEDIATE_ALLOWANCE_MS, ZERO_WINDOW_ALLOWANCE_MS } from './allowances.ts';
import type { KernelHz } from './kernel-hz.ts';
import { DEFAULT_TCP_RETRIES2, retransmissionBounds, TCP_RTO_MIN_MS, userTimeoutBounds } from './retransmission-window.ts';
import { worstLateness } from './timer-wheel.ts';

/** What the window models: keepalive (or the user timeout) running out, the peer's RST to the next probe, or at once. */
export type Mechanism = 'keepalive' | 'user-timeout' | 'next-probe' | 'immediate' | 'retransmission' | 'zero-window';

export interface ExpectedWindow {
  mechanism: Mechanism;
  /**
   * What the bounds count from: the fault (no capture), or from the capture the last segment received before it
   * (keepalive), the observer's first retransmission (retransmission limit) or its first zero-window probe.
   */
  reference: 'fault' | 'last-received' | 'first-retransmission' | 'first-zero-window-probe';
  earliestMs: number;
  latestMs: number;
  /** The parts the bounds are made of, for the report's "why". */
  nominalEarliestMs: number;
  nominalLatestMs: number;
  timerRoundingMs: number;
  deliveryAllowanceMs: number;
  faultSpanMs: number;
  hz: KernelHz;
}

export interface WindowContext {
  hz: KernelHz;
  /** How long injecting the fault took: it took effect somewhere inside that span. */
  faultSpanMs: number;
  /** For a busy observer: its tcp_retries2 and how often it writes (the first unacked segment follows the fault within that). */
  busy?: { retries2: number; writeEveryMs: number };
}

export function expectedKeepaliveWindow(config: KeepaliveConfig, context: WindowContext, ending: Ending = 'keepalive'): ExpectedWindow {
  const idleMs = config.idleS * 1000;
  const intervalMs = config.intervalS * 1000;
  const periodMs = Math.max(idleMs, intervalMs);
  if (ending === 'retransmission') {
    const busy = context.busy ?? { retries2: DEFAULT_TCP_RETRIES2, writeEveryMs: 0 };
    const bounds = retransmissionBounds(config, busy.retries2, context.hz);
    // The first retransmission comes one RTO after the first unacknowledged send, within a write period of the fault.
    const firstRetransmissionMs = TCP_RTO_MIN_MS + busy.writeEveryMs;
    return {
      mechanism: bounds.mechanism, reference: 'fault', earliestMs: bounds.earliestMs + TCP_RTO_MIN_MS - context.faultSpanMs,
      latestMs: bounds.latestMs + firstRetransmissionMs, nominalEarliestMs: bounds.earliestMs + TCP_RTO_MIN_MS,
      nominalLatestMs: bounds.latestMs - bounds.timerRoundingMs - EVENT_DELIVERY_ALLOWANCE_MS + firstRetransmissionMs,
      timerRoundingMs: bounds.timerRoundingMs, deliveryAllowanceMs: EVENT_DELIVERY_ALLOWANCE_MS, faultSpanMs: context.faultSpanMs, hz: context.hz,
    };
  }
  if (ending === 'zero-window') {
    // The persist timer is clamped to the user timeout, counted from the first zero-window probe.
    const bounds = userTimeoutBounds(config, context.hz);
    return {
      mechanism: 'zero-window', reference: 'fault', earliestMs: bounds.earliestMs - context.faultSpanMs,
      latestMs: bounds.latestMs + ZERO_WINDOW_ALLOWANCE_MS,
      nominalEarliestMs: bounds.earliestMs, nominalLatestMs: bounds.earliestMs + ZERO_WINDOW_ALLOWANCE_MS,
      timerRoundingMs: bounds.timerRoundingMs, deliveryAllowanceMs: EVENT_DELIVERY_ALLOWANCE_MS, faultSpanMs: context.faultSpanMs, hz: context.hz,
    };
  }
  if (ending !== 'keepalive') {
    // The next probe comes within one probe period of the fault, late by at most two timer arms.
    const next = ending === 'next-probe';
    const timerRoundingMs = next ? keepaliveTimerRoundingMs(config, 0, context.hz) : 0;
    const nominalLatestMs = next ? periodMs : 0;
    const allowance = next ? EVENT_DELIVERY_ALLOWANCE_MS : IMMEDIATE_ALLOWANCE_MS;
    return {
      mechanism: ending, reference: 'fault', earliestMs: -context.faultSpanMs, latestMs: nominalLatestMs + timerRoundingMs + allowance,
      nominalEarliestMs: 0, nominalLatestMs, timerRoundingMs, deliveryAllowanceMs: allowance, faultSpanMs: context.faultSpanMs, hz: context.hz,
    };
  }
  const byUserTimeout = config.userTimeoutMs > 0;

  const nominalEarliestMs = byUserTimeout
    ? Math.max(intervalMs, config.userTimeoutMs - periodMs)
    : config.count * intervalMs;
  const nominalLatestMs = byUserTimeout
    ? Math.max(config.userTimeoutMs, periodMs) + intervalMs
    : periodMs + config.count * intervalMs;

  const armsAfterFirstProbe = byUserTimeout ? Math.ceil(nominalLatestMs / intervalMs) : config.count;
  const timerRoundingMs = keepaliveTimerRoundingMs(config, armsAfterFirstProbe, context.hz);

  return {
    mechanism: byUserTimeout ? 'user-timeout' : 'keepalive',
    reference: 'fault',
    earliestMs: nominalEarliestMs - context.faultSpanMs,
    latestMs: nominalLatestMs + timerRoundingMs + EVENT_DELIVERY_ALLOWANCE_MS,
    nominalEarliestMs,
    nominalLatestMs,
    timerRoundingMs,
    deliveryAllowanceMs: EVENT_DELIVERY_ALLOWANCE_MS,
    faultSpanMs: context.faultSpanMs,
    hz: context.hz,
  };
}

/**
 * Worst total lateness of the keepalive timer arms between the last answered probe and the abort: up to two
 * arms before the first unanswered probe (the pending interval timer, then the rest of idle), then one per
 * interval. `hz.candidates` (HZ inferred from probe spacing) or, when HZ is unknown, every common HZ.
 */
export function keepaliveTimerRoundingMs(config: KeepaliveConfig, armsAfterFirstProbe: number, hz: KernelHz): number {
  const lateness = (delayMs: number) => worstLateness(delayMs, hz);
  return lateness(config.idleS * 1000) + lateness(config.intervalS * 1000) + armsAfterFirstProbe * lateness(config.intervalS * 1000);
}
