// A fault is data (name, summary) plus one behaviour: inject into a peer, returning a handle that heals.
import type Docker from 'dockerode';
import type { Instant } from '../clock.ts';
import type { AgentContainer } from '../runtime/agent-container.ts';
import type { Sidecar } from '../runtime/sidecar.ts';

export interface FaultTarget {
  docker: Docker;
  peer: AgentContainer;
  /** Runs commands in the peer's network namespace with NET_ADMIN. */
  sidecar: Sidecar;
}

export type FaultEvidence = Record<string, string | number>;

export interface InjectedFault {
  /** When the fault was in effect. */
  at: Instant;
  /** How long injecting took: the fault took effect within [at - spanMs, at]. */
  spanMs: number;
  /** What the fault did, for the report (read it before heal). */
  evidence(): Promise<FaultEvidence>;
  /** Undoes the fault. Idempotent, and safe after the peer is gone. */
  heal(): Promise<void>;
}

export interface Fault {
  name: string;
  summary: string;
  inject(target: FaultTarget): Promise<InjectedFault>;
}
