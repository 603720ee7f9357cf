// next-probe: the peer comes back without the connection (a reboot) or a firewall answers for it, and the RST to
// the observer's next keepalive probe ends it. The observer's timer keeps its own schedule: after a lost probe the
// next goes out `interval` later; after an answered one, once the silence since the answer reaches `idle` again —
// so a healthy connection is probed every max(idle, interval), not every interval. The peer may answer with RST
// from some moment on (`resetsFrom.from`: a reboot's restart was asked) and surely does by another (`by`): a probe
// in between may be lost, answered as before, or reset, and the window allows each; the first probe at or after
// `by` is reset.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { OBSERVATION_ALLOWANCE_MS } from '../model/allowances.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { keepaliveTimerRoundingMs, probePeriodMs } from '../model/keepalive-window.ts';
import { modelFromReference, type ReferenceModel } from '../model/reference-window.ts';
import { worstLateness } from '../model/timer-wheel.ts';
import type { ExpectedWindow } from '../model/window.ts';
import { toMicroseconds } from '../clock.ts';
import { seconds } from '../format/format.ts';
import type { WireAnalysis } from '../observe/wire-analysis.ts';
import { endedBy, type EndingRule, type RuleContext, resetsFromOf } from './rule.ts';

export const nextProbe: EndingRule = {
  name: 'next-probe',
  fromFault({ config, hz, faultSpanMs }) {
    // The next probe comes within one probe period of the fault, late by at most two timer arms.
    const timerRoundingMs = keepaliveTimerRoundingMs(config, 0, hz);
    const nominalLatestMs = probePeriodMs(config) + faultSpanMs;
    return {
      mechanism: 'reset',
      reference: 'fault',
      earliestMs: 0,
      latestMs: nominalLatestMs + timerRoundingMs + OBSERVATION_ALLOWANCE_MS,
      nominalEarliestMs: 0,
      nominalLatestMs,
      timerRoundingMs,
      deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
      faultSpanMs,
      hz,
    };
  },
  fromWire(context, wire) {
    const schedule = resetSchedule(context, wire);
    if (!schedule || !wire.reference) return null;
    const { faultAt, hz } = context;
    const model: ReferenceModel = {
      mechanism: 'reset',
      referenceAt: wire.reference.t,
      firstProbeAt: schedule.earliest,
      probeTimes: [schedule.earliest],
      errorAt: schedule.earliest,
      latestAt: schedule.latest + schedule.roundingMs + OBSERVATION_ALLOWANCE_MS,
      timerRoundingMs: schedule.roundingMs,
      deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
    };
    const window: ExpectedWindow = {
      mechanism: 'reset',
      reference: 'last-received',
      earliestMs: toMicroseconds(schedule.earliest - faultAt),
      latestMs: toMicroseconds(model.latestAt - faultAt),
      nominalEarliestMs: toMicroseconds(schedule.earliest - faultAt),
      nominalLatestMs: toMicroseconds(schedule.latest - faultAt),
      timerRoundingMs: schedule.roundingMs,
      deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
      faultSpanMs: 0,
      hz,
    };
    return { window, model };
  },
  wireProblem(context, wire) {
    const { observer, peer } = context.roles;
    const ending = wire.ending;
    if (ending?.kind !== 'rst' || ending.by !== 'peer') return `the connection ended with ${endedBy(wire, context.roles)}, not the ${peer}'s RST to a probe`;
    const { from, by } = resetsFromOf(context);
    const answered = Math.max(...wire.probes.filter((probe) => probe.t < ending.t).map((probe) => probe.t), ...wire.answersToPeer.filter((t) => t < ending.t));
    if (answered < from)
      return `the ${peer}'s RST answered no probe the ${observer} sent after the ${peer} could answer again, nor its answer to one of the ${peer}'s`;
    // Probes sent while the peer was away are lost; the first sent once it surely answers again must be the one reset.
    const afterBack = wire.probes.filter((probe) => probe.t >= by).length;
    return afterBack <= 1 ? null : `the ${observer} sent ${afterBack} probes after the ${peer} surely answered again, where its RST should answer the first`;
  },
  how: ({ roles }) => `the ${roles.peer}'s kernel answered the next keepalive probe with RST`,
  untestable(context, { outcome, wire }) {
    if (outcome !== 'ETIMEDOUT') return null;
    const { from, by } = resetsFromOf(context);
    // Without a capture, the chain as if the last segment came at the fault: the latest its probes can be.
    const probes = wire ? wire.probes.map((probe) => probe.t) : modelFromReference(context.config, { referenceAt: context.faultAt, hz: context.hz }).probeTimes;
    if (probes.some((t) => t >= by)) return null;
    const { observer, peer } = context.roles;
    const away = `the ${peer} was back only ${seconds(by - context.faultAt)} after the fault (its restart alone took ${seconds(by - from)})`;
    return `${away}, when the ${observer}'s keepalive had sent every probe (${wire ? 'the wire shows them' : 'by the settings'}): ETIMEDOUT is the kernel's rule here, and this run could not show the RST the scenario is about. Give keepalive longer than the restart takes (a larger count or interval), or run it on a quieter machine`;
  },
};

