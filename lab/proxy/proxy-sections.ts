// The sections of a proxy run's report: the path through the proxy and its settings, the close and why the proxy
// says it closed, what the application saw, the picture, and the timeline — times from the handshake and from the
// last data (where the proxy's timer starts).
import { alignedTable as table, seconds as s, secondsRange, signedMs } from '../format/format.ts';
import { applicationSection } from '../sections/application-section.ts';
import { proxyPicture } from './proxy-picture.ts';
import { terminationMeaning } from './proxy-log.ts';
import type { ProxyResult } from './result.ts';

export function proxySections(result: ProxyResult): string[] {
  return [
    ...pathSection(result),
    ...closeSection(result),
    ...applicationSection(result, 'the last data'),
    ...pictureSection(result),
    ...timelineSection(result),
  ];
}

function pathSection({ proxy: p, connection, config }: ProxyResult): string[] {
  const keepalive = p.keepaliveOn === 'client' ? `keepalive idle ${config.idle} s` : 'keepalive off';
  return [
    '## The proxy',
    '',
    '```mermaid',
    '%%{init: {"flowchart": {"wrappingWidth": 400}}}%%',
    'flowchart LR',
    `  client["client<br/>${connection.client}<br/>${keepalive}"] -- "client-side network" --> proxy["proxy: ${p.version.split(' ').slice(0, 3).join(' ')}<br/>${p.clientSideIp} | ${p.serverSideIp}<br/>closes a connection idle ${p.timeoutS} s"]`,
    `  proxy -- "its own connection" --> server["server<br/>${p.server}"]`,
    '```',
    '',
    `Both networks are internal. The client connects to the proxy's address ${connection.server}; the proxy opens its own connection to the server and relays between them (TCP mode). Keepalive's probes are answered by the kernel of the side they reach — the proxy's, for the client's — and carry no data: the proxy's timers never see them.`,
    '',
    ...table(
      ['setting', 'value'],
      [
        ['timeout client, timeout server', `${p.timeoutS} s`],
        ['keepalive', p.keepaliveOn === 'client' ? `on the client: idle ${config.idle} s, interval ${config.interval} s, count ${config.count}` : 'off'],
        ["the application's next request", `after ${p.requestAfterS} s of silence`],
        ['the proxy', p.version],
      ],
    ),
    '',
    '```',
    ...p.config.trimEnd().split('\n'),
    '```',
    '',
  ];
}

function closeSection({ proxy: p, expected: w, measuredMs }: ProxyResult): string[] {
  const { close, log, serverSideClose } = p;
  const state = log.termination;
  return [
    '## The close',
    '',
    ...table(
      ['what', 'value'],
      [
        [
          "the proxy's idle timer started",
          close.reference === 'handshake'
            ? 'at the handshake (no data passed)'
            : `with the last data on the connection, ${s(close.lastDataAtMs)} after the handshake`,
        ],
        ['closed', close.atMs === null ? 'not within the watch' : `${s(close.atMs)} after the handshake, by the ${close.by} (${close.signal?.toUpperCase()})`],
        [
          'idle when closed',
          measuredMs === null ? '—' : `${s(measuredMs)}, the timeout ${s(p.timeoutS * 1000)} (${signedMs(measuredMs - p.timeoutS * 1000, 3)} ms)`,
        ],
        [
          "the verdict's window, from the last data",
          `${secondsRange(w.earliestMs, w.latestMs)} (HAProxy's ${w.timerRoundingMs} ms tick, ${w.deliveryAllowanceMs} ms observation${w.lateTicksMs ? `, and the ${Math.round(w.lateTicksMs)} ms some task waited for a CPU between the timeout and the close (/proc/pressure/cpu)` : ''})`,
        ],
        ["the session's end by the proxy's log (accepted + Tt)", p.loggedEndMs === null ? '—' : `${s(p.loggedEndMs)} after the last data`],
        ["the server's side", serverSideClose ? `closed ${s(serverSideClose.atMs)} after the handshake, by the ${serverSideClose.by}` : 'no close seen'],
        [
          "the client's keepalive probes before the close",
          close.probes.sent === 0 ? 'none' : `${close.probes.sent}, ${close.probes.answered} answered (by the proxy's kernel)`,
        ],
        ["the proxy's log", log.line === null ? 'no line for the session' : `\`${log.line}\``],
        ['termination state', state === null ? '—' : terminationMeaning(state)],
      ],
    ),
    '',
  ];
}

function pictureSection(result: ProxyResult): string[] {
  return ['## Picture', '', ...proxyPicture(result), 'Below, the same run as a table.', ''];
}

function timelineSection({ timeline, proxy: p }: ProxyResult): string[] {
  return [
    '## Timeline',
    '',
    "Every event of the connection: the client-side and server-side wires and the applications. Times in ms, in the Docker host's clock, from the handshake and from the last data.",
    '',
    ...table(
      ['from the handshake', 'from the last data', 'source', 'event', 'detail'],
      timeline.map((entry) => [signedMs(entry.atMs + p.close.lastDataAtMs), signedMs(entry.atMs), entry.source, entry.event, entry.detail]),
    ),
  ];
}
