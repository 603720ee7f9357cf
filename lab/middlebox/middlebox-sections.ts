// The sections of a middlebox run's report: the path through the router and its settings, the client's request
// and what became of both ends, the router's memory of the flow, the picture, and the timeline — times from the
// handshake (where the router's memory starts) and from the request (where it matters).
import { applicationSection } from '../sections/application-section.ts';
import type { MiddleboxResult } from './result.ts';
import { alignedTable as table, seconds as s, secondsRange, signedMs, span } from '../format/format.ts';
import { middleboxPicture } from './middlebox-picture.ts';

export function middleboxSections(result: MiddleboxResult): string[] {
  return [
    ...pathSection(result),
    ...requestSection(result),
    ...applicationSection(result, 'its request'),
    ...memorySection(result),
    ...pictureSection(result),
    ...timelineSection(result),
  ];
}

const MODE_MEANING = {
  drop: "nf_conntrack_tcp_loose 0; a packet of a forgotten flow is INVALID and dropped in silence (as Azure's and Google's load balancers do)",
  reset: "nf_conntrack_tcp_loose 0; a packet of a forgotten flow is INVALID and answered with a TCP reset (as AWS's NLB and NAT gateway do)",
  loose: "nf_conntrack_tcp_loose 1, Linux's default: a packet of a forgotten flow may start a new entry mid-stream",
} as const;

function pathSection({ middlebox: m, connection, config }: MiddleboxResult): string[] {
  const keepalive = (side: 'client' | 'server') =>
    m.keepaliveOn === side || m.keepaliveOn === 'both' ? `<br/>keepalive idle ${config.idle} s` : '<br/>keepalive off';
  return [
    '## The middlebox',
    '',
    '```mermaid',
    '%%{init: {"flowchart": {"wrappingWidth": 400}}}%%', // Mermaid wraps a label at 200 px: addresses and settings would break mid-phrase
    'flowchart LR',
    `  client["client<br/>${connection.client}${keepalive('client')}"] -- "client-side network" --> router["router: NAT<br/>${m.router.clientSideIp} | ${m.router.serverSideIp}<br/>forgets an idle flow after ${m.natTimeoutS} s<br/>${m.mode} mode"]`,
    `  router -- "server-side network" --> server["server<br/>${m.server}${keepalive('server')}"]`,
    '```',
    '',
    `Both networks are internal: nothing reaches outside. The client connects to the router's address ${connection.server}; the router forwards to the server (DNAT) and masquerades, so the server sees the router's ${m.router.serverSideIp}.`,
    '',
    ...table(
      ['setting', 'value'],
      [
        ["NAT timeout (the router's net.netfilter.nf_conntrack_tcp_timeout_established)", `${m.natTimeoutS} s`],
        ['mode: a packet of a forgotten flow', `${m.mode} — ${MODE_MEANING[m.mode]}`],
        [
          'keepalive on',
          m.keepaliveOn === 'none'
            ? 'neither side'
            : `the ${m.keepaliveOn} side${m.keepaliveOn === 'both' ? 's' : ''}: idle ${config.idle} s, interval ${config.interval} s, count ${config.count}`,
        ],
        [
          'margin: NAT timeout − keepalive idle',
          m.marginS === null
            ? '— (keepalive off)'
            : `${m.marginS < 0 ? '−' : ''}${Math.abs(m.marginS)} s${m.marginS > 0 ? '' : ' — keepalive speaks only after the router has forgotten'}`,
        ],
        ["the client's request", `after ${m.requestAfterS} s of silence`],
        ["the client's net.ipv4.tcp_retries2", `${m.clientRetries2} (the default 15 would retransmit an unanswered request for about 15 minutes)`],
      ],
    ),
  ];
}

function requestSection(result: MiddleboxResult): string[] {
  const { request, middlebox: m, server, roles } = result;
  const { wire } = request;
  const sent = request.sentAtMs === null ? `never: the connection ended in the silence` : `${s(request.sentAtMs)} after the handshake`;
  const ended =
    request.atMs === null ? 'nothing came' : request.sentAtMs === null ? `${span(-request.atMs)} before it was due` : `${span(request.atMs)} after it was sent`;
  const fate = server.fate;
  return [
    '## The request',
    '',
    ...table(
      ['what', 'value'],
      [
        ['sent', sent],
        [`the ${roles.observer}'s application saw`, `${request.outcome}, ${ended}`],
        [
          request.sentAtMs === null ? "the client's wire in the silence" : "the client's wire after it",
          wireText({ ...wire, answered: wire.answered && request.sentAtMs !== null }),
        ],
        ...predictionRows(result),
        ['the request reached the server', fate.gotRequest ? 'yes' : 'no'],
        [
          "the server's application saw",
          fate.atMs === null ? fate.saw : `${fate.saw}, ${signedMs(fate.atMs)} ms from the request${request.sentAtMs === null ? ' (when it was due)' : ''}`,
        ],
        ['keepalive probes on the wire', probesText(m.probes)],
      ],
    ),
  ];
}

