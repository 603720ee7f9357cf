// keepalive: the observer's kernel sends `count` unanswered probes after the last segment it received, then
// aborts with its own RST (or, with TCP_USER_TIMEOUT, at the first probe tick past the user timeout). With a
// prediction, the window and every probe are checked against it; without, against the model's bounds.
import type { KeepalivePrediction } from '../model/keepalive-prediction.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { expectedKeepaliveWindow } from '../model/keepalive-window.ts';
import { predictionWindow, withinPrediction } from '../model/prediction-window.ts';
import { modelFromReference, type ReferenceModel, windowOf } from '../model/reference-window.ts';
import { worstLateness } from '../model/timer-wheel.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { WireAnalysis } from '../observe/wire-analysis.ts';
import { signedSeconds } from '../report/format.ts';
import { endedBy, type EndingRule, type RuleContext } from './rule.ts';

export const keepalive: EndingRule = {
  name: 'keepalive',
  fromFault: ({ config, hz, faultSpanMs }) => expectedKeepaliveWindow(config, { hz, faultSpanMs }),
  fromWire({ config, hz, faultAt, prediction }, wire) {
    if (!wire.reference) return null;
    const model = modelFromReference(config, { referenceAt: wire.reference.t, lastProbeAt: wire.lastAnsweredProbeAt, hz });
    return { window: prediction ? predictionWindow(prediction, faultAt, hz) : windowOf(model, faultAt, hz), model };
  },
  wireProblem: timeoutProblem,
  how: (_context, { probesSent }) => `after ${probesSent} unanswered keepalive probes`,
};

/** A keepalive or user-timeout abort: the model's number of probes, none answered, evenly spaced, the observer's RST. */
function timeoutProblem(context: RuleContext, wire: WireAnalysis, model?: ReferenceModel): string | null {
  const { observer } = context.roles;
  if (!model) return `the wire shows no segment the ${observer} received before the fault, so its timer cannot be checked`;
  const { probes, ending } = wire;
  const answered = probes.filter((probe) => probe.answered).length;
  if (answered > 0) return `${answered} of the ${probes.length} probes after the fault were answered`;
  const probeProblem = context.prediction
    ? predictedProbesProblem(context.prediction, probes.filter((probe) => probe.t >= context.faultAt).map((probe) => probe.t), context.faultAt, observer)
    : modelProbesProblem(context, probes.map((probe) => probe.t), model);
  if (probeProblem) return probeProblem;
  if (!ending || ending.kind !== 'rst' || ending.by !== 'observer') {
    return `the connection did not end with the ${observer}'s RST (${ending ? endedBy(wire, context.roles) : 'none on the wire'})`;
  }
  return null;
}

/** Every probe where the prediction put it, and no other. */
function predictedProbesProblem(prediction: KeepalivePrediction, sent: number[], faultAt: number, observer: string): string | null {
  const at = (t: number) => signedSeconds(t - faultAt);
  if (!prediction.sentCounts.includes(sent.length)) {
    return `the ${observer} sent ${sent.length} unanswered probes after the fault where the prediction said ${prediction.sentCounts.join(' or ')}`;
  }
  const off = sent.findIndex((t, k) => !withinPrediction(prediction, k, t));
  if (off < 0) return null;
  const range = prediction.sentRange[off]!;
  return `probe ${off + 1} went out at ${at(sent[off]!)}, where the prediction put it at ${at(range.earliest)}${range.latest > range.earliest ? `–${at(range.latest)}` : ''}`;
}

/** Without a prediction: the model's number of probes, evenly spaced. */
function modelProbesProblem(context: RuleContext, sent: number[], model: ReferenceModel): string | null {
  const { observer } = context.roles;
  if (sent.length !== model.probeTimes.length) {
    return `the ${observer} sent ${sent.length} unanswered probes where ${model.mechanism} needs ${model.probeTimes.length}`;
  }
  const spacing = spacingRangeMs(context.config, context.hz);
  for (let k = 1; k < sent.length; k += 1) {
    const gap = sent[k]! - sent[k - 1]!;
    if (gap < spacing.min || gap > spacing.max) {
      return `probe ${k + 1} came ${gap.toFixed(1)} ms after probe ${k}, outside the ${spacing.min}–${spacing.max.toFixed(0)} ms the timer allows`;
    }
  }
  return null;
}

/** Consecutive unanswered probes are `interval` apart, late by at most one timer step, never early. */
function spacingRangeMs(config: KeepaliveConfig, hz: KernelHz): { min: number; max: number } {
  const intervalMs = config.intervalS * 1000;
  return { min: intervalMs, max: intervalMs + worstLateness(intervalMs, hz) };
}
