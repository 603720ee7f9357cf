// A run behind a middlebox as a run result: the request as the outcome, beside the router's settings and what its
// conntrack table showed of the flow, and the server's fate.
import type { RunResult } from '../run/result.ts';
import type { MiddleboxPlan } from './plan.ts';
import type { RequestRecord, ServerFate } from './judge.ts';

/** The life of the flow's entry in the router's conntrack table, in ms from the handshake. */
export interface EntryRecord {
  seenFromMs: number | null;
  refreshesMs: number[];
  lastSeen: { atMs: number; timeoutS: number } | null;
  expired: { earliestMs: number; latestMs: number } | null;
  goneByMs: number | null;
}

export interface KeepaliveProbeRecord {
  by: 'server' | 'client';
  atMs: number;
  answered: boolean | null;
}

export interface MiddleboxResult extends RunResult {
  /** The client's request: when it went out (from the handshake; null: the connection ended before), how it ended and when (from the request, or when it was due). */
  request: RequestRecord;
  /** The router's plan (NAT timeout, mode, whose keepalive, the silence, the margin, what the request had to come to), and what it showed. */
  middlebox: MiddleboxPlan & {
    /** The handshake, in ms from the request (or from when it was due): negative. The entry's times count from it. */
    handshakeAtMs: number;
    /** The client's net.ipv4.tcp_retries2, so a request into silence fails in seconds. */
    clientRetries2: number;
    router: { clientSideIp: string; serverSideIp: string };
    /** The server's own address and port, behind the router (the client knows it as the router's client-side address). */
    server: string;
    entry: EntryRecord;
    /** Each keepalive probe on the wire of the side that sent it, in ms from the handshake, and whether it was answered. */
    probes: KeepaliveProbeRecord[];
  };
  server: NonNullable<RunResult['server']> & { fate: ServerFate };
  connection: NonNullable<RunResult['connection']>;
}

/** A middlebox run's result, by its kind. */
export const isMiddleboxResult = (result: RunResult): result is MiddleboxResult => result.kind === 'middlebox';