/** When the reset probe goes out at the earliest and the latest (nominal), and the timers' worst lateness on the way. */
interface ResetSchedule {
  earliest: number;
  latest: number;
  roundingMs: number;
}

/** A probe the chain sends at `at`, with the worst lateness its arms since the last probe seen may have added. */
interface NextProbe {
  at: number;
  lateMs: number;
}

/** The schedule from what the wire shows before the peer could answer again; null without a segment received. */
function resetSchedule(context: RuleContext, wire: WireAnalysis): ResetSchedule | null {
  if (!wire.reference) return null;
  const { config, hz } = context;
  const { from, by } = resetsFromOf(context);
  const resets = [...resetProbes(config, hz, firstAfter(config, hz, wire, from), from, by)];
  // A peer that probes too draws the observer's answer, which the firewall resets as well: the RST may come then.
  const answer = wire.answersToPeer.find((t) => t >= from);
  return {
    earliest: Math.min(...resets.map((probe) => probe.at), answer ?? Number.POSITIVE_INFINITY),
    latest: Math.max(...resets.map((probe) => probe.at)),
    roundingMs: Math.max(...resets.map((probe) => probe.lateMs)),
  };
}

/** The observer's first probe at or after `from`: after the last one the wire shows lost, or the last answer. */
function firstAfter(config: KeepaliveConfig, hz: KernelHz, wire: WireAnalysis, from: number): NextProbe {
  const lost = wire.probes.filter((probe) => probe.t < from && !probe.answered).at(-1);
  if (lost) return afterLost(config, hz, lost.t, 0);
  const lastAnswered = wire.lastAnsweredProbeAt;
  const idleMs = config.idleS * 1000;
  if (lastAnswered === undefined) return { at: wire.reference!.t + idleMs, lateMs: worstLateness(idleMs, hz) };
  return { at: Math.max(wire.reference!.t + idleMs, lastAnswered + config.intervalS * 1000), lateMs: answeredLateness(config, hz) };
}

/** Every probe the RST can answer: each probe between `from` and `by` lost, answered or reset; the first at or after `by` reset. */
function* resetProbes(config: KeepaliveConfig, hz: KernelHz, probe: NextProbe, from: number, by: number, depth = 0): Generator<NextProbe> {
  if (probe.at >= from) yield probe;
  if (probe.at >= by || depth > MAX_PROBES_IN_SPAN) return;
  yield* resetProbes(config, hz, afterLost(config, hz, probe.at, probe.lateMs), from, by, depth + 1);
  yield* resetProbes(config, hz, afterAnswered(config, hz, probe), from, by, depth + 1);
}

/** A fault's span covers a few probes at most; the bound only keeps a broken clock from recursing forever. */
const MAX_PROBES_IN_SPAN = 32;

function afterLost(config: KeepaliveConfig, hz: KernelHz, at: number, lateMs: number): NextProbe {
  const intervalMs = config.intervalS * 1000;
  return { at: at + intervalMs, lateMs: lateMs + worstLateness(intervalMs, hz) };
}

/** Answered at once: the next probe when the silence reaches idle again, no sooner than an interval on. */
function afterAnswered(config: KeepaliveConfig, hz: KernelHz, probe: NextProbe): NextProbe {
  return { at: probe.at + probePeriodMs(config), lateMs: probe.lateMs + answeredLateness(config, hz) };
}

/** After an answered probe the timer fires an interval on, then, with idle longer, once more for the rest of idle. */
function answeredLateness(config: KeepaliveConfig, hz: KernelHz): number {
  const restMs = (config.idleS - config.intervalS) * 1000;
  return worstLateness(config.intervalS * 1000, hz) + (restMs > 0 ? worstLateness(restMs, hz) : 0);
}
