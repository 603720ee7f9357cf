// next-probe: the peer comes back without the connection (a reboot) or a firewall answers for it, and the RST to
// the observer's next keepalive probe ends it. The next probe follows the last probe sent before the fault,
// answered or lost in a blackout: every probe re-arms the timer for the interval.
import { OBSERVATION_ALLOWANCE_MS } from '../model/allowances.ts';
import { keepaliveTimerRoundingMs, probePeriodMs } from '../model/keepalive-window.ts';
import { modelFromReference, windowOf } from '../model/reference-window.ts';
import { endedBy, type EndingRule } from './rule.ts';

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
  fromWire({ config, hz, faultAt }, wire) {
    if (!wire.reference) return null;
    const lastProbeAt = Math.max(wire.lastAnsweredProbeAt ?? -Infinity, ...wire.probes.filter((probe) => probe.t < faultAt).map((probe) => probe.t));
    const model = modelFromReference(config, { referenceAt: wire.reference.t, lastProbeAt: Number.isFinite(lastProbeAt) ? lastProbeAt : undefined, hz }, 'next-probe');
    return { window: windowOf(model, faultAt, hz), model };
  },
  wireProblem({ roles, faultAt }, wire) {
    const { observer, peer } = roles;
    const ending = wire.ending;
    if (ending?.kind !== 'rst' || ending.by !== 'peer') return `the connection ended with ${endedBy(wire, roles)}, not the ${peer}'s RST to a probe`;
    // Probes sent while the peer was away (a reboot's blackout) are lost; the first one after it gets the RST.
    const afterBack = wire.probes.filter((probe) => probe.t >= faultAt).length;
    return afterBack === 1 ? null : `the ${observer} sent ${afterBack} probes after the fault where the ${peer}'s RST should answer the first`;
  },
  how: ({ roles }) => `the ${roles.peer}'s kernel answered the next keepalive probe with RST`,
};
