// HAProxy's log of a session, as `option tcplog` writes it when the session ends:
//   172.18.0.4:45242 [08/Dec/2026:01:03:22.972] relay relay/upstream 1/0/5004 2 cD 1/1/0/0/0 0/0
// the client's address, when it was accepted, the frontend, backend/server, the timers Tw/Tc/Tt (ms), the bytes
// read, the termination state — who ended the session, in which phase — and counters. An idle timeout in the data
// phase is cD (timeout client) or sD (timeout server); sC, a connect timeout, is not one.

/**
 * The proxy's log line for the client's session, its termination state (two letters), and when the proxy itself says
 * the session ended (ms since the epoch: accepted + Tt, to the millisecond; the container's clock is the host's, UTC);
 * null where there is none.
 */
export interface ProxyLogRecord {
  line: string | null;
  termination: string | null;
  endedAt: number | null;
}

const SESSION = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d)\.(\d{3})\] \S+ \S+ -?\d+\/-?\d+\/\+?(\d+)\s+\+?\d+\s+(\S\S)\s/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The line for the session from `clientEnd` (ip:port), its termination state and end; nulls where there is none. */
export function proxyLogRecord(log: string, clientEnd: string): ProxyLogRecord {
  const line = log.split('\n').find((candidate) => candidate.startsWith(`${clientEnd} `)) ?? null;
  const match = line?.match(SESSION);
  if (!line || !match) return { line, termination: null, endedAt: null };
  const [, day, month, year, hours, minutes, secs, ms, totalMs, termination] = match as unknown as string[];
  const acceptedAt = Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(hours), Number(minutes), Number(secs), Number(ms));
  return { line, termination: termination!, endedAt: acceptedAt + Number(totalMs) };
}

/** Whether the state is an idle timeout in the data phase. */
export const isIdleTimeout = (termination: string | null): boolean => termination === 'cD' || termination === 'sD';

const WHO: Record<string, string> = {
  c: 'the client-side timeout expired (timeout client)',
  s: 'the server-side timeout expired (timeout server)',
  C: 'the client aborted',
  S: 'the server aborted or refused',
  '-': 'the session ended normally',
};
const PHASE: Record<string, string> = { R: 'waiting for the request', C: 'connecting to the server', D: 'in the data phase' };

/** "cD: the client-side timeout expired (timeout client), in the data phase". */
export function terminationMeaning(termination: string): string {
  const [who = '', phase = ''] = termination;
  return `${termination}: ${WHO[who] ?? 'see HAProxy\'s "Session state at disconnection"'}${PHASE[phase] ? `, ${PHASE[phase]}` : ''}`;
}
