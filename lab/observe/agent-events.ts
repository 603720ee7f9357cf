// The agents' JSON-line events, read from a container's log as they happen, with waits on them. Where the agent
// is one of the run's observation sources, its socket events also become facts about the connection.
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Role } from '../roles.ts';
import { connectionKey, endpoint } from './endpoint.ts';
import { EventLog } from './event-log.ts';
import type { Fact, FactLog, ObservationSource } from './facts.ts';

export interface AgentEvent {
  t: number; // ms since the epoch, the Docker host's clock
  role: Role;
  event: string;
  [field: string]: unknown;
}

/** Parses one log line; anything that is not an agent event (a Node warning, say) gives null. */
export function parseAgentLine(line: string): AgentEvent | null {
  if (!line.startsWith('{')) return null;
  try {
    const value = JSON.parse(line) as Partial<AgentEvent>;
    return typeof value.t === 'number' && typeof value.event === 'string' && (value.role === 'server' || value.role === 'client')
      ? (value as AgentEvent)
      : null;
  } catch {
    return null;
  }
}

export class AgentEventLog extends EventLog<AgentEvent> implements ObservationSource {
  readonly name = 'agent';
  private readonly facts?: FactLog;

  /** With `facts`, the agent is an observation source: its socket events become facts. */
  constructor(facts?: FactLog) {
    super();
    this.facts = facts;
  }

  follow(stream: Readable): void {
    createInterface({ input: stream }).on('line', (line) => {
      const event = parseAgentLine(line.trim());
      if (!event) return;
      this.push(event);
      const fact = this.facts && factOf(event);
      if (fact) this.facts!.push(fact);
    });
  }

  /** The logs end with their containers. */
  async stop(): Promise<void> {}

  result(): readonly AgentEvent[] {
    return this.items;
  }
}

/** An agent's socket event as a fact about its connection; null for events about no connection. */
export function factOf(event: AgentEvent): Fact | null {
  if (typeof event.local !== 'string' || typeof event.remote !== 'string') return null;
  const local = agentEndpoint(event.local);
  const remote = agentEndpoint(event.remote);
  const base = { t: event.t, source: 'agent' as const, connection: connectionKey(local, remote) };
  if (event.event === 'accepted') return { ...base, kind: 'opened', client: remote, server: local };
  if (event.event === 'connected') return { ...base, kind: 'opened', client: local, server: remote };
  if (event.event === 'error' || event.event === 'end' || event.event === 'close') {
    return { ...base, kind: 'ended', signal: event.event, at: local, ...(event.code ? { code: String(event.code) } : {}) };
  }
  return null;
}

/** Node's "address:port" ("::ffff:10.0.0.2:7000", "fd00::2:7000") in the lab's endpoint notation. */
function agentEndpoint(text: string): string {
  const colon = text.lastIndexOf(':');
  return endpoint(text.slice(0, colon), text.slice(colon + 1));
}

/** What a terminal socket event means: the error's code, or 'end' / 'close'. */
export function outcomeOf(event: AgentEvent): string {
  return event.event === 'error' ? String(event.code ?? 'error') : event.event;
}

export const isEvent =
  (role: Role, ...names: string[]) =>
  (event: AgentEvent) =>
    event.role === role && names.includes(event.event);
