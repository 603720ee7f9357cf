// What a single run works with: its context (the scenario, settings, server, images) and what it has set up by the
// time the fault comes; the helpers every phase uses.
import { type Instant, now } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { BusyObserver } from '../endings/rule.ts';
import type { ProbeWatch } from '../run/keepalive-active.ts';
import type { Roles } from '../roles.ts';
import type { Expectation, FaultScenario } from '../scenario.ts';
import type { FaultOptions } from '../faults/fault.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import type { AgentEventLog } from '../observe/agent-events.ts';
import type { FactLog } from '../observe/facts.ts';
import type { JiffyClock } from '../model/jiffy-clock.ts';
import type { PacketCapture } from '../observe/packet-capture.ts';
import type { CounterSampler } from '../observe/counter-sampler.ts';
import type { ServerView } from '../observe/server-view.ts';
import type { Fingerprint } from '../observe/fingerprint.ts';
import type { LabEvent } from '../observe/timeline.ts';
import type { ObservedConnection } from '../run/connection.ts';
import type { LabRun } from '../run/lab-run.ts';
import type { Topology } from '../run/topology.ts';
import type { ObserveMode } from '../run/run-options.ts';
import type { IpVersion } from '../runtime/network.ts';
import type { AsShipped } from '../as-shipped.ts';
import type { ApplicationRun } from '../run/application-run.ts';
import { appliedKeepalive, type ServerProfile } from '../servers/server-profile.ts';

export interface RunContext {
  scenario: FaultScenario;
  config: KeepaliveConfig;
  faultOptions: FaultOptions;
  progress: (line: string) => void;
  /** The run's life on the engine: its client, images and identity, its sources, the capture kept, the verdict line. */
  lab: LabRun;
  command: string;
  capture: boolean;
  observe: ObserveMode;
  profile: ServerProfile;
  /** Set when the server runs as it ships: the lab sets no keepalive and watches for `watchMs`. */
  shipped?: AsShipped;
  watchMs: number;
  ipVersion: IpVersion;
  within?: number;
  strict: boolean;
  /** An application's client holding keepalive in place of the agent's (--client). */
  application?: ApplicationRun;
}

/** The agent's events count as a source when the agent is the server (not told to ignore them), or without a capture. */
export const agentIsSource = (context: RunContext) => context.profile.agent && (context.observe === 'wire+agent' || !context.capture);

/** What the kernel applies: the server's way of applying the settings, or its defaults as it ships (null: off). */
export const keepaliveApplied = (context: RunContext): KeepaliveConfig | null =>
  context.shipped ? context.shipped.applied : appliedKeepalive(context.application?.profile ?? context.profile, context.config);

/** What the run has set up by the time the fault comes. */
export interface Prepared {
  topology: Topology;
  facts: FactLog;
  agentLog: AgentEventLog;
  wire?: PacketCapture;
  counters: CounterSampler;
  serverView?: ServerView;
  connection: ObservedConnection;
  fingerprint: Fingerprint;
  hz: KernelHz;
  /** The host's jiffy count on the capture's clock, where /proc/timer_list can be read. */
  jiffies: JiffyClock | null;
  labEvents: LabEvent[];
  startedAt: Instant;
}

export function note(prepared: Prepared, event: string, detail: string, t = now()): void {
  prepared.labEvents.push({ t, event, detail });
}

/** What a run's fault phase works with: who observes, the settings the kernel applies, what is expected and predicted. */
export interface Plan {
  roles: Roles;
  /** What the kernel applies (a server that leaves keepalive off: the settings, whose windows are never reached). */
  effective: KeepaliveConfig;
  busy?: BusyObserver;
  expect: Expectation;
  /** Which timer's chain the run predicts: the keepalive timer's at the fault, the retransmission timer's during the watch. */
  predicts: 'keepalive' | 'retransmission' | null;
  watch: ProbeWatch | null;
}
