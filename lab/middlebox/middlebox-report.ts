// How a run behind a middlebox reads: the request's fate in one sentence, the report's sections, the picture of
// the router's memory and the request, and a summary's cells timed from the request.
import { plural, seconds, secondsRange } from '../format/format.ts';
import type { RunResult } from '../run/result.ts';
import type { KindReport, RunCells } from '../run/run-kind.ts';
import { closeness } from '../sections/closeness.ts';
import { measuredText } from '../sections/run-labels.ts';
import { describeRequest } from './judge.ts';
import { middleboxPicture } from './middlebox-picture.ts';
import { middleboxSections } from './middlebox-sections.ts';
import type { MiddleboxResult } from './result.ts';

const cells: RunCells = {
  fault: (r) => `router forgets after ${(r as MiddleboxResult).middlebox.natTimeoutS} s, ${(r as MiddleboxResult).middlebox.mode}`,
  settings: (r) => {
    const { config: c } = r;
    const on = (r as MiddleboxResult).middlebox.keepaliveOn;
    return on === 'none' ? 'keepalive off' : `${c.idle}/${c.interval}/${c.count} on ${on === 'both' ? 'both sides' : `the ${on}`}`;
  },
  expected: (r) => `${(r as MiddleboxResult).middlebox.expected} ${secondsRange(r.expected.earliestMs, r.expected.latestMs)}`,
  measured: (r) => ((r as MiddleboxResult).request.sentAtMs === null ? `${r.outcome} before the request` : measuredText(r)),
};

export const middleboxReport: KindReport = {
  describe: (result) => describeMiddlebox(result as MiddleboxResult),
  sections: (result) => (result.verdict === 'skipped' ? [] : middleboxSections(result as MiddleboxResult)),
  picture: (result) => middleboxPicture(result as MiddleboxResult),
  cells,
  timesFrom: 'the request',
  note: "Behind a middlebox (the router forgets an idle flow) times are from the client's request, and settings say whose keepalive is on.",
};

/** A request that ended before it was sent. */
export function middleboxImpossibleTimes(result: RunResult): string | null {
  const { sentAtMs, atMs } = (result as MiddleboxResult).request;
  return sentAtMs !== null && atMs !== null && atMs < 0 ? `the request ended ${seconds(-atMs)} before it was sent` : null;
}

/** "after 15 s of silence the router (drop mode) had forgotten the flow 9.8 s before: the request ended ETIMEDOUT 6.625 s after it was sent". */
function describeMiddlebox(result: MiddleboxResult): string {
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
