// immediate: the peer's kernel closes the connection as the fault strikes (its process died): a FIN when
// nothing was left unread, an RST otherwise — somewhere inside the injection's span. No timer decides it, so the
// window is the span and a stated allowance.
import { IMMEDIATE_ALLOWANCE_MS } from '../model/allowances.ts';
import { endedBy, type EndingRule } from './rule.ts';

export const immediate: EndingRule = {
  name: 'immediate',
  fromFault: ({ hz, faultSpanMs }) => ({
    mechanism: 'fin',
    reference: 'fault',
    earliestMs: 0,
    latestMs: faultSpanMs + IMMEDIATE_ALLOWANCE_MS,
    nominalEarliestMs: 0,
    nominalLatestMs: faultSpanMs,
    timerRoundingMs: 0,
    deliveryAllowanceMs: IMMEDIATE_ALLOWANCE_MS,
    faultSpanMs,
    hz,
  }),
  fromWire: () => null,
  wireProblem({ roles, faultAt, faultSpanMs }, wire) {
    const ending = wire.ending;
    if (ending?.by !== 'peer') return `the connection ended with ${endedBy(wire, roles)}, not the ${roles.peer}'s FIN or RST`;
    // A probe inside the injection's span, while the peer's process was still dying, proves nothing either way.
    const probes = wire.probes.filter((probe) => probe.t >= faultAt + faultSpanMs).length;
    return probes === 0 ? null : `the ${roles.observer} sent ${probes} keepalive probes before the ${roles.peer}'s ${ending.kind.toUpperCase()}`;
  },
  how: ({ roles }) => `the ${roles.peer}'s kernel closed the connection as its process died`,
};
