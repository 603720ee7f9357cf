// A run's cells in a summary's row — its fault, its settings, what was expected and what was measured — in a few
// words, as every kind that strikes a connection with a fault says them (a middlebox says its own).
import { seconds, secondsRange } from '../format/format.ts';
import type { RunResult } from '../run/result.ts';
import type { RunCells } from '../run/run-kind.ts';

/** "blackhole client (direction out, backend iptables)" */
export function faultText(r: RunResult): string {
  const options = Object.entries(r.fault.options ?? {})
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  return `${r.fault.kind} ${r.fault.target}${options ? ` (${options})` : ''}`;
}

/**
 * "1/1/3 UT 3 s listener", with "(kernel 7200/75/9)" where the kernel applied other settings; for another server
 * what the kernel held and the server ("3/1/3 redis", "as shipped 7200/75/9 postgres"); with an application's client,
 * what its kernel held, the client and its server ("1/1/10 ioredis → redis").
 */
export function settingsText(r: RunResult): string {
  const { config: c, appliedConfig: applied, server, asShipped } = r;
  if (server && server.profile !== 'agent') {
    const held =
      asShipped && !asShipped.applied
        ? 'keepalive off'
        : `${applied.idle}/${applied.interval}/${applied.count}${applied.userTimeout > 0 ? ` UT ${applied.userTimeout / 1000} s` : ''}`;
    return `${asShipped ? 'as shipped ' : ''}${held} ${r.client ? `${r.client.profile} → ` : ''}${server.profile}`;
  }
  const userTimeout = c.userTimeout > 0 ? ` UT ${c.userTimeout / 1000} s` : '';
  const differs = applied && (applied.idle !== c.idle || applied.interval !== c.interval || applied.count !== c.count);
  return `${c.idle}/${c.interval}/${c.count}${userTimeout} ${c.setOn}${differs ? ` (kernel ${applied.idle}/${applied.interval}/${applied.count})` : ''}`;
}

/** The window from the fault, or how long the connection had to live. */
export function expectedText(r: RunResult): string {
  if (r.expectation.outcome === 'alive') return `alive ≥ ${seconds(r.expected.latestMs * r.expectation.windows)}`;
  return secondsRange(r.expected.earliestMs, r.expected.latestMs);
}

export const measuredText = (r: RunResult): string => (r.measuredMs === null ? `alive ${seconds(r.observedForMs)}` : `${r.outcome} ${seconds(r.measuredMs)}`);

/** The cells of a run struck by a fault. */
export const FAULT_RUN_CELLS: RunCells = { fault: faultText, settings: settingsText, expected: expectedText, measured: measuredText };
