// The kernel's own view of a peer's connections, from `ss -tino` run in its namespace: the keepalive timer,
// how many probes are out unanswered (icsk_probes_out) and how long since the last segment was received.
import type { Sidecar } from '../runtime/sidecar.ts';

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
    const timer = /timer:\((\w+),([^,]+),(\d+)\)/.exec(line);
    if (timer) socket.timer = { name: timer[1] ?? '', expiresIn: timer[2] ?? '', probesUnanswered: Number(timer[3]) };
    sockets.push(socket);
  }
  return sockets;
}

/** The lab connection (to or from `port`) as the peer's kernel sees it, or undefined when it no longer exists. */
export async function readLabConnection(sidecar: Sidecar, port: number): Promise<SocketState | undefined> {
  const sockets = parseSs(await sidecar.sh('ss -tinoHa'));
  return sockets.find((socket) => socket.state !== 'LISTEN' && (socket.local.endsWith(`:${port}`) || socket.remote.endsWith(`:${port}`)));
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
