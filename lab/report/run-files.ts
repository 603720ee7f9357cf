// Where one run's files go: directly in the report directory, every file of a run under one name that says what ran
// — scenario, server, the settings the kernel held, when (UTC, to the second) — and ends in a few random hex digits,
// so that no two runs, of one process or of several at once, ever overwrite each other.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ConfigSummary, RunResult } from '../run/result.ts';

export interface RunFiles {
  /** The name every file of the run shares: pause-client_agent_1-3-10_20261204T204516Z_3f2a */
  stem: string;
  markdown: string;
  json: string;
  /** The capture, for a run that keeps one. */
  capture: string;
  /** A crowd's one JSON line per connection. */
  connections: string;
}

export interface RunNaming {
  scenario: string;
  /** The server profile's name ('agent' for the lab's own). */
  server: string;
  /** What the kernel held, in a few characters (heldSettings). */
  settings: string;
  at: Date;
  /** A few hex digits no other run shares. */
  unique: string;
}

export function runFiles(directory: string, naming: RunNaming): RunFiles {
  const stem = runStem(naming);
  const file = (suffix: string) => join(directory, `${stem}${suffix}`);
  return { stem, markdown: file('.md'), json: file('.json'), capture: file('.pcap'), connections: file('.connections.jsonl') };
}

/** A run about to start: named from the clock and fresh random digits. */
export const newRunNaming = (naming: Omit<RunNaming, 'at' | 'unique'>): RunNaming => ({ ...naming, at: new Date(), unique: randomBytes(2).toString('hex') });

/** A run that has run, named from its result: when it started, and the end of its run id. */
export function namingOf(result: RunResult): RunNaming {
  return {
    scenario: result.scenario,
    server: result.server?.profile ?? 'agent',
    settings: heldSettings(result.asShipped ? 'shipped' : (result.appliedConfig ?? result.config)), // results from before appliedConfig: what was asked
    at: new Date(result.startedAt),
    unique: result.runId.slice(-4),
  };
}

/** "1-3-10", "1-1-3-ut3000"; "shipped" for a server left as it ships. */
export function heldSettings(held: Pick<ConfigSummary, 'idle' | 'interval' | 'count' | 'userTimeout'> | 'shipped'): string {
  if (held === 'shipped') return held;
  return `${held.idle}-${held.interval}-${held.count}${held.userTimeout > 0 ? `-ut${held.userTimeout}` : ''}`;
}

function runStem({ scenario, server, settings, at, unique }: RunNaming): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${scenario}_${server}_${settings}_${stamp}_${unique}`;
}
