// What a scenario is: a question, keepalive defaults, and what strikes the connection — one fault on one peer
// (FaultScenario, also for a crowd of clients), a middlebox in the path that forgets an idle flow
// (MiddleboxScenario), or a proxy that closes it (ProxyScenario) — with the outcome the rules predict. Scenarios are data; run-scenario.ts runs them.
import type { KeepaliveConfig } from './config/keepalive-config.ts';
import type { Ending } from './mechanism.ts';

/** A fault's parameter values by name, e.g. { direction: 'out' }; each fault lists what it takes. */
export type FaultOptions = Readonly<Record<string, string>>;

export type Expectation =
  /**
   * The observer's socket must end with one of these codes ('end' for end-of-stream) inside the window of what
   * ends it: keepalive (or the user timeout) running out, the peer's RST to the next probe, at once, or the
   * retransmission limit (tcp_retries2, or the user timeout) while data is in flight, or the user timeout while
   * data waits on the peer's closed window (zero-window).
   */
  | { outcome: 'error'; codes: readonly string[]; by: Ending /** What the wire must also show. */; wireShows?: 'icmp-errors' }
  /**
   * The observer's connection must stay up for `windows` times the latest bound of the window the requested
   * settings give (or exactly `forMs`, when given), with its keepalive probes all answered, none sent at all, or
   * (data queued against a closed window) its zero-window probes all answered.
   */
  | { outcome: 'alive'; windows: number; forMs?: number; probes: AliveProbes };

export type AliveProbes = 'answered' | 'none' | 'zero-window';

interface ScenarioBase {
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
  /** Why a user timeout cannot be set here (it would end what the scenario shows living), and where to go instead. */
  noUserTimeout?: string;
}

/** A fault the lab injects into one peer; the other side holds keepalive and must notice. */
export interface FaultScenario extends ScenarioBase {
  fault: { kind: string; target: 'client' | 'server'; options?: FaultOptions };
  expect: Expectation;
  /**
   * A crowd of client connections instead of one (many-clients): how many by default, and whether the server
   * holds keepalive at all. `--connections`, `--dead` (default half) and `--connect-rate` change the crowd.
   */
  crowd?: { connections: number; keepalive: boolean };
  middlebox?: never;
  proxy?: never;
}

/** What a middlebox does with a packet of a flow it forgot: drop it, answer it with a reset, or pick the flow up again. */
export const NAT_MODES = ['drop', 'reset', 'loose'] as const;
export type NatMode = (typeof NAT_MODES)[number];
export const KEEPALIVE_SIDES = ['server', 'client', 'both', 'none'] as const;
export type KeepaliveSide = (typeof KEEPALIVE_SIDES)[number];
/** How the client's request after a silence ends: answered, or the client's error code. */
export type RequestResult = 'answered' | 'ETIMEDOUT' | 'ECONNRESET';

/**
 * No fault injected: a router between client and server forgets an idle flow after its NAT timeout — that is the
 * fault — and the client then sends a request, which must end as `expect` says for the router's mode.
 */
export interface MiddleboxScenario extends ScenarioBase {
  middlebox: {
    natTimeoutS: number;
    mode: NatMode;
    /** Whose keepalive is on (the defaults' settings). */
    keepaliveOn: KeepaliveSide;
  };
  /**
   * What the request comes to in each mode; `whenTooSlow`: what it comes to instead, by the side whose keepalive is
   * on, when keepalive's idle is not below the NAT timeout (the router forgets the flow before keepalive speaks).
   */
  expect: {
    outcome: 'request';
    result: Readonly<Record<NatMode, RequestResult>>;
    whenTooSlow?: Readonly<Record<'server' | 'client', Readonly<Record<NatMode, RequestResult>>>>;
  };
  fault?: never;
  crowd?: never;
  proxy?: never;
}

/** Whose keepalive is on behind a proxy: the client's (its probes reach only the proxy's kernel), or nobody's. */
export const PROXY_KEEPALIVE_SIDES = ['client', 'none'] as const;
export type ProxyKeepaliveSide = (typeof PROXY_KEEPALIVE_SIDES)[number];

/**
 * No fault injected: a proxy between client and server (HAProxy in TCP mode) closes a connection idle for its
 * `timeout client` / `timeout server` — that is the fault. Keepalive's probes are answered by the proxy's kernel and
 * never reach the proxy's timers, so they do not keep the connection; the client's application meets the close, and
 * its next request must be answered on a new connection.
 */
export interface ProxyScenario extends ScenarioBase {
  proxy: { timeoutS: number; keepaliveOn: ProxyKeepaliveSide };
  expect: { outcome: 'closed-by-proxy' };
  fault?: never;
  crowd?: never;
  middlebox?: never;
}

export type Scenario = FaultScenario | MiddleboxScenario | ProxyScenario;

export function isMiddleboxScenario(scenario: Scenario): scenario is MiddleboxScenario {
  return scenario.middlebox !== undefined;
}

export function isProxyScenario(scenario: Scenario): scenario is ProxyScenario {
  return scenario.proxy !== undefined;
}

/** A scenario whose fault the lab injects (one connection's, or a crowd's). */
export function isFaultScenario(scenario: Scenario): scenario is FaultScenario {
  return scenario.fault !== undefined;
}

/** What ends the connection under the expectation; one expected to live is watched against keepalive's window. */
export function endingOf(expect: Expectation): Ending {
  return expect.outcome === 'error' ? expect.by : 'keepalive';
}

export function defineScenario<const S extends Scenario>(scenario: S): S {
  return scenario;
}
