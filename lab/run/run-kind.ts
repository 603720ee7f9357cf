// A run kind — one connection struck by a fault, a crowd of them, a connection behind a middlebox — as a plugin:
// which scenarios it runs, what of a run's options it cannot take (refused in the CLI's one-line words, so the library
// is as strict as the command line), and how it runs inside the shared lifecycle (runtime/lab-run.ts). The dispatcher
// (run-scenario.ts) holds the registry; a new kind is a folder and one line there.
import type { Scenario } from '../scenario.ts';
import type { RunKindName, RunResult } from './result.ts';
import type { RunOptions } from './run-options.ts';

export interface RunKind {
  name: RunKindName;
  /** Whether this kind runs the scenario (the first kind in the registry that does runs it). */
  runs(scenario: Scenario): boolean;
  /** What of the options this kind cannot take, in one line that says how to fix it; null when it takes them all. */
  refuses(scenario: Scenario, options: RunOptions): string | null;
  run(scenario: Scenario, options: RunOptions): Promise<RunResult>;
}

/** The options set (a `false` is not) that only another kind takes, named as their flags; the sentence for a kind that refuses them. */
export function othersOptions(options: RunOptions, names: Readonly<Partial<Record<keyof RunOptions, string>>>): string[] {
  const given = (name: keyof RunOptions) => options[name] !== undefined && options[name] !== false;
  return (Object.keys(names) as (keyof RunOptions)[]).filter(given).map((name) => names[name]!);
}

/** The router's options, which a scenario without one refuses. */
export function routerOptions(scenario: Scenario, options: RunOptions): string | null {
  const given = othersOptions(options, { middlebox: '--nat-timeout, --nat-mode, --keepalive-on and --request-after' });
  return given.length > 0
    ? `${given.join(', ')} apply to the middlebox scenarios (nat-keepalive-holds, nat-forgets-idle): ${scenario.name} has no router`
    : null;
}
