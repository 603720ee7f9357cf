// A run's timeline: the agents' socket events and the lab's own actions, in one list relative to the fault.
import { type Instant, toMicroseconds } from '../clock.ts';
import type { AgentEvent } from '../observe/agent-events.ts';

export interface TimelineEntry {
  /** ms relative to the fault (negative before it). */
  atMs: number;
  source: 'server' | 'client' | 'lab';
  event: string;
  detail: string;
}

export interface LabEvent {
  t: Instant;
  event: string;
  detail: string;
}

/** Agent events and lab actions in one list, in ms relative to the fault. */
export function buildTimeline(agentEvents: AgentEvent[], labEvents: LabEvent[], faultAt: Instant): TimelineEntry[] {
  const fromAgents = agentEvents.map(({ t, role, event, ...rest }) => ({ t, source: role, event, detail: detailOf(rest) }));
  const fromLab = labEvents.map(({ t, event, detail }) => ({ t, source: 'lab' as const, event, detail }));
  return [...fromAgents, ...fromLab]
    .sort((a, b) => a.t - b.t)
    .map(({ t, source, event, detail }) => ({ atMs: toMicroseconds(t - faultAt), source, event, detail }));
}

function detailOf(fields: Record<string, unknown>): string {
  if (typeof fields.code === 'string') return `${fields.code}${fields.syscall ? ` (${fields.syscall})` : ''}`;
  if (fields.options) return describeOptions(fields.options as Record<string, unknown>);
  if (typeof fields.bytes === 'number') return `${fields.bytes} bytes`;
  if (typeof fields.hadError === 'boolean') return fields.hadError ? 'after an error' : '';
  return '';
}

/** Keepalive options as read back with getsockopt, in words. */
export function describeOptions(options: Record<string, unknown>): string {
  if (!options.keepalive) return 'keepalive OFF';
  const userTimeout = options.userTimeoutMs ? `, user timeout ${options.userTimeoutMs} ms` : '';
  return `keepalive on, idle ${options.idleS} s, interval ${options.intervalS} s, count ${options.count}${userTimeout}`;
}
