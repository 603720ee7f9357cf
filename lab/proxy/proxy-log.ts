// HAProxy's log of a session, as `option tcplog` writes it when the session ends:
//   172.18.0.4:45242 [08/Dec/2026:01:03:22.972] relay relay/upstream 1/0/5004 2 cD 1/1/0/0/0 0/0
// the client's address, when it was accepted, the frontend, backend/server, the timers Tw/Tc/Tt (ms), the bytes
// read, the termination state (who ended it, in which phase: cD, a client-side timeout in the data phase), counters.
import type { ProxyLogRecord } from './judge.ts';

const TERMINATION = /\s-?\d+\/-?\d+\/\+?\d+\s+\+?\d+\s+(\S\S)\s/;

/** The line for the session from `clientEnd` (ip:port) and its termination state; nulls where there is none. */
export function proxyLogRecord(log: string, clientEnd: string): ProxyLogRecord {
  const line = log.split('\n').find((candidate) => candidate.startsWith(`${clientEnd} `)) ?? null;
  return { line, termination: line?.match(TERMINATION)?.[1] ?? null };
}
