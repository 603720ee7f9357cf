// keepalive: the observer's kernel sends `count` unanswered probes after the last segment it received, then
// aborts with its own RST (or, with TCP_USER_TIMEOUT, at the first probe tick past the user timeout). With a
// prediction, the window and every probe are checked against it; without, against the model's bounds.
import type { KernelHz } from '../model/kernel-hz.ts';
import { expectedKeepaliveWindow } from '../model/keepalive-window.ts';
import { predictionWindow } from '../model/prediction-window.ts';
import { modelFromReference, type ReferenceModel, windowOf } from '../model/reference-window.ts';
import { worstLateness } from '../model/timer-wheel.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { WireAnalysis } from '../observe/wire-analysis.ts';
import { predictedSendsProblem } from './predicted-sends.ts';
import { endedBy, type EndingRule, type RuleContext } from './rule.ts';

/** The run's prediction, when it is the keepalive timer's. */
const keepalivePrediction = ({ prediction }: RuleContext) => (prediction?.timer === 'keepalive' ? prediction : undefined);

export const keepalive: EndingRule = {
  name: 'keepalive',
  fromFault: ({ config, hz, faultSpanMs }) => expectedKeepaliveWindow(config, { hz, faultSpanMs }),
  fromWire(context, wire) {
    const { config, hz, faultAt } = context;
    if (!wire.reference) return null;
    const model = modelFromReference(config, { referenceAt: wire.reference.t, lastProbeAt: wire.lastAnsweredProbeAt, hz });
    const prediction = keepalivePrediction(context);
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
  const prediction = keepalivePrediction(context);
  const probeProblem = prediction
    ? predictedSendsProblem(prediction, probes.filter((probe) => probe.t >= context.faultAt).map((probe) => probe.t), context.faultAt, observer, 'probe', 'after the fault')
    : modelProbesProblem(context, probes.map((probe) => probe.t), model);
  if (probeProblem) return probeProblem;
  if (!ending || ending.kind !== 'rst' || ending.by !== 'observer') {
    return `the connection did not end with the ${observer}'s RST (${ending ? endedBy(wire, context.roles) : 'none on the wire'})`;
  }
  return null;
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
