// An ending rule: one way a connection can end, as a strategy the assessment picks by the scenario's `expect.by`.
// Each says what it counts from, the window it predicts — from the fault alone, or exactly from the moment on
// the wire the kernel counts from — and what the wire must show for that ending.
import type { Instant } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { Ending } from '../mechanism.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import type { TimerPrediction } from '../model/prediction-window.ts';
import type { ReferenceModel } from '../model/reference-window.ts';
import type { ExpectedWindow } from '../model/window.ts';
import type { NeighbourState } from '../observe/neighbour.ts';
import type { WireAnalysis } from '../observe/wire-analysis.ts';
import type { Roles } from '../roles.ts';

/** An observer that keeps data in flight: its tcp_retries2 and how often it writes. */
export interface BusyObserver {
  retries2: number;
  writeEveryMs: number;
}

export interface RuleContext {
  /** The settings the kernel applies. */
  config: KeepaliveConfig;
  hz: KernelHz;
  /** The fault's moment, when its injection began (times count from it), and how long it took to be surely in effect. */
  faultAt: Instant;
  faultSpanMs: number;
  /** For a peer that answers with RST: from when it may (a reboot: its restart asked for) and by when it surely does; the fault's span if not given. */
  resetsFrom?: { from: Instant; by: Instant };
  /** The observer kernel's neighbour entry for the peer at the end of the run (ip neigh), where it was read. */
  peerNeighbour?: NeighbourState;
  /** The keepalive probes the observer's namespace counted after the fault, up to its timeout abort, where the counters saw one. */
  kernelProbes?: number;
  roles: Roles;
  busy?: BusyObserver;
  /** The timer chain the run predicted: the keepalive timer's at the fault, or the retransmission timer's from its first retransmissions. */
  prediction?: TimerPrediction;
}

/** A window counted from the wire, with the timer model behind it where a timer chain decides. */
export interface WireWindow {
  window: ExpectedWindow;
  model?: ReferenceModel;
}

export interface EndingRule {
  name: Ending;
  /** The window from the fault alone: before anything is seen, and without a capture. */
  fromFault(context: RuleContext): ExpectedWindow;
  /** The window counted from what the kernel counts from, read on the wire; null when the wire does not show it. */
  fromWire(context: RuleContext, wire: WireAnalysis): WireWindow | null;
  /** Why the wire does not show this ending; null when it does. */
  wireProblem(context: RuleContext, wire: WireAnalysis, model?: ReferenceModel): string | null;
  /** How the connection ended, in words, for a verdict that passes. */
  how(context: RuleContext, seen: { probesSent: number; wire?: WireAnalysis }): string;
  /**
   * Why this run could not show this ending, whatever it saw: the fault outlasted what the settings let the kernel
   * wait (a reboot slower than the keepalive chain); null when it could. Given the outcome the observer saw.
   */
  untestable?(context: RuleContext, seen: { outcome: string; wire?: WireAnalysis }): string | null;
}

/** When the peer may and surely does answer with RST: given by the fault, else from the fault's moment to the end of its span. */
export function resetsFromOf({ resetsFrom, faultAt, faultSpanMs }: RuleContext): { from: Instant; by: Instant } {
  return resetsFrom ?? { from: faultAt, by: faultAt + faultSpanMs };
}

/** "RST by the client", "nothing on the wire": who ended the connection, in the roles' words. */
export function endedBy(wire: WireAnalysis, { observer, peer }: Roles): string {
  const ending = wire.ending;
  return ending ? `${ending.kind.toUpperCase()} by the ${ending.by === 'observer' ? observer : peer}` : 'nothing on the wire';
}
