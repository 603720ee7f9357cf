// Timestamped facts about connections, whatever observed them: the wire (a live capture in the observer's
// namespace), the namespace's TCP counters (sampled there), an application's own events (the lab's agent), or the
// server's own view of its clients (a profile's command, e.g. Redis CLIENT LIST). Each
// source turns its raw input into facts and pushes them here; the run waits on them, the assessment reads them.
import type { Instant } from '../clock.ts';
import { EventLog } from './event-log.ts';

/** The sources of facts about a connection, and the samplers that watch a namespace or a router as a whole. */
export type SourceName = 'wire' | 'counters' | 'agent' | 'server' | 'resources' | 'conntrack' | 'application';

interface FactBase {
  t: Instant;
  source: SourceName;
  /** The connection it is about (connectionKey of its endpoints). */
  connection: string;
}

/**
 * `opened`: the connection exists (the handshake on the wire, accept/connect in an application);
 * `probe`: a keepalive probe was sent (`from` its sender); `answered`: the other side answered it (`from` the
 * prober); `retransmitted`: data went out again (`from` its sender); `ended`: something ended it — a packet (`rst`, `fin`) and its sender,
 * the kernel counting a timeout abort (`aborted`), an application's terminal event (`error` with its code,
 * `end`, `close`) at its own end of the connection, or the server no longer listing the client (`released`).
 */
export type Fact =
  | (FactBase & { kind: 'opened'; client: string; server: string })
  | (FactBase & { kind: 'probe'; from: string })
  | (FactBase & { kind: 'answered'; from: string })
  | (FactBase & { kind: 'retransmitted'; from: string })
  | (FactBase & { kind: 'ended'; signal: 'rst' | 'fin' | 'aborted' | 'error' | 'end' | 'close' | 'released'; at?: string; code?: string });

/**
 * What every source is to a run: started (a static `start` that resolves once it observes), it observes — pushing
 * facts into the run's log, or samples into its own — until it is stopped; then `result()` holds what it saw.
 */
export interface ObservationSource<R = unknown> {
  readonly name: SourceName;
  /** Stops observing; what it observed stays readable. Safe to call twice. */
  stop(): Promise<void>;
  /** What it observed (complete once stopped). */
  result(): R;
}

/** Every fact of a run, in the order they arrived. */
export class FactLog extends EventLog<Fact> {}
