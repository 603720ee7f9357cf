// What a run returns and writes as JSON: its assessment (verdict, outcome, window, mechanism, probes…) with what
// it ran, where and how it was observed. Reports, summaries and `report merge` read this shape.
import type { PhaseTimes } from './phases.ts';
import type { Assessment } from '../assess.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { FaultEvidence, FaultOptions } from '../faults/fault.ts';
import type { SourceName } from '../observe/facts.ts';
import type { SocketState } from '../observe/socket-state.ts';
import type { Fingerprint } from '../observe/fingerprint.ts';
import type { TimelineEntry } from '../observe/timeline.ts';
import type { Roles } from '../roles.ts';
import type { Scenario } from '../scenario.ts';
import type { ObservedKeepalive } from '../observe/observed-keepalive.ts';
import type { Setting } from '../servers/server-profile.ts';
import type { ApplicationSummary } from './application-summary.ts';

export type ConfigSummary = { idle: number; interval: number; count: number; userTimeout: number; setOn: KeepaliveConfig['setOn'] };

export const summarizeConfig = (config: KeepaliveConfig): ConfigSummary => ({
  idle: config.idleS,
  interval: config.intervalS,
  count: config.count,
  userTimeout: config.userTimeoutMs,
  setOn: config.setOn,
});

export interface RunResult extends Assessment {
  /** Which kind of run made it (run-kind.ts): 'single' (one connection struck by a fault), 'crowd', 'middlebox'… */
  kind: string;
  scenario: string;
  summary: string;
  finding: string;
  /** What the scenario expected: an error (codes, and what ends the connection) or a connection that lives. */
  expectation: Scenario['expect'];
  /** Who held keepalive and had to notice (observer), and who was faulted (peer). */
  roles: Roles;
  runId: string;
  config: ConfigSummary;
  /**
   * What the kernel applies: differs from `config` where Node alone sets keepalive (libuv's 1 s / 10, or the
   * namespace's defaults), where a server derives settings (Redis), or where the server runs as it ships.
   */
  appliedConfig: ConfigSummary;
  /** The server under test: its profile, the image it ran, how it sets keepalive, and (not for the agent) its log. */
  server?: { profile: string; source: string; image: string; how: string; takes: string[]; log?: string[] };
  /** For a server left as it ships: what it applied (null: keepalive off), the detection time that implies and how. */
  asShipped?: { applied: ConfigSummary | null; detectionMs: number | null; derivation: string; watchMs: number };
  /**
   * The server's own view of its clients: how many before the fault and after the outcome, and when it let the
   * client go — first seen gone at `changedAtMs`, still held at `heldUntilMs` (both from the fault; polled every 250 ms).
   */
  app?: { before: number; after: number | null; source: string; changedAtMs: number | null; heldUntilMs: number };
  /**
   * The application's client that held keepalive in place of the agent (--client): its profile, the settings the lab
   * gave it (null: as it ships), what its kernel did on the wire, and its workload.
   */
  client?: {
    profile: string;
    source: string;
    image: string;
    how: string;
    takes: string[];
    settings: Partial<Record<Setting, number>> | null;
    observedKeepalive: ObservedKeepalive | null;
    requestEveryMs: number;
  };
  /** What that application saw: its first error, its hung requests, its recovery after the heal (ms from the fault). */
  application?: ApplicationSummary;
  /** The sources that observed the run: the wire and the namespace counters, the agent's own events unless told not to. */
  observedBy: SourceName[];
  /** Which IP the run's containers talked over; absent in results written before IPv6 runs (they were IPv4). */
  ipVersion?: 4 | 6;
  /** The observed connection's two ends (client, server); absent in results written before the wire observed. */
  connection?: { client: string; server: string };
  /** Options the observer's socket really held (getsockopt, from the agent); empty when the agent was not asked. */
  observerSocketOptions: Record<string, unknown>;
  fault: { kind: string; target: string; options: FaultOptions; at: string; spanMs: number; evidence: FaultEvidence };
  observerSocket?: SocketState;
  observedForMs: number;
  timeline: TimelineEntry[];
  environment: Fingerprint;
  command: string;
  startedAt: string;
  durationMs: number;
  /** How long each phase of the run took, ms, the teardown included; absent in results written before it was timed. */
  phases?: PhaseTimes;
}
