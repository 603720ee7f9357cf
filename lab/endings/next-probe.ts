// next-probe: the peer comes back without the connection (a reboot) or a firewall answers for it, and the RST to
// the observer's next keepalive probe ends it. The observer's probes keep their schedule whatever happens to them:
// every probe, answered or lost in a blackout, re-arms the timer for the interval. The peer can answer from the
// start of the fault's span (a reboot's restart was asked then) and surely does by its end, so the RST answers
// the first scheduled probe at or after some moment in that span.
import { OBSERVATION_ALLOWANCE_MS } from '../model/allowances.ts';
import { keepaliveTimerRoundingMs, probePeriodMs } from '../model/keepalive-window.ts';
import { type ReferenceModel, windowOf } from '../model/reference-window.ts';
import type { WireAnalysis } from '../observe/wire-analysis.ts';
import { endedBy, type EndingRule, type RuleContext } from './rule.ts';

export const nextProbe: EndingRule = {
  name: 'next-probe',
  fromFault({ config, hz, faultSpanMs }) {
    // The next probe comes within one probe period of the fault, late by at most two timer arms.
    const timerRoundingMs = keepaliveTimerRoundingMs(config, 0, hz);
    const nominalLatestMs = probePeriodMs(config);
    return {
      mechanism: 'reset', reference: 'fault', earliestMs: -faultSpanMs, latestMs: nominalLatestMs + timerRoundingMs + OBSERVATION_ALLOWANCE_MS,
      nominalEarliestMs: 0, nominalLatestMs, timerRoundingMs, deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS, faultSpanMs, hz,
    };
  },
  fromWire(context, wire) {
    const model = scheduleModel(context, wire);
    return model ? { window: windowOf(model, context.faultAt, context.hz), model } : null;
  },
  wireProblem({ roles, faultAt, faultSpanMs }, wire) {
    const { observer, peer } = roles;
    const ending = wire.ending;
    if (ending?.kind !== 'rst' || ending.by !== 'peer') return `the connection ended with ${endedBy(wire, roles)}, not the ${peer}'s RST to a probe`;
    const answered = wire.probes.filter((probe) => probe.t < ending.t).at(-1);
    if (!answered || answered.t < faultAt - faultSpanMs) return `the ${peer}'s RST answered no probe the ${observer} sent after the ${peer} could be back`;
    // Probes sent while the peer was away are lost; one sent once it was surely back must be the one answered.
    const afterBack = wire.probes.filter((probe) => probe.t >= faultAt).length;
    return afterBack <= 1 ? null : `the ${observer} sent ${afterBack} probes after the fault where the ${peer}'s RST should answer the first`;
  },
  how: ({ roles }) => `the ${roles.peer}'s kernel answered the next keepalive probe with RST`,
};

/**
 * The probe schedule from the last probe surely lost (or answered) before the peer could be back: the RST comes
 * at the first scheduled probe at or after the span's start at the earliest, at the first one at or after its end
 * at the latest (late by each timer arm's rounding).
 */
function scheduleModel({ config, hz, faultAt, faultSpanMs }: RuleContext, wire: WireAnalysis): ReferenceModel | null {
  if (!wire.reference) return null;
  const intervalMs = config.intervalS * 1000;
  const from = faultAt - faultSpanMs;
  const lastLost = Math.max(wire.lastAnsweredProbeAt ?? -Infinity, ...wire.probes.filter((probe) => probe.t < from).map((probe) => probe.t));
  const firstProbeAt = Number.isFinite(lastLost) ? lastLost + intervalMs : wire.reference.t + config.idleS * 1000;
  const probeTimes = [firstProbeAt];
  while (probeTimes.at(-1)! < faultAt) probeTimes.push(probeTimes.at(-1)! + intervalMs);
  const errorAt = probeTimes.find((t) => t >= from)!;
  const timerRoundingMs = keepaliveTimerRoundingMs(config, probeTimes.length - 1, hz);
  return {
    mechanism: 'reset', referenceAt: wire.reference.t, firstProbeAt, probeTimes, errorAt,
    latestAt: probeTimes.at(-1)! + timerRoundingMs + OBSERVATION_ALLOWANCE_MS, timerRoundingMs, deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
  };
}
