// How a run behind a proxy reads: the close in one sentence, the report's sections, the picture, and a summary's
// cells timed from the last data.
import { plural, seconds, secondsRange } from '../format/format.ts';
import type { RunResult } from '../run/result.ts';
import type { KindReport, RunCells } from '../run/run-kind.ts';
import { proxyPicture } from './proxy-picture.ts';
import { proxySections } from './proxy-sections.ts';
import type { ProxyResult } from './result.ts';

const cells: RunCells = {
  fault: (r) => `proxy closes after ${(r as ProxyResult).proxy.timeoutS} s idle`,
  settings: (r) =>
    (r as ProxyResult).proxy.keepaliveOn === 'none' ? 'keepalive off' : `${r.config.idle}/${r.config.interval}/${r.config.count} on the client`,
  expected: (r) => `closed ${secondsRange(r.expected.earliestMs, r.expected.latestMs)}`,
  measured: (r) => (r.measuredMs === null ? 'not closed' : `${r.outcome} at ${seconds(r.measuredMs)}`),
};

export const proxyReport: KindReport = {
  describe: (result) => describeProxy(result as ProxyResult),
  sections: (result) => (result.verdict === 'skipped' ? [] : proxySections(result as ProxyResult)),
  picture: (result) => proxyPicture(result as ProxyResult),
  cells,
  timesFrom: 'the last data',
  note: 'Behind a proxy (it closes an idle connection) times are from the last data on the connection, where its timer starts.',
};

/** A close before the last data it is timed from. */
export function proxyImpossibleTimes(result: RunResult): string | null {
  return result.measuredMs !== null && result.measuredMs < 0 ? `the close came ${seconds(-result.measuredMs)} before the last data it is timed from` : null;
}

/** "the proxy closed the connection 5.003 s after its last data (timeout 5 s, log cD); 3 keepalive probes did not keep it; pg saw …". */
function describeProxy(result: ProxyResult): string {
  const { proxy: p, application, nextRequest } = result;
  const { close } = p;
  if (close.idleMs === null) return `the connection was not closed within the watch (the proxy's timeout ${p.timeoutS} s)`;
  const closed = `the ${close.by} closed the connection ${seconds(close.idleMs)} after its last data (the proxy's timeout ${p.timeoutS} s${p.log.termination ? `, its log ${p.log.termination}` : ''})`;
  const probes = close.probes.sent > 0 ? `; ${plural(close.probes.sent, 'keepalive probe')}, answered by the proxy's kernel, did not keep it` : '';
  const saw = application?.error ? `; ${result.client?.profile} saw ${application.error.code || 'an error'} "${application.error.message}"` : '';
  const next = nextRequest ? `; its next request: ${nextRequest.outcome}${nextRequest.newConnection ? ', on a new connection' : ''}` : '';
  return `${closed}${probes}${saw}${next}`;
}
