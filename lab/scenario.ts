// What a scenario is: a question, keepalive defaults, one fault on one peer, and the outcome the kernel's
// rules predict. Scenarios are data; run-scenario.ts runs them.
import type { KeepaliveConfig } from './config/keepalive-config.ts';
import type { FaultOptions } from './faults/fault.ts';
import type { Ending } from './mechanism.ts';

export type Expectation =
  /**
   * The observer's socket must end with one of these codes ('end' for end-of-stream) inside the window of what
   * ends it: keepalive (or the user timeout) running out, the peer's RST to the next probe, at once, or the
   * retransmission limit (tcp_retries2, or the user timeout) while data is in flight, or the user timeout while
   * data waits on the peer's closed window (zero-window).
   */
  | { outcome: 'error'; codes: readonly string[]; by: Ending; /** What the wire must also show. */ wireShows?: 'icmp-errors' }
  /**
   * The observer's connection must stay up for `windows` times the latest bound of the window the requested
   * settings give (or exactly `forMs`, when given), with its keepalive probes all answered, none sent at all, or
   * (data queued against a closed window) its zero-window probes all answered.
   */
  | { outcome: 'alive'; windows: number; forMs?: number; probes: AliveProbes };

export type AliveProbes = 'answered' | 'none' | 'zero-window';

export interface Scenario {
  name: string;
  summary: string;
  /** The one fact the scenario establishes, in plain words, for the report. */
  finding: string;
  defaults: KeepaliveConfig;
  /** How the observer behaves beyond holding keepalive: a busy writer, kernel settings of its namespace. */
  observer?: { writeEveryMs?: number; writeBytes?: number; sysctls?: Record<string, string> };
  /**
   * Why only the lab's agent can be the server here (its own behaviour is what the scenario measures); absent
   * when any server may take its place (`--server`).
   */
  agentOnly?: string;
  /** The faulted peer; the other side holds keepalive and must notice. */
  fault: { kind: string; target: 'client' | 'server'; options?: FaultOptions };
  expect: Expectation;
  /**
   * A crowd of client connections instead of one (many-clients): how many by default, and whether the server
   * holds keepalive at all. `--connections`, `--dead` (default half) and `--connect-rate` change the crowd.
   */
  crowd?: { connections: number; keepalive: boolean };
}

/** What ends the connection under the expectation; one expected to live is watched against keepalive's window. */
export function endingOf(expect: Expectation): Ending {
  return expect.outcome === 'error' ? expect.by : 'keepalive';
}

export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}
