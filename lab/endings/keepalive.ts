// keepalive: the observer's kernel sends `count` unanswered probes after the last segment it received, then
// aborts with its own RST (or, with TCP_USER_TIMEOUT, at the first probe tick past the user timeout).
import type { KernelHz } from '../model/kernel-hz.ts';
import { expectedKeepaliveWindow } from '../model/keepalive-window.ts';
import { modelFromReference, type ReferenceModel, windowOf } from '../model/reference-window.ts';
import { worstLateness } from '../model/timer-wheel.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { WireAnalysis } from '../observe/wire-analysis.ts';
import { endedBy, type EndingRule, type RuleContext } from './rule.ts';

export const keepalive: EndingRule = {
  name: 'keepalive',
  fromFault: ({ config, hz, faultSpanMs }) => expectedKeepaliveWindow(config, { hz, faultSpanMs }),
  fromWire({ config, hz, faultAt }, wire) {
    if (!wire.reference) return null;
    const model = modelFromReference(config, { referenceAt: wire.reference.t, lastProbeAt: wire.lastAnsweredProbeAt, hz });
    return { window: windowOf(model, faultAt, hz), model };
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
  if (probes.length !== model.probeTimes.length) {
    return `the ${observer} sent ${probes.length} unanswered probes where ${model.mechanism} needs ${model.probeTimes.length}`;
  }
  const spacing = spacingRangeMs(context.config, context.hz);
  for (let k = 1; k < probes.length; k += 1) {
    const gap = probes[k]!.t - probes[k - 1]!.t;
    if (gap < spacing.min || gap > spacing.max) {
      return `probe ${k + 1} came ${gap.toFixed(1)} ms after probe ${k}, outside the ${spacing.min}–${spacing.max.toFixed(0)} ms the timer allows`;
    }
  }
  if (!ending || ending.kind !== 'rst' || ending.by !== 'observer') {
    return `the connection did not end with the ${observer}'s RST (${ending ? endedBy(wire, context.roles) : 'none on the wire'})`;
  }
  return null;
}

/** Consecutive unanswered probes are `interval` apart, late by at most one timer step, never early. */
function spacingRangeMs(config: KeepaliveConfig, hz: KernelHz): { min: number; max: number } {
  const intervalMs = config.intervalS * 1000;
  return { min: intervalMs, max: intervalMs + worstLateness(intervalMs, hz) };
}