/**
 * A dropped request's end: the window the verdict holds it to (the retransmission limit), and the prediction from its
 * first retransmissions — the span of the timer chains that fit them — with how far the measurement was from it.
 */
function predictionRows({ predictedMs, errorVsPredictionMs, prediction, predictionMissing, expected }: MiddleboxResult): string[][] {
  if (expected.reference !== 'first-retransmission') return [];
  const window: string[] = [
    "the verdict's window (the retransmission limit, from the first retransmission)",
    secondsRange(expected.earliestMs, expected.latestMs),
  ];
  if (predictionMissing) return [window, ['predicted', `no prediction: ${predictionMissing}`]];
  if (predictedMs == null || !prediction) return [window];
  const span = secondsRange(predictedMs - prediction.toleranceMs.earlyMs, predictedMs + prediction.toleranceMs.lateMs);
  const measured = errorVsPredictionMs == null ? '' : `; measured − predicted ${signedMs(errorVsPredictionMs, 3)} ms`;
  return [
    window,
    [
      `predicted from its first ${prediction.fittedTo} retransmissions (HZ ${prediction.hz}, ${prediction.chains} timer chain${prediction.chains === 1 ? '' : 's'} fit)`,
      `ETIMEDOUT at ${s(predictedMs)}, the fitting chains' span ${span}${measured}`,
    ],
  ];
}

function wireText(wire: MiddleboxResult['request']['wire']): string {
  const parts = [
    ...(wire.answered ? ['an answer'] : []),
    ...(wire.resetBy ? [`an RST from the ${wire.resetBy}`] : []),
    ...(wire.retransmissions > 0 ? [`${wire.retransmissions} retransmissions, unanswered`] : []),
    ...(wire.unansweredProbes > 0 ? [`${wire.unansweredProbes} keepalive probes, unanswered`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : 'nothing';
}

function probesText(probes: MiddleboxResult['middlebox']['probes']): string {
  if (probes.length === 0) return 'none';
  const by = (side: 'server' | 'client') => probes.filter((probe) => probe.by === side);
  return (['server', 'client'] as const)
    .filter((side) => by(side).length > 0)
    .map((side) => {
      const unanswered = by(side).filter((probe) => probe.answered === false).length;
      return `${by(side).length} from the ${side}${unanswered > 0 ? `, ${unanswered} unanswered` : ', all answered'}`;
    })
    .join('; ');
}

function memorySection({ middlebox: m, request }: MiddleboxResult): string[] {
  const { entry } = m;
  const matters = request.sentAtMs ?? -m.handshakeAtMs + (request.atMs ?? 0);
  return [
    "## The router's memory of the flow",
    '',
    `The router's conntrack table, sampled every 250 ms in its namespace (\`conntrack -L\`); times from the handshake. The kernel removes an expired entry only when its garbage collector comes by, so the moment it expired is inferred from the last sample that showed it and the seconds it had left.`,
    '',
    ...table(
      ['what', 'value'],
      [
        ['first seen', entry.seenFromMs === null ? 'never' : s(entry.seenFromMs)],
        [
          'refreshed (its timeout back at the full NAT timeout)',
          entry.refreshesMs.length === 0 ? 'never' : `${entry.refreshesMs.length} times: ${entry.refreshesMs.map(s).join(', ')}`,
        ],
        ['last seen', entry.lastSeen === null ? '—' : `${s(entry.lastSeen.atMs)}, ${entry.lastSeen.timeoutS} s left`],
        ['expired', entry.expired === null ? 'no: still held at the end' : `${s(entry.expired.earliestMs)} … ${s(entry.expired.latestMs)}`],
        ['gone from the table by', entry.goneByMs === null ? '—' : s(entry.goneByMs)],
        [
          request.sentAtMs === null ? 'the connection ended' : 'the request went out',
          `${s(matters)}${entry.goneByMs === null ? '' : entry.goneByMs <= matters ? ` — ${s(matters - entry.goneByMs)} after the entry was gone` : ' — before the entry was gone'}`,
        ],
      ],
    ),
  ];
}

function pictureSection(result: MiddleboxResult): string[] {
  return ['## Picture', '', ...middleboxPicture(result), 'Below, the same run as a table.', ''];
}

function timelineSection({ timeline, middlebox: m }: MiddleboxResult): string[] {
  return [
    '## Timeline',
    '',
    "Every event of the flow: the client-side and server-side wires, the router's table, and both applications. Times in ms, in the Docker host's clock, from the handshake and from the request (or when it was due).",
    '',
    ...table(
      ['from the handshake', 'from the request', 'source', 'event', 'detail'],
      timeline.map((entry) => [signedMs(entry.atMs - m.handshakeAtMs), signedMs(entry.atMs), entry.source, entry.event, entry.detail]),
    ),
  ];
}
