// The observed connection: found when it opens (on the wire, or by the agent when there is no capture), then
// proven to carry keepalive before any fault (its observer's first probe).
import { type Instant, now } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { EnvironmentError } from '../errors.ts';
import { expectedKeepaliveWindow } from '../model/keepalive-window.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { type AgentEventLog, isEvent } from '../observe/agent-events.ts';
import { endpoint } from '../observe/endpoint.ts';
import type { Fact, FactLog, SourceName } from '../observe/facts.ts';
import { type Counters, KEEPALIVE_PROBES_SENT, readCounters } from '../observe/kernel-counters.ts';
import type { Roles } from '../roles.ts';
import type { Topology } from './topology.ts';

const CONNECT_TIMEOUT_MS = 15_000;

export interface ObservedConnection {
  /** Its key (connectionKey) and its two ends. */
  key: string;
  client: string;
  server: string;
  observerEndpoint: string;
  /** Options the observer's socket held (getsockopt), when the agent reports them; empty otherwise. */
  heldOptions: Record<string, unknown>;
}

/** Waits until the client's connection to the server has opened, as `source` sees it. */
export async function awaitConnection(facts: FactLog, source: SourceName, topology: Topology, roles: Roles, agentLog?: AgentEventLog): Promise<ObservedConnection> {
  const server = endpoint(topology.server.container.ip, topology.port);
  const opened = await facts.waitFor((fact) => fact.kind === 'opened' && fact.source === source && fact.server === server, CONNECT_TIMEOUT_MS) as Extract<Fact, { kind: 'opened' }> | null;
  if (!opened) throw new EnvironmentError(`the client did not connect to the server within ${CONNECT_TIMEOUT_MS / 1000} s (${source === 'wire' ? 'no handshake on the wire' : 'no event from the agents'}); try: npm run lab -- doctor`);
  // The agent reads its socket's options back right after accept/connect, in the same event.
  const event = agentLog && await agentLog.waitFor(isEvent(roles.observer, roles.observer === 'server' ? 'accepted' : 'connected'), CONNECT_TIMEOUT_MS);
  return {
    key: opened.connection,
    client: opened.client,
    server: opened.server,
    observerEndpoint: roles.observer === 'server' ? opened.server : opened.client,
    heldOptions: (event?.options ?? {}) as Record<string, unknown>,
  };
}

export interface KeepaliveActive {
  at: Instant;
  /** The namespace's keepalive counter then (only read without a capture, to count probes by it). */
  counters?: Counters;
}

/**
 * Waits until the observer has sent its first keepalive probe: keepalive is proven active before the fault.
 * On the wire when there is a capture; else by the namespace's TcpExt.TCPKeepAlive counter.
 */
export async function awaitKeepaliveActive(facts: FactLog | null, topology: Topology, connection: ObservedConnection, config: KeepaliveConfig, hz: KernelHz, roles: Roles): Promise<KeepaliveActive> {
  const allowedMs = config.idleS * 1000 + expectedKeepaliveWindow(config, { hz, faultSpanMs: 0 }).timerRoundingMs + 5_000;
  const fail = () => new EnvironmentError(`the ${roles.observer}'s kernel sent no keepalive probe within ${config.idleS} s of idle: keepalive is not active on its socket`);
  if (facts) {
    const probe = await facts.waitFor((fact) => fact.kind === 'probe' && fact.connection === connection.key && fact.from === connection.observerEndpoint, allowedMs);
    if (!probe) throw fail();
    return { at: probe.t };
  }
  const deadline = now() + allowedMs;
  for (;;) {
    const counters = await readCounters(topology.observer.sidecar);
    if ((counters.get(KEEPALIVE_PROBES_SENT) ?? 0) > 0) return { at: now(), counters };
    if (now() > deadline) throw fail();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
