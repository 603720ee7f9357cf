// A run behind a proxy as a run result: the close as the outcome (its time from the last data, the proxy's timer's
// reference), beside the proxy's settings, its log of the session, both sides' closes and keepalive's probes.
import type { RunResult } from '../run/result.ts';
import type { CloseRecord, NextRequestRecord, ProxyLogRecord } from './judge.ts';
import type { ProxyPlan } from './plan.ts';

export interface ProxyResult extends RunResult {
  proxy: ProxyPlan & {
    /** HAProxy's version, its addresses on both sides, the server behind it, and its configuration as written. */
    version: string;
    clientSideIp: string;
    serverSideIp: string;
    server: string;
    config: string;
    /** The close on the client's wire, and when the last data passed (ms from the handshake). */
    close: CloseRecord & { atMs: number | null; lastDataAtMs: number };
    /** The close on the server's wire (the proxy's own connection to it), ms from the handshake, and who sent it. */
    serverSideClose: { atMs: number; by: 'proxy' | 'server' } | null;
    log: ProxyLogRecord;
  };
  /** The application's next request after the close, where an application is the client. */
  nextRequest: NextRequestRecord | null;
  connection: NonNullable<RunResult['connection']>;
}

export const isProxyResult = (result: RunResult): result is ProxyResult => result.kind === 'proxy';
