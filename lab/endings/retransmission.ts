// retransmission: data in flight silences keepalive; the observer retransmits with exponential backoff and gives
// up (ETIMEDOUT, no RST) at its retransmission limit, tcp_retries2 — or at TCP_USER_TIMEOUT — counted from its
// first retransmission: the window is the bounds from the first retransmission. How close the ending came to the
// chain predicted from the first retransmissions is the prediction's question (prediction-agreement.ts), not this.
import { OBSERVATION_ALLOWANCE_MS } from '../model/allowances.ts';
import { DEFAULT_TCP_RETRIES2, retransmissionBounds, TCP_RTO_MIN_MS } from '../model/retransmission-window.ts';
import { windowAfter } from '../model/window.ts';
import { endedBy, type EndingRule } from './rule.ts';

export const retransmission: EndingRule = {
  name: 'retransmission',
  fromFault({ config, hz, faultSpanMs, busy }) {
    const { retries2, writeEveryMs } = busy ?? { retries2: DEFAULT_TCP_RETRIES2, writeEveryMs: 0 };
    const bounds = retransmissionBounds(config, retries2, hz);
    // The first retransmission comes one RTO after the first unacknowledged send, within a write period of the fault.
    const firstRetransmissionMs = TCP_RTO_MIN_MS + writeEveryMs;
    return {
      mechanism: bounds.mechanism,
      reference: 'fault',
      earliestMs: bounds.earliestMs + TCP_RTO_MIN_MS,
      latestMs: bounds.latestMs + faultSpanMs + firstRetransmissionMs,
      nominalEarliestMs: bounds.earliestMs + TCP_RTO_MIN_MS,
      nominalLatestMs: bounds.latestMs - bounds.timerRoundingMs - OBSERVATION_ALLOWANCE_MS + firstRetransmissionMs,
      timerRoundingMs: bounds.timerRoundingMs,
      deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
      faultSpanMs,
      hz,
    };
  },
  fromWire({ config, hz, faultAt, busy }, wire) {
    if (wire.firstRetransmissionAt === undefined || wire.firstUnackedAt === undefined) return null;
    const rtoMs = wire.firstRetransmissionAt - wire.firstUnackedAt;
    const bounds = retransmissionBounds(config, busy?.retries2 ?? DEFAULT_TCP_RETRIES2, hz, rtoMs);
    return { window: windowAfter(bounds, wire.firstRetransmissionAt - faultAt, 'first-retransmission', hz) };
  },
  wireProblem({ roles }, wire) {
    const { observer } = roles;
    if (wire.probes.length > 0) return `the ${observer} sent ${wire.probes.length} keepalive probes after the fault, though its data was in flight`;
    if (wire.retransmissions === 0) return `the ${observer} retransmitted nothing after the fault`;
    return wire.ending?.by === 'peer' ? `the connection ended with ${endedBy(wire, roles)}, not by the ${observer} giving up` : null;
  },
  how: ({ roles }, { wire }) => `the ${roles.observer} gave up after ${wire?.retransmissions ?? 'its'} retransmissions, without a keepalive probe`,
};
