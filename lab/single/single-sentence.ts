// A single run in one sentence a person can repeat: what the observer's kernel did, what ended the connection (or
// why it lived), and how far the measurement was from the prediction or the model.
import { duration, plural, seconds } from '../format/format.ts';
import type { RunResult } from '../run/result.ts';
import { closeness } from '../sections/closeness.ts';
import { applicationClause } from '../sections/application-section.ts';

/** What happened, for a run that ran. */
export const describeSingle = (result: RunResult): string => `${result.outcome === 'alive' ? lived(result) : ended(result)}${applicationClause(result)}`;

function lived(result: RunResult): string {
  const { observer, peer } = result.roles;
  const shipped = result.asShipped;
  const still = !shipped
    ? `still established ${seconds(result.observedForMs)} after the fault, past the ${seconds(result.expected.latestMs)} by which a dead ${peer} is detected`
    : `still established ${seconds(result.observedForMs)} after the fault; as shipped, ${shipped.detectionMs === null ? `keepalive is off and a dead ${peer} is never found` : `a dead ${peer} is found only ${duration(shipped.detectionMs)} after its last segment`}`;
  if (result.expectation.outcome === 'alive' && result.expectation.probes === 'zero-window') {
    const probes = result.wire?.zeroWindowProbes === undefined ? 'zero-window probes' : plural(result.wire.zeroWindowProbes, 'zero-window probe');
    return `the ${observer}'s data waited on the ${peer}'s closed window and its ${probes} were answered; ${still}`;
  }
  if (result.probesSent === 0) {
    const held = result.observerSocketOptions;
    const idle = typeof held.idleS === 'number' ? ` (its socket held idle ${held.idleS} s)` : '';
    return `the ${observer} sent no keepalive probe${idle}; ${still}`;
  }
  const unanswered = result.probes.filter((probe) => !probe.answered).length;
  const answers = !result.wire ? '' : unanswered === 0 ? ', all answered' : `, ${unanswered} unanswered`;
  return `the ${observer} sent ${plural(result.probesSent, 'keepalive probe')} after the fault${answers}; ${still}`;
}

function ended(result: RunResult): string {
  const { observer, peer } = result.roles;
  const outcome = result.outcome === 'end' ? 'end-of-stream' : result.outcome;
  const model = closeness(result);
  const measuredMs = result.measuredMs ?? 0;
  // A peer's own FIN can beat the confirmation of the fault that caused it (docker kill answers late).
  const fromFault =
    measuredMs < 0
      ? `${outcome} while the fault was being injected, ${seconds(-measuredMs)} before it was confirmed${model}`
      : `${outcome} ${seconds(measuredMs)} after the fault${model}`;
  const userTimeout = `the ${(result.appliedConfig ?? result.config).userTimeout / 1000} s user timeout`;
  const retransmissions = result.wire?.retransmissions ?? 0;

  switch (result.mechanism) {
    case 'keepalive':
    case 'user-timeout': {
      if (result.expected.reference === 'first-zero-window-probe')
        return `the ${observer}'s data waited on the ${peer}'s closed window; ${userTimeout}, counted from the first zero-window probe, ended it: ${fromFault}`;
      if (retransmissions > 0)
        return `the ${observer} had data in flight, so it sent no keepalive probe; after ${plural(retransmissions, 'retransmission')} ${userTimeout} ended it: ${fromFault}`;
      const by = result.mechanism === 'user-timeout' ? ` and ${userTimeout} ran out` : '';
      if (!result.wire || result.referenceMs === null)
        return `the ${observer}'s kernel counted ${plural(result.probesSent, 'keepalive probe')}${by}: ${fromFault}`;
      const unanswered = result.probes.filter((probe) => !probe.answered).length;
      const sinceLast = seconds(measuredMs - result.referenceMs);
      return `the ${observer} sent ${plural(unanswered, 'unanswered probe')}${by}; ${outcome} ${sinceLast} after the last segment it received${model}`;
    }
    case 'retransmission':
      return `the ${observer} had data in flight, so it sent no keepalive probe; after ${plural(retransmissions, 'retransmission')} the retransmission limit (tcp_retries2) ended it: ${fromFault}`;
    case 'reset': {
      const what = result.probes.some((probe) => probe.atMs >= 0) ? 'keepalive probe' : 'segment';
      return `the ${peer}'s side answered the ${observer}'s ${what} with an RST: ${fromFault}`;
    }
    case 'fin':
      return `the ${peer}'s kernel closed the connection with a FIN${result.probes.length === 0 ? ', before any keepalive probe' : ''}: ${fromFault}`;
    case 'close':
      return `the ${observer}'s own application closed the connection: ${fromFault}`;
    case 'none':
      return fromFault;
  }
}
