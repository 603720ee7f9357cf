// When the error must come, counted as the kernel counts: from the last segment the observer received before
// the fault, read from the capture. The first unanswered probe goes out at the first keepalive tick where
// idle has passed since that segment; the timer was last armed `interval` after the previous probe, so
//   first probe = max(reference + idle, last probe sent + interval)
//   error       = first probe + count × interval
// (the formula reference + idle + count × interval holds when interval ≤ idle). With TCP_USER_TIMEOUT the
// error comes at the first tick after the first probe where reference + user timeout has passed.
import { toMicroseconds } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { Mechanism } from '../mechanism.ts';
import { OBSERVATION_ALLOWANCE_MS } from './allowances.ts';
import { keepaliveTimerRoundingMs } from './keepalive-window.ts';
import { COMMON_HZ, type KernelHz } from './kernel-hz.ts';
import type { ExpectedWindow } from './window.ts';

export interface ReferenceModel {
  mechanism: Mechanism;
  /** All instants absolute (ms since the epoch). */
  referenceAt: number;
  firstProbeAt: number;
  /** Nominal probe times: the first unanswered one, then every interval until the error. */
  probeTimes: number[];
  /** The nominal error: `count` probes on, or the first nominal tick past the user timeout. */
  errorAt: number;
  /**
   * The earliest the error can come: the nominal one for count; for a user timeout, the deadline itself (a tick
   * after the first probe), since late ticks can reach it a tick sooner than nominal ones — each a jiffy sooner where
   * it counts from the segment received, which the kernel stamps with the jiffy it came in. Absent: errorAt.
   */
  earliestAt?: number;
  latestAt: number;
  timerRoundingMs: number;
  deliveryAllowanceMs: number;
}

export interface ReferencePoint {
  referenceAt: number;
  /** The observer's last answered probe before the fault, if any. */
  lastProbeAt?: number;
  hz: KernelHz;
}

export function modelFromReference(config: KeepaliveConfig, point: ReferencePoint): ReferenceModel {
  const idleMs = config.idleS * 1000;
  const intervalMs = config.intervalS * 1000;
  const firstProbeAt = Math.max(point.referenceAt + idleMs, (point.lastProbeAt ?? Number.NEGATIVE_INFINITY) + intervalMs);
  const byUserTimeout = config.userTimeoutMs > 0;
  const ticksAfterFirstProbe = byUserTimeout ? Math.max(1, Math.ceil((point.referenceAt + config.userTimeoutMs - firstProbeAt) / intervalMs)) : config.count;
  const errorAt = firstProbeAt + ticksAfterFirstProbe * intervalMs;
  const timerRoundingMs = keepaliveTimerRoundingMs(config, ticksAfterFirstProbe, point.hz);
  // The kernel counts the silence from the jiffy the segment came in (rcv_tstamp): up to a jiffy before its capture time.
  const fromReference = point.referenceAt + idleMs >= firstProbeAt;
  const quantumMs = receiptQuantumMs(point.hz);
  const earliestAt = byUserTimeout
    ? Math.min(errorAt, Math.max(point.referenceAt + config.userTimeoutMs - quantumMs, firstProbeAt + intervalMs - (fromReference ? quantumMs : 0)))
    : errorAt - (fromReference ? quantumMs : 0);
  return {
    mechanism: byUserTimeout ? 'user-timeout' : 'keepalive',
    referenceAt: point.referenceAt,
    firstProbeAt,
    probeTimes: Array.from({ length: ticksAfterFirstProbe }, (_, k) => firstProbeAt + k * intervalMs),
    errorAt,
    earliestAt,
    latestAt: errorAt + timerRoundingMs + OBSERVATION_ALLOWANCE_MS,
    timerRoundingMs,
    deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
  };
}

/** The model as a window from the fault: a timer never fires early, so the nominal time is the earliest. */
export function windowOf(model: ReferenceModel, faultAt: number, hz: KernelHz): ExpectedWindow {
  const nominalMs = toMicroseconds(model.errorAt - faultAt);
  const earliestMs = toMicroseconds((model.earliestAt ?? model.errorAt) - faultAt);
  return {
    mechanism: model.mechanism,
    reference: 'last-received',
    earliestMs,
    latestMs: toMicroseconds(model.latestAt - faultAt),
    nominalEarliestMs: earliestMs,
    nominalLatestMs: nominalMs,
    timerRoundingMs: model.timerRoundingMs,
    deliveryAllowanceMs: model.deliveryAllowanceMs,
    faultSpanMs: 0,
    hz,
  };
}

/** A jiffy at the HZ the model uses; at HZ unknown, the longest of those still possible. */
function receiptQuantumMs(hz: KernelHz): number {
  const candidates = hz.hz !== null ? [hz.hz] : (hz.candidates ?? COMMON_HZ);
  return 1000 / Math.min(...candidates);
}
