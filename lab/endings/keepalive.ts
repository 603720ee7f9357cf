// keepalive: the observer's kernel sends `count` unanswered probes after the last segment it received, then
// aborts with its own RST (or, with TCP_USER_TIMEOUT, at the first probe tick past the user timeout). The window
// and the probes are the kernel's documented rules counted from the last segment received, with each timer's
// rounding; how close the ending came to the chain the lab predicted is the prediction's question
// (prediction-agreement.ts), not this.
import { toMicroseconds } from '../clock.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { TICK_SLACK_MS } from '../model/chain-fit.ts';
import { expectedKeepaliveWindow } from '../model/keepalive-window.ts';
import { modelFromReference, type ReferenceModel, windowOf } from '../model/reference-window.ts';
import { worstLateness } from '../model/timer-wheel.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { neighbourFailed } from '../observe/neighbour.ts';
import type { WireAnalysis } from '../observe/wire-analysis.ts';
import { endedBy, type EndingRule, type RuleContext } from './rule.ts';

export const keepalive: EndingRule = {
  name: 'keepalive',
  fromFault: ({ config, hz, faultSpanMs }) => expectedKeepaliveWindow(config, { hz, faultSpanMs }),
  fromWire({ config, hz, faultAt }, wire) {
    if (!wire.reference) return null;
    const model = modelFromReference(config, { referenceAt: wire.reference.t, lastProbeAt: wire.lastAnsweredProbeAt, hz });
    const window = windowOf(model, faultAt, hz);
    const lateMs = lateTicksMs(
      config,
      hz,
      model,
      wire.probes.map((probe) => probe.t),
    );
    return { window: lateMs > 0 ? { ...window, latestMs: toMicroseconds(window.latestMs + lateMs), lateTicksMs: toMicroseconds(lateMs) } : window, model };
  },
  wireProblem: timeoutProblem,
  how: howItEnded,
};

/** A keepalive or user-timeout abort: the rules' number of probes, none answered, evenly spaced, the observer's RST. */
function timeoutProblem(context: RuleContext, wire: WireAnalysis, model?: ReferenceModel): string | null {
  const { observer } = context.roles;
  if (!model) return `the wire shows no segment the ${observer} received before the fault, so its timer cannot be checked`;
  const { probes, ending } = wire;
  const answered = probes.filter((probe) => probe.answered).length;
  if (answered > 0) return `${answered} of the ${probes.length} probes after the fault were answered`;
  const probeProblem = probesProblem(
    context,
    probes.map((probe) => probe.t),
    model,
  );
  if (probeProblem) return probeProblem;
  if (!ending && neighbourFailed(context.peerNeighbour)) return null; // its RST died in the neighbour queue
  if (ending?.kind !== 'rst' || ending.by !== 'observer') {
    return `the connection did not end with the ${observer}'s RST (${ending ? endedBy(wire, context.roles) : 'none on the wire'})`;
  }
  return null;
}

function howItEnded({ roles, peerNeighbour, kernelProbes }: RuleContext, { probesSent, wire }: { probesSent: number; wire?: WireAnalysis }): string {
  if (!wire || wire.ending || !neighbourFailed(peerNeighbour)) return `after ${probesSent} unanswered keepalive probes`;
  const counted =
    kernelProbes !== undefined && kernelProbes > probesSent
      ? `${kernelProbes} unanswered keepalive probes by its kernel's count, ${probesSent} of them on the wire`
      : `${probesSent} unanswered keepalive probes`;
  return `after ${counted}; its kernel counted the abort, and the RST never reached the wire: the ${roles.peer}'s neighbour entry had ${peerNeighbour === 'FAILED' ? 'failed' : 'stayed incomplete'} (ip neigh ${peerNeighbour}), so what the ${roles.observer} sent it then died in the neighbour queue`;
}

/**
 * The rules' number of probes (with a user timeout, as the timers' rounding may shift the tick that passes it), evenly
 * spaced. Once the peer's neighbour entry failed, the later probes never reach the wire: the kernel's own count decides.
 */
function probesProblem(context: RuleContext, sent: number[], model: ReferenceModel): string | null {
  const { observer } = context.roles;
  const counts = probeCounts(context.config, context.hz, model);
  const counted = probesByKernel(context, sent.length);
  const unresolved = counted !== undefined;
  const number = counted ?? sent.length;
  if (number < counts.min || number > counts.max) {
    const wanted = counts.min === counts.max ? `${counts.min}` : `${counts.min}–${counts.max}`;
    return `the ${observer} sent ${number} unanswered probes${unresolved ? " (its kernel's count)" : ''} where ${model.mechanism} needs ${wanted}`;
  }
  const intervalMs = context.config.intervalS * 1000;
  for (let k = 1; k < sent.length; k += 1) {
    const gap = sent[k]! - sent[k - 1]!;
    if (gap < intervalMs - TICK_SLACK_MS)
      return `probe ${k + 1} came ${gap.toFixed(1)} ms after probe ${k}, sooner than the ${intervalMs} ms interval: a timer never fires early`;
  }
  return null;
}

/**
 * How late this run's own timer ran beyond the wheel's rounding, ms: a tick whose softirq a busy machine delays (seen
 * here: 124 ms with four runs on two cores) re-arms every later one from there, so the ending shifts by the sum.
 * Measured on the unanswered probes: the first against the latest the model allows it, each next against the interval.
 */
function lateTicksMs(config: KeepaliveConfig, hz: KernelHz, model: ReferenceModel, sent: number[]): number {
  if (sent.length === 0) return 0;
  const intervalMs = config.intervalS * 1000;
  const step = worstLateness(intervalMs, hz);
  const firstLatest = model.firstProbeAt + worstLateness(config.idleS * 1000, hz) + step;
  const gaps = sent.slice(1).map((t, k) => Math.max(0, t - sent[k]! - intervalMs - step));
  return Math.max(0, sent[0]! - firstLatest) + gaps.reduce((sum, gap) => sum + gap, 0);
}

/**
 * How many probes the kernel counted where the wire shows only the first of them — the peer's neighbour entry failed,
 * so the later ones died in the neighbour queue; undefined where the wire shows them all.
 */
export function probesByKernel({ peerNeighbour, kernelProbes }: RuleContext, onWire: number): number | undefined {
  return neighbourFailed(peerNeighbour) && kernelProbes !== undefined && kernelProbes >= onWire ? kernelProbes : undefined;
}

/**
 * Count decides exactly; a user timeout is checked at each tick against the real silence, and ticks late by up to
 * a timer step each may reach it one tick sooner than the nominal ones.
 */
function probeCounts(config: KeepaliveConfig, hz: KernelHz, model: ReferenceModel): { min: number; max: number } {
  const nominal = model.probeTimes.length;
  if (config.userTimeoutMs === 0) return { min: nominal, max: nominal };
  const intervalMs = config.intervalS * 1000;
  const stepMs = intervalMs + worstLateness(intervalMs, hz);
  const deadline = model.referenceAt + config.userTimeoutMs;
  const ticks = Math.max(1, Math.ceil((deadline - model.firstProbeAt - worstLateness(config.idleS * 1000, hz)) / stepMs));
  return { min: Math.min(ticks, nominal), max: nominal };
}
