// A run behind a proxy as a run result: the close as the outcome (its time from the last data, the proxy's timer's
// reference), beside the proxy's settings, its log of the session, both sides' closes and keepalive's probes.
import type { RunResult } from '../run/result.ts';
import type { CloseRecord, NextRequestRecord } from './judge.ts';
import type { ProxyLogRecord } from './proxy-log.ts';
import type { ProxyPlan } from './plan.ts';

export interface ProxyResult extends RunResult {
  proxy: ProxyPlan & {
    /** HAProxy's version, its addresses on both sides, the server behind it, and its configuration as written. */
    version: string;
    clientSideIp: string;
    serverSideIp: string;
    server: string;
    config: string;
    /** The close on the client's wire, and when the idle timer started (ms from the handshake): the last data, or the handshake where none passed. */
    close: CloseRecord & { atMs: number | null; lastDataAtMs: number; reference: 'last data' | 'handshake' };
    /** The close on the server's wire (the proxy's own connection to it), ms from the handshake, and who sent it. */
    serverSideClose: { atMs: number; by: 'proxy' | 'server' } | null;
    log: ProxyLogRecord;
    /** When the proxy says it ended the session (its log: accepted + Tt), ms from the last data; null without its line. */
    loggedEndMs: number | null;
    /** How long some task waited for a CPU from just before the timeout to just after the close (/proc/pressure/cpu), ms; null: not known. */
    cpuWaitMs: number | null;
  };
  /** The application's next request after the close, where an application is the client. */
  nextRequest: NextRequestRecord | null;
  connection: NonNullable<RunResult['connection']>;
}

/** A proxy run's result, by its kind. */
export const isProxyResult = (result: RunResult): result is ProxyResult => result.kind === 'proxy';
