// Where one run's files go: directly in the report directory, every file of a run under one name that says what ran
// — scenario, server, the settings the kernel held, when (UTC, to the second) — and ends in random hex digits,
// so that no two runs, of one process or of several at once, ever overwrite each other.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigSummary, RunResult } from '../run/result.ts';

export interface RunFiles {
  /** The name every file of the run shares: pause-client_agent_1-3-10_20261204T204516Z_3f2a9c */
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
  /** Hex digits no other run in the directory shares: six for a run named before it starts, the run id's last four after. */
  unique: string;
}

export function runFiles(directory: string, naming: RunNaming): RunFiles {
  const stem = runStem(naming);
  const file = (suffix: string) => join(directory, `${stem}${suffix}`);
  return { stem, markdown: file('.md'), json: file('.json'), capture: file('.pcap'), connections: file('.connections.jsonl') };
}

/** The digits given out in this process: two runs of one batch never draw the same. */
const issued = new Set<string>();

/**
 * A run about to start in `directory`: named from the clock and six fresh random hex digits, drawn again if this
 * process gave them out before or a run's result already lies under that name (another process's, the same second).
 */
export function newRunFiles(directory: string, naming: Omit<RunNaming, 'at' | 'unique'>): RunFiles {
  const at = new Date();
  for (;;) {
    const unique = randomBytes(3).toString('hex');
    const files = runFiles(directory, { ...naming, at, unique });
    if (issued.has(unique) || existsSync(files.json)) continue;
    issued.add(unique);
    return files;
  }
}

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
