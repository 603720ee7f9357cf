// The agents' JSON-line events, read from a container's log as they happen, with waits on them.
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Role } from '../roles.ts';

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

interface Waiter {
  matches: (event: AgentEvent) => boolean;
  resolve: (event: AgentEvent | null) => void;
}

export class AgentEventLog {
  readonly events: AgentEvent[] = [];
  private waiters: Waiter[] = [];

  follow(stream: Readable): void {
    createInterface({ input: stream }).on('line', (line) => {
      const event = parseAgentLine(line.trim());
      if (event) this.push(event);
    });
  }

  push(event: AgentEvent): void {
    this.events.push(event);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.matches(event)) return true;
      waiter.resolve(event);
      return false;
    });
  }

  /** The first event (already seen or still to come) that matches, or null after `timeoutMs`. */
  waitFor(matches: (event: AgentEvent) => boolean, timeoutMs: number): Promise<AgentEvent | null> {
    const seen = this.events.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        resolve(null);
      }, timeoutMs);
      const entry: Waiter = { matches, resolve: (event) => { clearTimeout(timer); resolve(event); } };
      this.waiters.push(entry);
    });
  }
}

/** What a terminal socket event means: the error's code, or 'end' / 'close'. */
export function outcomeOf(event: AgentEvent): string {
  return event.event === 'error' ? String(event.code ?? 'error') : event.event;
}

export const isEvent = (role: Role, ...names: string[]) => (event: AgentEvent) =>
  event.role === role && names.includes(event.event);
