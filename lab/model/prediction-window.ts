// The verdict's window around a prediction, and the tolerance it is made of — derived, and stated in the report:
//   early: down to the earliest chain that fits the probes before the fault, less TICK_SLACK_MS (where in its
//          tick a packet goes out); a timer never fires early, so nothing earlier is possible;
//   late:  up to the latest chain that fits, plus one jiffy (a tick's softirq may run on the next tick), the spread
//          of a tick's batch of sends (microseconds for one connection, a few ms for a crowd's thousands) and the
//          stated observation allowance (a busy machine's softirq, the capture).
import { toMicroseconds } from '../clock.ts';
import { OBSERVATION_ALLOWANCE_MS } from './allowances.ts';
import type { KernelHz } from './kernel-hz.ts';
import { TICK_SLACK_MS } from './chain-fit.ts';
import type { KeepalivePrediction } from './keepalive-prediction.ts';
import type { RetransmissionPrediction } from './retransmission-prediction.ts';
import type { ExpectedWindow } from './window.ts';

/** A prediction of either timer that re-arms from its callback. */
export type TimerPrediction = KeepalivePrediction | RetransmissionPrediction;

/** How far before and after the predicted time (`endAt`, or a probe's) the window reaches, ms. */
export interface PredictionTolerance {
  earlyMs: number;
  lateMs: number;
}

/** The bounds of a moment the fitting chains put between `earliest` and `latest`. */
function bounds(range: { earliest: number; latest: number }, prediction: TimerPrediction): { from: number; to: number } {
  return { from: range.earliest - TICK_SLACK_MS, to: range.latest + prediction.jiffyMs + prediction.sendSpreadMs + OBSERVATION_ALLOWANCE_MS };
}

export function predictionTolerance(prediction: TimerPrediction): PredictionTolerance {
  const { from, to } = bounds({ earliest: prediction.earliestEndAt, latest: prediction.latestEndAt }, prediction);
  return { earlyMs: toMicroseconds(prediction.endAt - from), lateMs: toMicroseconds(to - prediction.endAt) };
}

/** The window from the fault: the predicted abort, less the early tolerance, to it plus the late one. */
export function predictionWindow(prediction: TimerPrediction, faultAt: number, hz: KernelHz): ExpectedWindow {
  const tolerance = predictionTolerance(prediction);
  const predictedMs = prediction.endAt - faultAt;
  return {
    mechanism: prediction.mechanism,
    reference: 'prediction',
    earliestMs: toMicroseconds(predictedMs - tolerance.earlyMs),
    latestMs: toMicroseconds(predictedMs + tolerance.lateMs),
    nominalEarliestMs: toMicroseconds(prediction.earliestEndAt - faultAt),
    nominalLatestMs: toMicroseconds(prediction.latestEndAt - faultAt),
    timerRoundingMs: toMicroseconds(prediction.jiffyMs),
    deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
    faultSpanMs: 0,
    hz,
  };
}

/** Whether probe `k` (after the fault) went out at `t` where some fitting chain puts it, within the same tolerance. */
export function withinPrediction(prediction: TimerPrediction, k: number, t: number): boolean {
  const range = prediction.sentRange[k];
  if (!range) return false;
  const { from, to } = bounds(range, prediction);
  return t >= from && t <= to;
}
