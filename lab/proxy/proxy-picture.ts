// A proxy run as a Mermaid gantt chart on one axis from the handshake: the connection held until the proxy closed
// it, its timeout counted from the last data, each keepalive probe the client sent (answered by the proxy's kernel,
// not seen by its timers), and an application's next request — so a reader sees the probes pass and the close come anyway.
import { ganttAxis } from '../format/gantt.ts';
import type { ProxyResult } from './result.ts';

export function proxyPicture(result: ProxyResult): string[] {
  const { proxy: p } = result;
  const { close } = p;
  const closedAt = close.atMs;
  const lastData = close.lastDataAtMs;
  const end = Math.max(closedAt ?? 0, lastData + p.timeoutS * 1000, nextRequestAt(result) ?? 0) + 500;
  const { unit, at, when, milestone, tick, header } = ganttAxis(end);
  const probes = result.timeline.filter((row) => row.source === 'client side' && row.event === 'keepalive probe').map((row) => row.atMs + lastData);
  return [
    ...header(`${result.scenario}, timeout ${p.timeoutS} s: ${unit} from the handshake`),
    '  section proxy',
    `  idle since the last data :active, ${at(lastData)}, ${at(closedAt ?? end)}`,
    ...(closedAt === null ? [] : [`  closed at ${when(closedAt)} (${close.by}, ${close.signal?.toUpperCase()}) ${milestone(closedAt)}`]),
    ...(probes.length === 0 ? [] : ["  section client's keepalive", ...probes.map((t) => `  probe at ${when(t)}, answered ${tick(t)}`)]),
    ...applicationRows(result, lastData, { when, milestone }),
    '```',
    '',
  ];
}

/** The application's next request after the close, ms from the handshake; null: none. */
function nextRequestAt(result: ProxyResult): number | null {
  const { lastDataAtMs, atMs } = result.proxy.close;
  const next = result.timeline.find((row) => row.source === 'application' && row.event === 'request' && row.atMs + lastDataAtMs > (atMs ?? 0));
  return next ? next.atMs + lastDataAtMs : null;
}

/** The application's first error (what the close looked like to it) and its next request. */
function applicationRows(result: ProxyResult, lastData: number, axis: Pick<ReturnType<typeof ganttAxis>, 'when' | 'milestone'>): string[] {
  const { application } = result;
  const nextAt = nextRequestAt(result);
  const errorAt = application?.firstErrorMs == null ? null : application.firstErrorMs + lastData;
  if (errorAt === null && nextAt === null) return [];
  return [
    `  section ${result.client?.profile ?? 'application'}`,
    ...(errorAt === null ? [] : [`  ${application!.error?.message ?? 'error'} at ${axis.when(errorAt)} ${axis.milestone(errorAt)}`]),
    ...(nextAt === null ? [] : [`  next request at ${axis.when(nextAt)} ${axis.milestone(nextAt)}`]),
  ];
}
