// What a prediction requires of the wire: as many sends (probes, retransmissions) after its moment as a fitting
// chain makes, each where such a chain puts it.
import { type TimerPrediction, withinPrediction } from '../model/prediction-window.ts';
import { signedSeconds } from '../report/format.ts';

/**
 * `sent`: the sends after the prediction's moment (`after`: "after the fault", "after the third"); `what`: "probe"
 * or "retransmission". Null when they fit.
 */
export function predictedSendsProblem(prediction: TimerPrediction, sent: number[], faultAt: number, observer: string, what: string, after: string): string | null {
  const at = (t: number) => signedSeconds(t - faultAt);
  if (!prediction.sentCounts.includes(sent.length)) {
    return `the ${observer} sent ${sent.length} ${what}s ${after} where the prediction said ${prediction.sentCounts.join(' or ')}`;
  }
  const off = sent.findIndex((t, k) => !withinPrediction(prediction, k, t));
  if (off < 0) return null;
  const range = prediction.sentRange[off]!;
  return `${what} ${off + 1} ${after} went out at ${at(sent[off]!)}, where the prediction put it at ${at(range.earliest)}${range.latest > range.earliest ? `–${at(range.latest)}` : ''}`;
}
