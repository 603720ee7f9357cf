// Watching the connection after the fault: until a source the run trusts sees it end, or the watch runs out,
// with a progress line every 10 s. Where the agent is a second source, its own terminal event is awaited a
// moment longer, to compare with what the wire showed.
import { type Instant, now } from '../clock.ts';
import type { ExpectedWindow } from '../model/window.ts';
import type { AgentEvent, AgentEventLog } from '../observe/agent-events.ts';
import type { Fact, FactLog, SourceName } from '../observe/facts.ts';
import type { Role } from '../roles.ts';

const PROGRESS_EVERY_MS = 10_000;

/** How long to watch for an ending expected in `window`: long enough to measure a late one, not only to miss it. */
export const watchLength = (window: Pick<ExpectedWindow, 'latestMs'>): number => window.latestMs * 1.5 + 5_000;
/** How long the agent's event may trail the packet that ended the connection (it is usually a millisecond). */
const AGENT_GRACE_MS = 2_000;

export interface Watch {
  facts: FactLog;
  connection: string;
  /** The sources whose facts end the watch (the agent's only when there is no capture). */
  trusted: readonly SourceName[];
  /** The earliest the fault can have taken effect, when it was confirmed, and how long to watch from then. */
  faultStart: Instant;
  faultAt: Instant;
  forMs: number;
  progress: (line: string) => void;
}

export async function watchForEnding(watch: Watch): Promise<Fact | null> {
  const { faultAt, forMs, progress } = watch;
  const ticker = setInterval(
    () => progress(`waiting: ${((now() - faultAt) / 1000).toFixed(0)} s since the fault (observing up to ${(forMs / 1000).toFixed(0)} s)`),
    PROGRESS_EVERY_MS,
  );
  try {
    const ends = (fact: Fact) =>
      fact.kind === 'ended' && fact.connection === watch.connection && fact.t >= watch.faultStart && watch.trusted.includes(fact.source);
    return await watch.facts.waitFor(ends, faultAt + forMs - now());
  } finally {
    clearInterval(ticker);
  }
}

/** The observer application's first terminal event after the fault: waited for briefly when the connection ended. */
export async function agentTerminalEvent(log: AgentEventLog, observer: Role, faultStart: Instant, ended: boolean): Promise<AgentEvent | null> {
  const terminal = (event: AgentEvent) => event.role === observer && event.t >= faultStart && ['error', 'end', 'close'].includes(event.event);
  return log.waitFor(terminal, ended ? AGENT_GRACE_MS : 0);
}
