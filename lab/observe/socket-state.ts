// The kernel's own view of a peer's connections, from `ss -tino` run in its namespace: the keepalive timer,
// how many probes are out unanswered (icsk_probes_out) and how long since the last segment was received.
import type { Sidecar } from '../runtime/sidecar.ts';
import { endpoint } from './endpoint.ts';

export interface SocketState {
  state: string;
  local: string;
  remote: string;
  timer?: { name: string; expiresIn: string; probesUnanswered: number };
  lastReceivedMsAgo?: number;
}

/** Parses `ss -tinoH` (state column, then the tcp_info line indented below each socket). */
export function parseSs(text: string): SocketState[] {
  const sockets: SocketState[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const current = sockets.at(-1);
    if (/^\s/.test(line) && current) {
      const lastReceived = /\blastrcv:(\d+)/.exec(line);
      if (lastReceived) current.lastReceivedMsAgo = Number(lastReceived[1]);
      continue;
    }
    const [state = '', , , local = '', remote = ''] = line.trim().split(/\s+/);
    const socket: SocketState = { state, local, remote };
    // A timer due now, or overdue until the next tick runs it, has no time left: ss prints `timer:(keepalive,,0)`.
    const timer = /timer:\((\w+),([^,]*),(\d+)\)/.exec(line);
    if (timer) socket.timer = { name: timer[1] ?? '', expiresIn: timer[2] || '0ms', probesUnanswered: Number(timer[3]) };
    sockets.push(socket);
  }
  return sockets;
}

/**
 * The observed connection as its observer's kernel sees it (found by its two endpoints: other sockets on the same
 * port, such as a server's own queries on loopback, are not it), or undefined when it no longer exists.
 */
export async function readConnection(sidecar: Sidecar, local: string, remote: string): Promise<SocketState | undefined> {
  const sockets = parseSs(await sidecar.sh('ss -tinoHa'));
  return sockets.find((socket) => socketEndpoints(socket).join(' ') === `${local} ${remote}`);
}

/** A socket's local and remote ends in the lab's endpoint notation. */
export function socketEndpoints(socket: SocketState): [string, string] {
  return [ssEndpoint(socket.local), ssEndpoint(socket.remote)];
}

/** ss's "[::ffff:10.0.0.2]:7000" or "10.0.0.2:7000" in the lab's endpoint notation. */
function ssEndpoint(text: string): string {
  const colon = text.lastIndexOf(':');
  return endpoint(text.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), text.slice(colon + 1));
}

/**
 * A time as ss prints a timer ("119min", "4min29sec", "29sec", "5.123ms" — that is 5.123 s —, "608ms"), in ms,
 * with how coarsely ss printed it: it drops the seconds past 9 minutes and the milliseconds past 9 seconds.
 */
export function parseSsDuration(text: string): { ms: number; granularityMs: number } | null {
  const match = /^(?:(\d+)min)?(?:(\d+)(sec|\.))?(?:(\d+)ms)?$/.exec(text.trim());
  if (!match || text.trim() === '') return null;
  const [, minutes, seconds, separator, millis] = match;
  const ms = Number(minutes ?? 0) * 60_000 + Number(seconds ?? 0) * 1000 + (separator === '.' || !seconds ? Number(millis ?? 0) : 0);
  const granularityMs = minutes && Number(minutes) > 9 ? 60_000 : minutes || (seconds && Number(seconds) > 9) ? 1000 : 1;
  return { ms, granularityMs };
}
