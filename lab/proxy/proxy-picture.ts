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
  const next = result.timeline.find((row) => row.source === 'application' && row.event === 'request' && row.atMs + lastData > (closedAt ?? 0));
  const end = Math.max(closedAt ?? 0, lastData + p.timeoutS * 1000, next ? next.atMs + lastData : 0) + 500;
  const { unit, at, when, milestone, tick, header } = ganttAxis(end);
  const probes = result.timeline.filter((row) => row.source === 'client side' && row.event === 'keepalive probe').map((row) => row.atMs + lastData);
  return [
    ...header(`${result.scenario}, timeout ${p.timeoutS} s: ${unit} from the handshake`),
    '  section proxy',
    `  idle since the last data :active, ${at(lastData)}, ${at(closedAt ?? end)}`,
    ...(closedAt === null ? [] : [`  closed at ${when(closedAt)} (${close.by}, ${close.signal?.toUpperCase()}) ${milestone(closedAt)}`]),
    ...(probes.length === 0 ? [] : ["  section client's keepalive", ...probes.map((t) => `  probe at ${when(t)}, answered ${tick(t)}`)]),
    ...(next ? ['  section application', `  next request at ${when(next.atMs + lastData)} ${milestone(next.atMs + lastData)}`] : []),
    '```',
    '',
  ];
}
