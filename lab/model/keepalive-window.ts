// When the observer's keepalive must end the connection (the side holding keepalive), measured from the moment
// the fault took effect (tcp-dead-peer.md §1, §5), for when the wire cannot show the last segment received.
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
import { OBSERVATION_ALLOWANCE_MS } from './allowances.ts';
import type { KernelHz } from './kernel-hz.ts';
import { worstLateness } from './timer-wheel.ts';
import type { ExpectedWindow } from './window.ts';

export interface WindowContext {
  hz: KernelHz;
  /** How long injecting the fault took: it took effect somewhere inside that span, which begins at the fault's moment. */
  faultSpanMs: number;
}

/** The longest a healthy idle connection goes between received segments: answered probes come this far apart. */
export function probePeriodMs(config: KeepaliveConfig): number {
  return Math.max(config.idleS, config.intervalS) * 1000;
}

export function expectedKeepaliveWindow(config: KeepaliveConfig, context: WindowContext): ExpectedWindow {
  const intervalMs = config.intervalS * 1000;
  const periodMs = probePeriodMs(config);
  const byUserTimeout = config.userTimeoutMs > 0;

  const nominalEarliestMs = byUserTimeout ? Math.max(intervalMs, config.userTimeoutMs - periodMs) : config.count * intervalMs;
  const nominalLatestMs = byUserTimeout ? Math.max(config.userTimeoutMs, periodMs) + intervalMs : periodMs + config.count * intervalMs;

  const armsAfterFirstProbe = byUserTimeout ? Math.ceil(nominalLatestMs / intervalMs) : config.count;
  const timerRoundingMs = keepaliveTimerRoundingMs(config, armsAfterFirstProbe, context.hz);

  return {
    mechanism: byUserTimeout ? 'user-timeout' : 'keepalive',
    reference: 'fault',
    earliestMs: nominalEarliestMs,
    latestMs: nominalLatestMs + context.faultSpanMs + timerRoundingMs + OBSERVATION_ALLOWANCE_MS,
    nominalEarliestMs,
    nominalLatestMs,
    timerRoundingMs,
    deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
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
