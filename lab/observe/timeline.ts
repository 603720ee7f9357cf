// A run's timeline: the lab's own actions, the connection opening and ending as the wire and the namespace counters
// saw it, and the agents' socket events (when the agent is a source), in one list relative to the fault.
import { type Instant, toMicroseconds } from '../clock.ts';
import type { ApplicationLine } from './application-log.ts';
import type { AgentEvent } from './agent-events.ts';
import type { Fact } from './facts.ts';

export interface TimelineEntry {
  /** ms relative to the fault (negative before it). */
  atMs: number;
  /** Who saw it: an application, the lab, one wire (behind a middlebox: one side's), the counters, the router's table. */
  source: 'server' | 'client' | 'application' | 'lab' | 'wire' | 'counters' | 'client side' | 'server side' | 'router';
  event: string;
  detail: string;
}

export interface LabEvent {
  t: Instant;
  event: string;
  detail: string;
}

/** Agent events, an application's lines, lab actions and the wire's and the counters' facts in one list, in ms relative to the fault. */
export function buildTimeline(
  agentEvents: AgentEvent[],
  labEvents: LabEvent[],
  facts: Fact[],
  faultAt: Instant,
  applicationLines: readonly ApplicationLine[] = [],
): TimelineEntry[] {
  const fromAgents = agentEvents.map(({ t, role, event, ...rest }) => ({ t, source: role, event, detail: detailOf(rest) }));
  const fromApplication = applicationRows(applicationLines);
  const fromLab = labEvents.map(({ t, event, detail }) => ({ t, source: 'lab' as const, event, detail }));
  const fromSources = facts
    .filter((fact) => fact.source !== 'agent' && fact.kind !== 'probe' && fact.kind !== 'answered' && fact.kind !== 'retransmitted')
    .map((fact) => ({ t: fact.t, source: fact.source as 'wire' | 'counters', ...factEntry(fact) }));
  return [...fromAgents, ...fromApplication, ...fromLab, ...fromSources]
    .sort((a, b) => a.t - b.t)
    .map(({ t, source, event, detail }) => ({ atMs: toMicroseconds(t - faultAt), source, event, detail }));
}

/** An application's lines as timeline rows: "request 2 · ETIMEDOUT · read ETIMEDOUT". */
export function applicationRows(lines: readonly ApplicationLine[]): (Omit<TimelineEntry, 'atMs'> & { t: Instant })[] {
  return lines.map(({ t, event, id, code, message }) => ({
    t,
    source: 'application' as const,
    event,
    detail: [id === undefined ? '' : `request ${id}`, code ?? '', message ?? ''].filter(Boolean).join(' · '),
  }));
}

/** Probes have their own table; the connection's opening and ending belong here. */
function factEntry(fact: Fact): { event: string; detail: string } {
  if (fact.kind === 'opened') return { event: 'opened', detail: `${fact.client} → ${fact.server}` };
  if (fact.kind === 'ended' && fact.signal === 'aborted')
    return { event: 'timeout abort', detail: 'TcpExt.TCPAbortOnTimeout rose: the kernel gave up on the connection' };
  if (fact.kind === 'ended') return { event: fact.signal, detail: `from ${fact.at}` };
  return { event: fact.kind, detail: '' };
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
