// zero-window: the peer's application stopped reading while its kernel lives, so the observer's data waits on a
// closed window and its persist timer probes; every probe is answered, and only TCP_USER_TIMEOUT, counted from
// the first zero-window probe, ends it.
import { OBSERVATION_ALLOWANCE_MS, ZERO_WINDOW_ALLOWANCE_MS } from '../model/allowances.ts';
import { userTimeoutBounds } from '../model/retransmission-window.ts';
import { windowAfter } from '../model/window.ts';
import { endedBy, type EndingRule } from './rule.ts';

export const zeroWindow: EndingRule = {
  name: 'zero-window',
  fromFault({ config, hz, faultSpanMs }) {
    const bounds = userTimeoutBounds(config, hz);
    return {
      mechanism: 'user-timeout',
      reference: 'fault',
      earliestMs: bounds.earliestMs,
      latestMs: bounds.latestMs + faultSpanMs + ZERO_WINDOW_ALLOWANCE_MS,
      nominalEarliestMs: bounds.earliestMs,
      nominalLatestMs: bounds.earliestMs + ZERO_WINDOW_ALLOWANCE_MS,
      timerRoundingMs: bounds.timerRoundingMs,
      deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
      faultSpanMs,
      hz,
    };
  },
  fromWire({ config, hz, faultAt }, wire) {
    const first = wire.zeroWindowProbes[0];
    return first ? { window: windowAfter(userTimeoutBounds(config, hz), first.t - faultAt, 'first-zero-window-probe', hz) } : null;
  },
  wireProblem({ roles }, wire) {
    if (wire.zeroWindowProbes.length === 0) return `the ${roles.observer} sent no zero-window probe after the fault`;
    return wire.ending?.by === 'peer' ? `the connection ended with ${endedBy(wire, roles)}, not by the ${roles.observer} giving up` : null;
  },
  how: ({ roles }, { wire }) =>
    `the ${roles.observer} gave up on the closed window at its user timeout, after ${wire?.zeroWindowProbes.length ?? 'its'} zero-window probes`,
};
