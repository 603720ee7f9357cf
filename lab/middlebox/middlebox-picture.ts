// A middlebox run as a Mermaid gantt chart on one axis from the handshake: how long the router held the flow's
// entry and when it forgot it, each keepalive probe from the side that sent it, and the client's request with how
// it ended — so a reader sees whether keepalive spoke before the router forgot.
import type { MiddleboxResult } from './result.ts';
import { ganttAxis } from '../format/gantt.ts';

export function middleboxPicture(result: MiddleboxResult): string[] {
  const { middlebox: m, request } = result;
  const { entry } = m;
  const sentAt = request.sentAtMs;
  const dueAt = -m.handshakeAtMs; // the request's moment (sent, or due) from the handshake
  const endedAt = request.atMs === null ? dueAt : dueAt + request.atMs;
  const end = Math.max(dueAt, endedAt, entry.goneByMs ?? 0) + 500;
  const { unit, at, when, milestone, tick, header } = ganttAxis(end);
  const forgotAt = entry.expired?.earliestMs ?? null;
  const retransmissions = result.timeline.filter((row) => row.source === 'client side' && row.event === 'retransmission').map((row) => row.atMs + dueAt);
  return [
    ...header(`${result.scenario}, ${m.mode} mode: ${unit} from the handshake`),
    '  section router',
    `  holds the flow ${forgotAt === null ? 'to the end' : `until ${when(forgotAt)}`}${refreshed(entry.refreshesMs.length)} :active, 0, ${at(forgotAt ?? end)}`,
    ...(forgotAt === null ? [] : [`  forgot it (NAT timeout ${m.natTimeoutS} s) :crit, ${at(forgotAt)}, ${at(end)}`]),
    ...(['server', 'client'] as const).flatMap((side) => {
      const probes = m.probes.filter((probe) => probe.by === side);
      return probes.length === 0
        ? []
        : [
            `  section ${side}'s keepalive`,
            ...probes.map((probe) => `  probe at ${when(probe.atMs)}${probe.answered === false ? ', unanswered' : ''} ${tick(probe.atMs)}`),
          ];
    }),
    '  section client',
    ...(sentAt === null
      ? [
          ...(request.atMs === null ? [] : [`  connection ended ${request.outcome} at ${when(endedAt)} ${milestone(endedAt)}`]),
          `  request due at ${when(dueAt)}, never sent ${milestone(dueAt)}`,
        ]
      : [
          `  request sent at ${when(sentAt)} ${milestone(sentAt)}`,
          ...retransmissions.map((t) => `  retransmission at ${when(t)} ${tick(t)}`),
          ...(request.atMs === null ? [] : [`  ${request.outcome} at ${when(endedAt)} ${milestone(endedAt)}`]),
        ]),
    '```',
    '',
  ];
}

const refreshed = (times: number) => (times === 0 ? '' : times === 1 ? ', refreshed once' : `, refreshed ${times} times`);
