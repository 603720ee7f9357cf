// When the client's request should end, in ms from when it went out: an answer or a reset within a second; a
// request the router drops fails at the client's retransmission limit (tcp_retries2 = 3), counted as the kernel
// counts it — from the first retransmission on the client's wire, with the RTO it started with.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { OBSERVATION_ALLOWANCE_MS } from '../model/allowances.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { retransmissionBounds, TCP_RTO_MIN_MS } from '../model/retransmission-window.ts';
import { type ExpectedWindow, windowAfter } from '../model/window.ts';
import { CLIENT_RETRIES2, type MiddleboxPlan } from './plan.ts';

/** An answer or a reset comes back across the router at once: a second is room enough on any machine. */
const AT_ONCE_MS = 1_000;

/** `firstRetransmissionMs`: the client's first retransmission of the request, from the request (null: none). */
export function requestWindow(plan: MiddleboxPlan, config: KeepaliveConfig, hz: KernelHz, firstRetransmissionMs: number | null): ExpectedWindow {
  if (plan.expected === 'ETIMEDOUT' && firstRetransmissionMs !== null) {
    const bounds = retransmissionBounds({ ...config, userTimeoutMs: 0 }, CLIENT_RETRIES2, hz, firstRetransmissionMs);
    return windowAfter(bounds, firstRetransmissionMs, 'first-retransmission', hz);
  }
  // An answer or a reset; or a drop the wire shows no retransmission of (the judge fails that on the wire's evidence).
  const latestMs =
    plan.expected === 'ETIMEDOUT' ? retransmissionBounds({ ...config, userTimeoutMs: 0 }, CLIENT_RETRIES2, hz).latestMs + TCP_RTO_MIN_MS : AT_ONCE_MS;
  return {
    mechanism: plan.expected === 'answered' ? 'none' : plan.expected === 'ECONNRESET' ? 'reset' : 'retransmission',
    reference: 'fault',
    earliestMs: 0,
    latestMs,
    nominalEarliestMs: 0,
    nominalLatestMs: latestMs,
    timerRoundingMs: 0,
    deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
    faultSpanMs: 0,
    hz,
  };
}
