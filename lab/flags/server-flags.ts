// --server, --server-defaults and --watch: which server takes the agent's place, and the flags that go with it.
// Only flags the user typed are refused when the server cannot take them; a scenario's own defaults are mapped
// through the server's profile instead.
import { UsageError } from '../errors.ts';
import { DEFAULT_WATCH_MS } from '../run/run-options.ts';
import { serverProblem } from '../single/single-kind.ts';
import type { Scenario } from '../scenario.ts';
import { findServer } from '../servers/index.ts';
import type { ServerProfile, Setting } from '../servers/server-profile.ts';
import { settingsRefusal } from '../servers/settings-refusal.ts';

export interface ServerFlags {
  server?: string;
  serverDefaults?: boolean;
  watch?: string;
  idle?: string;
  interval?: string;
  count?: string;
  userTimeout?: string;
  setOn?: string;
  capture: boolean;
}

export interface ServerChoice {
  profile: ServerProfile;
  /** What the user typed after --server ('agent' by default), for the command that reproduces the run. */
  given: string;
  serverDefaults: boolean;
  watchMs: number;
}

/** The settings' flags, by the name a profile's `takes` gives them. */
const TYPED: readonly [keyof ServerFlags, Setting][] = [
  ['idle', 'idle'],
  ['interval', 'interval'],
  ['count', 'count'],
  ['userTimeout', 'user-timeout'],
];

/** The server and its flags, checked against each other and against the scenarios it will run (before anything starts). */
export async function serverFromFlags(flags: ServerFlags, scenarios: readonly Scenario[]): Promise<ServerChoice> {
  const given = flags.server ?? 'agent';
  const profile = await findServer(given);
  const typed = TYPED.filter(([flag]) => flags[flag] !== undefined);
  if (flags.watch !== undefined && !flags.serverDefaults)
    throw new UsageError('--watch goes with --server-defaults: it is how long a server left as it ships is watched');
  const watchS = flags.watch === undefined ? DEFAULT_WATCH_MS / 1000 : Number(flags.watch);
  if (!Number.isInteger(watchS) || watchS < 1) throw new UsageError(`--watch must be a whole number of seconds, at least 1 (got '${flags.watch}')`);
  const refused = settingsRefusal(profile, {
    settings: typed.map(([, setting]) => setting),
    setOn: flags.setOn !== undefined,
    serverDefaults: Boolean(flags.serverDefaults),
  });
  if (refused) throw new UsageError(refused);
  for (const scenario of scenarios) {
    const problem = serverProblem(scenario, profile, { capture: flags.capture });
    if (problem) throw new UsageError(problem);
  }
  return { profile, given, serverDefaults: Boolean(flags.serverDefaults), watchMs: watchS * 1000 };
}

/** The --server flags that reproduce a choice ('' for the agent with its settings). */
export function serverFlagsText(choice: ServerChoice | undefined): string {
  if (!choice) return '';
  const server = choice.profile.agent ? '' : ` --server ${choice.given}`;
  const defaults = choice.serverDefaults ? ` --server-defaults${choice.watchMs === DEFAULT_WATCH_MS ? '' : ` --watch ${choice.watchMs / 1000}`}` : '';
  return `${server}${defaults}`;
}
