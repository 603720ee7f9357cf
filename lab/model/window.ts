// The window an ending must fall in, in ms from the fault, and what its bounds are made of (for the report's
// "why"). Windows are counted from the fault when nothing better is known, or from a moment on the wire.
import { toMicroseconds } from '../clock.ts';
import type { Mechanism } from '../mechanism.ts';
import { OBSERVATION_ALLOWANCE_MS } from './allowances.ts';
import type { KernelHz } from './kernel-hz.ts';

export interface ExpectedWindow {
  /** What the model says ends the connection. */
  mechanism: Mechanism;
  /**
   * What the bounds count from: the fault (no capture), the chain predicted from the probes before the fault
   * (keepalive, user timeout), or from the capture the last segment received before it (keepalive without a
   * prediction), the observer's first retransmission (retransmission limit) or its first zero-window probe; behind a
   * proxy, the last data on the connection either way (its idle timer's start).
   */
  reference: 'fault' | 'prediction' | 'last-received' | 'last-data' | 'first-retransmission' | 'first-zero-window-probe';
  earliestMs: number;
  latestMs: number;
  nominalEarliestMs: number;
  nominalLatestMs: number;
  timerRoundingMs: number;
  deliveryAllowanceMs: number;
  faultSpanMs: number;
  hz: KernelHz;
  /** How late this run's own timer ran beyond the wheel's rounding (a busy machine's softirq), added to the latest bound; absent: not at all. */
  lateTicksMs?: number;
}

/** A limit and its rounding, relative to what the kernel counts it from (a first retransmission, a first zero-window probe). */
export interface Bounds {
  mechanism: Mechanism;
  earliestMs: number;
  latestMs: number;
  timerRoundingMs: number;
}

/** Bounds counted from a moment on the wire (`fromMs`, relative to the fault), as a window from the fault. */
export function windowAfter(bounds: Bounds, fromMs: number, reference: ExpectedWindow['reference'], hz: KernelHz): ExpectedWindow {
  return {
    mechanism: bounds.mechanism,
    reference,
    earliestMs: toMicroseconds(fromMs + bounds.earliestMs),
    latestMs: toMicroseconds(fromMs + bounds.latestMs),
    nominalEarliestMs: toMicroseconds(fromMs + bounds.earliestMs),
    nominalLatestMs: toMicroseconds(fromMs + bounds.latestMs - bounds.timerRoundingMs - OBSERVATION_ALLOWANCE_MS),
    timerRoundingMs: bounds.timerRoundingMs,
    deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
    faultSpanMs: 0,
    hz,
  };
}
