// The tolerance around a prediction — how far from it an ending still agrees with it, before this run's own noise —
// derived, and stated in the report:
//   early: down to the earliest chain that fits the probes before the fault, less TICK_SLACK_MS (where in its
//          tick a packet goes out); a timer never fires early, so nothing earlier is possible;
//   late:  up to the latest chain that fits, plus one jiffy (a tick's softirq may run on the next tick), the spread
//          of a tick's batch of sends (microseconds for one connection, a few ms for a crowd's thousands) and the
//          stated observation allowance (a busy machine's softirq, the capture).
import { toMicroseconds } from '../clock.ts';
import { OBSERVATION_ALLOWANCE_MS } from './allowances.ts';
import { TICK_SLACK_MS } from './chain-fit.ts';
import type { KeepalivePrediction } from './keepalive-prediction.ts';
import type { RetransmissionPrediction } from './retransmission-prediction.ts';

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
