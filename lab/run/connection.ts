// The observed connection: found when it opens, on the wire (or by the agent when there is no capture).
import { EnvironmentError } from '../errors.ts';
import { type AgentEventLog, isEvent } from '../observe/agent-events.ts';
import { endpoint } from '../observe/endpoint.ts';
import type { Fact, FactLog, SourceName } from '../observe/facts.ts';
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
export async function awaitConnection(
  facts: FactLog,
  source: SourceName,
  topology: Topology,
  roles: Roles,
  agentLog?: AgentEventLog,
): Promise<ObservedConnection> {
  const server = endpoint(topology.server.container.ip, topology.port);
  const opened = (await facts.waitFor((fact) => fact.kind === 'opened' && fact.source === source && fact.server === server, CONNECT_TIMEOUT_MS)) as Extract<
    Fact,
    { kind: 'opened' }
  > | null;
  if (!opened)
    throw new EnvironmentError(
      `the client did not connect to the server within ${CONNECT_TIMEOUT_MS / 1000} s (${source === 'wire' ? 'no handshake on the wire' : 'no event from the agents'}); try: npm run lab -- doctor`,
    );
  // The agent reads its socket's options back right after accept/connect, in the same event.
  const event = agentLog && (await agentLog.waitFor(isEvent(roles.observer, roles.observer === 'server' ? 'accepted' : 'connected'), CONNECT_TIMEOUT_MS));
  return {
    key: opened.connection,
    client: opened.client,
    server: opened.server,
    observerEndpoint: roles.observer === 'server' ? opened.server : opened.client,
    heldOptions: (event?.options ?? {}) as Record<string, unknown>,
  };
}
