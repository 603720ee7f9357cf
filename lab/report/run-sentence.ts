// A run in one sentence a person can repeat: what the observer's kernel did, what ended the connection (or why
// it lived), and how far the measurement was from the model. Facts only; the verdict's reason says why it failed.
import { type CrowdResult, isCrowdResult } from '../crowd/result.ts';
import { describeRequest } from '../middlebox/judge.ts';
import { isMiddleboxResult, type MiddleboxResult } from '../middlebox/result.ts';
import type { RunResult } from '../run/result.ts';
import { duration, plural, seconds } from '../format/format.ts';

export function describeRun(result: RunResult): string {
  const sentence =
    result.verdict === 'skipped'
      ? `not run: ${result.reason}`
      : isCrowdResult(result)
        ? crowd(result)
        : isMiddleboxResult(result)
          ? throughMiddlebox(result)
          : result.outcome === 'alive'
            ? lived(result)
            : ended(result);
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** "of 10000 connections, the 5000 dead ones ended by keepalive (median …); 0 of the 5000 live ones dropped". */
function crowd({ connections: c, expectation, mechanism }: CrowdResult): string {
  const live = c.total - c.dead;
  const dead =
    c.dead === 0
      ? 'none was struck'
      : expectation.outcome === 'alive'
        ? `${c.deadStillEstablished} of the ${c.dead} dead ones were still established at the end`
        : `${c.detected} of the ${c.dead} dead ones were ended (${mechanism}), ${c.detectedInWindow} inside their own windows${c.detectionMs ? `, a median ${seconds(c.detectionMs.median)} after the fault (${seconds(c.detectionMs.min)} … ${seconds(c.detectionMs.max)})` : ''}`;
  return `of ${plural(c.total, 'connection')}, ${dead}; ${c.liveDropped} of the ${live} live ones dropped`;
}

/** "after 15 s of silence the router (drop mode) had forgotten the flow 9.8 s before: the request ended ETIMEDOUT 6.625 s after it was sent". */
function throughMiddlebox(result: MiddleboxResult): string {
  const {
    middlebox: m,
    request,
    server: { fate },
  } = result;
  const gone = m.entry.goneByMs;
  if (request.sentAtMs === null) {
    const forgot = gone === null ? 'the router still held the flow' : `the router (${m.mode} mode) forgot the flow ${seconds(gone)} after the handshake`;
    const when = request.atMs === null ? '' : ` ${seconds(-request.atMs)} before the request was due`;
    return `${forgot}; the client's own keepalive found out first and ended the connection ${request.outcome}${when}, so the request never went out`;
  }
  const router =
    gone !== null && gone <= request.sentAtMs
      ? `the router (${m.mode} mode) had forgotten the flow ${seconds(request.sentAtMs - gone)} before`
      : `the router still held the flow${m.entry.refreshesMs.length > 0 ? `, its entry refreshed ${plural(m.entry.refreshesMs.length, 'time')} by keepalive` : ''}`;
  return `after ${m.requestAfterS} s of silence ${router}: the request ${describeRequest(request)}${closeness(result, 'made from its first retransmissions')}${serverLearnt(fate)}`;
}

/** "; the server's end had ended ETIMEDOUT 3.891 s before the request", or nothing while it is still established. */
function serverLearnt(fate: MiddleboxResult['server']['fate']): string {
  if (fate.atMs === null) return '';
  return `; the server's end had ended ${fate.saw} ${seconds(Math.abs(fate.atMs))} ${fate.atMs < 0 ? 'before' : 'after'} the request`;
}

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

/** ", 0.003 ms after the prediction made at the fault" (or `made` elsewhen) — or, without one, how far from the model's nominal time. */
function closeness({ errorVsPredictionMs: predicted, errorVsModelMs: model }: RunResult, made = 'made at the fault'): string {
  if (predicted != null)
    return `, ${Math.abs(predicted) < 1 ? Math.abs(predicted).toFixed(3) : Math.abs(predicted).toFixed(1)} ms ${predicted >= 0 ? 'after' : 'before'} the prediction ${made}`;
  return model === null ? '' : `, ${Math.abs(Math.round(model))} ms ${model >= 0 ? 'after' : 'before'} the model`;
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
