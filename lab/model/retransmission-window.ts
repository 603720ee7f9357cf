// When a socket with data in flight gives up (tcp_write_timeout, net/ipv4/tcp_timer.c). Keepalive stays quiet
// while data is unacknowledged; the retransmission timer rules instead, backing off exponentially, and the
// socket fails with ETIMEDOUT (no RST is sent) at the first retransmission tick where the time since the FIRST
// RETRANSMISSION (tp->retrans_stamp, stamped after the segment went out again — measured here, not the original
// send) reaches:
//   - TCP_USER_TIMEOUT, when set: the timer is clamped so a tick falls right on it (tcp_clamp_rto_to_user_timeout);
//   - else T(tcp_retries2) (tcp_model_timeout with TCP_RTO_MIN): 200 ms × (2^(n + 1) − 1) while the backoff stays
//     under TCP_RTO_MAX (n ≤ 9), then + 120 s per further retry: 12.6 s for 5, 924.6 s for the default 15. Ticks come at rto × (2^k − 2) after the first retransmission, so the first one at or
//     past T comes before 2T + 2 × rto.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { OBSERVATION_ALLOWANCE_MS } from './allowances.ts';
import { worstLateness } from './timer-wheel.ts';
import type { KernelHz } from './kernel-hz.ts';
import type { Bounds } from './window.ts';

export const TCP_RTO_MIN_MS = 200;
export const TCP_RTO_MAX_MS = 120_000;
export const DEFAULT_TCP_RETRIES2 = 15;

/** T(retries2): how long retransmitted data may wait before the socket fails (tcp_model_timeout). */
export function retransmissionTimeoutMs(retries2: number): number {
  const linearFrom = Math.floor(Math.log2(TCP_RTO_MAX_MS / TCP_RTO_MIN_MS)); // 9: where the backoff hits RTO_MAX
  if (retries2 <= linearFrom) return TCP_RTO_MIN_MS * (2 ** (retries2 + 1) - 1);
  return TCP_RTO_MIN_MS * (2 ** (linearFrom + 1) - 1) + (retries2 - linearFrom) * TCP_RTO_MAX_MS;
}

/** A timer clamped to the user timeout (retransmission or persist): it fires when the user timeout runs out. */
export function userTimeoutBounds(config: KeepaliveConfig, hz: KernelHz): Bounds {
  const timerRoundingMs = worstLateness(config.userTimeoutMs, hz);
  return {
    mechanism: 'user-timeout',
    earliestMs: config.userTimeoutMs,
    latestMs: config.userTimeoutMs + timerRoundingMs + OBSERVATION_ALLOWANCE_MS,
    timerRoundingMs,
  };
}

/** `rtoMs`: the retransmission timeout the socket started with (first retransmission − first unacknowledged send). */
export function retransmissionBounds(config: KeepaliveConfig, retries2: number, hz: KernelHz, rtoMs = TCP_RTO_MIN_MS): Bounds {
  if (config.userTimeoutMs > 0) return userTimeoutBounds(config, hz);
  const limitMs = retransmissionTimeoutMs(retries2);
  // One arm per backoff step up to the abort, each late by at most its wheel level's step.
  let timerRoundingMs = 0;
  for (let step = rtoMs, waited = 0; waited <= 2 * limitMs + 2 * rtoMs; waited += step, step = Math.min(2 * step, TCP_RTO_MAX_MS)) {
    timerRoundingMs += worstLateness(step, hz);
  }
  return { mechanism: 'retransmission', earliestMs: limitMs, latestMs: 2 * limitMs + 2 * rtoMs + timerRoundingMs + OBSERVATION_ALLOWANCE_MS, timerRoundingMs };
}
