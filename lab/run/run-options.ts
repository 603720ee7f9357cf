// What a run is asked for, whatever its kind: the keepalive settings, the server, how it is observed, the user's
// bound; and what only one kind takes (a crowd, a router). Each run kind says which of these it refuses (run-kind.ts).
import type { ClientProfile } from '../clients/client-profile.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { IpVersion } from '../runtime/network.ts';
import type { Expectation, FaultOptions, KeepaliveSide, NatMode } from '../scenario.ts';
import type { ServerProfile } from '../servers/server-profile.ts';

/** Which sources judge the run: the wire (the capture, and the namespace counters for endings without a packet) alone, or with the agent's own events. */
export const OBSERVE_MODES = ['wire+agent', 'wire'] as const;
export type ObserveMode = (typeof OBSERVE_MODES)[number];

export interface RunOptions {
  /** Overrides of the scenario's keepalive defaults. */
  config?: Partial<KeepaliveConfig>;
  progress?: (line: string) => void;
  /** The command line that reproduces this run, for the report. */
  command?: string;
  /** Capture the observer's packets (default true); without, the agent's events decide and the window counts from the fault. */
  capture?: boolean;
  /** Where to keep the capture as a pcap file, if anywhere. */
  captureFile?: string;
  /** Overrides of the fault's parameters (e.g. { direction: 'out' }), on top of the scenario's. */
  faultOptions?: FaultOptions;
  /** 'wire+agent' (default): the wire decides and the agent's events must agree; 'wire': the agent's events are ignored. */
  observe?: ObserveMode;
  /** The server under test: the lab's agent unless given (see lab/servers). */
  server?: ServerProfile;
  /** Leave the server's keepalive as it ships: the lab sets none, and watches for `watchMs` after the fault. */
  serverDefaults?: boolean;
  /** How long a run with the server as it ships watches after the fault (default 30 s). */
  watchMs?: number;
  /** Which IP the containers talk over (default 4). */
  ipVersion?: IpVersion;
  /** For a crowd scenario (many-clients): the crowd, and the fault to strike its dead connections with. */
  crowd?: CrowdChoice;
  /** For a crowd scenario: where to write one JSON line per connection. */
  connectionsFile?: string;
  /** For a middlebox scenario: its router and request other than the scenario's. */
  middlebox?: MiddleboxChoice;
  /**
   * Your bound, ms from the fault: the connection must end by then (by the scenario's mechanism) for a PASS, instead of
   * inside the window the kernel's rules give for the settings. Only for scenarios where the connection must end.
   */
  within?: number;
  /**
   * An application's client in place of the agent's (lab/clients): it holds keepalive with the settings given (as it
   * ships when none is), speaks to the server (its profile's `server` unless given), which runs as it ships.
   */
  client?: ClientProfile;
  /** How often the client sends a request, and after how long an unanswered one counts as hung (ms). */
  requestEveryMs?: number;
  requestTimeoutMs?: number;
  /** Fail the run also when the ending lies farther from the lab's jiffy prediction than this run's own noise explains (the lab's own tests, the precision benchmark). */
  strict?: boolean;
}

/** A crowd other than the scenario's: how many connections, how many dead (default half), how fast, which fault. */
export interface CrowdChoice {
  connections?: number;
  dead?: number;
  connectRate?: number;
  /** The fault to strike the dead connections with (default the scenario's), and what it makes of them. */
  fault?: { kind: string; expect: Expectation };
}

export const DEFAULT_WATCH_MS = 30_000;

/** A router and request other than a middlebox scenario's. */
export interface MiddleboxChoice {
  natTimeoutS?: number;
  mode?: NatMode;
  keepaliveOn?: KeepaliveSide;
  requestAfterS?: number;
  /** A proxy's idle timeout (HAProxy's timeout client and timeout server), for the proxy scenario. */
  proxyTimeoutS?: number;
}
