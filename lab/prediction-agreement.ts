// The model's question, answered apart from the verdict: how far the ending lay from the timer chain the lab
// predicted, judged against the noise this run itself showed — how late its own sends (probes, retransmissions)
// went out beyond what a tick allows. A disagreement is explained beside the verdict; it fails a run only when
// the run is strict (the lab's own tests, the precision benchmark): a user's test never fails on a few ms of
// scheduling.
import { TICK_SLACK_MS } from './model/chain-fit.ts';
import { predictionTolerance, type TimerPrediction } from './model/prediction-window.ts';
import { plainMs, signedMs, signedSeconds } from './format/format.ts';
import type { Judgement } from './verdict.ts';

export interface Agreement {
  /** How late this run's own sends after the prediction's moment went out beyond what a tick allows: its scheduling noise, ms. */
  noiseMs: number;
  agrees: boolean;
  /** Why not, in words. */
  disagreement?: string;
}

/** When the connection ended: seen at `at`, and known only to within the `uncertaintyMs` before it (a sampled counter's gap). */
export interface SeenEnding {
  at: number;
  uncertaintyMs: number;
}

/**
 * `sends`: the sends after the prediction's moment on the wire; `counted`: how many the kernel counted, where the wire
 * shows only the first of them (the peer's neighbour entry failed); `end`: when the connection ended (null: it did
 * not); `origin`: the fault's moment, which times in words count from; `what`: "probe" or "retransmission".
 */
export function predictionAgreement(
  prediction: TimerPrediction,
  sends: { wire: readonly number[]; counted?: number },
  end: SeenEnding | null,
  origin: number,
  what: string,
): Agreement {
  const noiseMs = sendNoiseMs(prediction, sends.wire);
  const disagreement = sendsProblem(prediction, sends, origin, what) ?? endingProblem(prediction, end, noiseMs, origin);
  return disagreement ? { noiseMs, agrees: false, disagreement } : { noiseMs, agrees: true };
}

/** Past its latest fitting tick, a send may go out one jiffy late (the next tick's softirq) within its tick's batch. */
const tickAllowanceMs = (prediction: TimerPrediction) => prediction.jiffyMs + prediction.sendSpreadMs + TICK_SLACK_MS;

function sendNoiseMs(prediction: TimerPrediction, sends: readonly number[]): number {
  const late = sends.map((t, k) => {
    const range = prediction.sentRange[k];
    return range ? t - (range.latest + tickAllowanceMs(prediction)) : 0;
  });
  return Math.round(Math.max(0, ...late) * 1000) / 1000;
}

/** As many sends as a fitting chain makes, none before its earliest tick (a timer never fires early). */
function sendsProblem(
  prediction: TimerPrediction,
  { wire: sends, counted }: { wire: readonly number[]; counted?: number },
  origin: number,
  what: string,
): string | null {
  const number = counted ?? sends.length;
  if (!prediction.sentCounts.includes(number)) {
    return `the ${what}s after it numbered ${number}${counted === undefined ? '' : " by the kernel's count"} where the prediction said ${prediction.sentCounts.join(' or ')}`;
  }
  const early = sends.findIndex((t, k) => t < prediction.sentRange[k]!.earliest - TICK_SLACK_MS);
  if (early < 0) return null;
  const at = (t: number) => signedSeconds(t - origin);
  return `${what} ${early + 1} after it went out at ${at(sends[early]!)}, before the earliest chain's ${at(prediction.sentRange[early]!.earliest)}`;
}

/**
 * The ending inside the prediction's tolerance (the fitting chains, a tick's allowance, the stated observation
 * allowance) and the run's noise. An ending known only to within a sampling gap agrees where any moment in that gap does.
 */
function endingProblem(prediction: TimerPrediction, end: SeenEnding | null, noiseMs: number, origin: number): string | null {
  if (end === null) return 'nothing ended the connection where the prediction put its end';
  const { earlyMs, lateMs } = predictionTolerance(prediction);
  const errorMs = end.at - prediction.endAt;
  if (errorMs >= -earlyMs && errorMs - end.uncertaintyMs <= lateMs + noiseMs) return null;
  const noise = noiseMs > 0 ? `, though this run's own sends were up to ${plainMs(noiseMs)} ms late` : ", beyond any lateness this run's own sends showed";
  const sampled = end.uncertaintyMs > 0 ? ` (seen in counters sampled ${plainMs(end.uncertaintyMs)} ms apart)` : '';
  return `the ending came ${signedMs(errorMs)} ms from the prediction (${signedSeconds(prediction.endAt - origin)})${sampled}, outside its ${signedMs(-earlyMs)} … ${signedMs(lateMs + noiseMs)} ms${noise}`;
}

/** The verdict with the prediction's answer beside it: explained when it disagrees, and a FAIL only when strict. */
export function withAgreement(judgement: Judgement, agreement: Agreement | undefined, strict: boolean): Judgement {
  if (!agreement || agreement.agrees || judgement.verdict !== 'pass') return judgement;
  if (strict) return { verdict: 'fail', reason: `${judgement.reason} — but the model disagrees (strict): ${agreement.disagreement}` };
  return { ...judgement, reason: `${judgement.reason} — the model disagrees: ${agreement.disagreement}` };
}
