// A fault is data (name, summary, the parameters it takes) plus behaviour: inject into a peer, returning a
// handle that heals. A fault the machine cannot do says why before anything is injected.
import type Docker from 'dockerode';
import type { Capability } from '../capabilities.ts';
import type { Instant } from '../clock.ts';
import type { RunContainer } from '../runtime/run-container.ts';
import type { LabNetwork } from '../runtime/network.ts';
import type { Sidecar } from '../runtime/sidecar.ts';

export interface FaultTarget {
  docker: Docker;
  peer: RunContainer;
  network: LabNetwork;
  /** Runs commands in the peer's network namespace with NET_ADMIN. */
  sidecar: Sidecar;
}

export type { FaultOptions } from '../scenario.ts';
import type { FaultOptions } from '../scenario.ts';

export type FaultEvidence = Record<string, string | number>;

export interface InjectedFault {
  /** When the fault was surely in effect. */
  at: Instant;
  /** How long injecting took: the fault took effect within [at - spanMs, at]; its moment is at - spanMs. */
  spanMs: number;
  /** For a peer that comes back without the connection: from when its kernel may answer with RST, by when it surely does. */
  resetsFrom?: { from: Instant; by: Instant };
  /** What the fault did, for the report (read it before heal). */
  evidence(): Promise<FaultEvidence>;
  /** Undoes the fault. Idempotent, and safe after the peer is gone. */
  heal(): Promise<void>;
}

export interface Fault {
  name: string;
  summary: string;
  /** The parameters the fault takes and their allowed values; the first value is the default. */
  parameters?: Readonly<Record<string, readonly string[]>>;
  /** What the machine must offer to inject it with these parameters (see CAPABILITIES). */
  needs(options: FaultOptions): readonly Capability[];
  /** Why this machine cannot inject the fault, or null when it can (checked before injecting). */
  unsupported?(target: FaultTarget): Promise<string | null>;
  inject(target: FaultTarget, options?: FaultOptions): Promise<InjectedFault>;
}
