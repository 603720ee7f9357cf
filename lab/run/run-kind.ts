// A run kind — one connection struck by a fault, a crowd of them, a connection behind a middlebox — as a plugin:
// which scenarios it runs, what of a run's options it cannot take (refused in the CLI's one-line words, so the library
// is as strict as the command line), how it runs inside the shared lifecycle (lab-run.ts), and how its results read
// in a report and a summary. The registry (lab/kinds.ts) lists them; a new kind is a folder and one line there.
import type { ClientProfile } from '../clients/client-profile.ts';
import type { Scenario } from '../scenario.ts';
import { givenIn, settingsRefusal } from '../servers/settings-refusal.ts';
import type { RunResult } from './result.ts';
import type { RunOptions } from './run-options.ts';

export interface RunKind {
  /** The `kind` its results carry. */
  name: string;
  /** Whether this kind runs the scenario (the first kind in the registry that does runs it). */
  runs(scenario: Scenario): boolean;
  /** What of the options this kind cannot take, in one line that says how to fix it; null when it takes them all. */
  refuses(scenario: Scenario, options: RunOptions): string | null;
  /** Runs it (importing its pipeline only then: a report or `--help` loads no engine client). */
  run(scenario: Scenario, options: RunOptions): Promise<RunResult>;
  /** Why a result's own times cannot be, beyond the clock and the duration every run is checked for; null when they can. */
  impossibleTimes(result: RunResult): string | null;
  report: KindReport;
}

/** How a kind's results read: in their report, in one sentence, as a picture and as a summary's row. */
export interface KindReport {
  /** What happened, in one sentence without its capital or full stop, for a run that ran. */
  describe(result: RunResult): string;
  /** The report's body between the finding and the server's log: what sets the kind's runs apart. */
  sections(result: RunResult): string[];
  /** The run as a Mermaid picture (fenced lines), for summaries; a run that ran. */
  picture(result: RunResult): string[];
  cells: RunCells;
  /** What its times count from ("the fault", "the request"); a summary of such runs says so, with `note`. */
  timesFrom: string;
  note?: string;
}

/** A summary row's cells, in a few words. */
export interface RunCells {
  fault(result: RunResult): string;
  settings(result: RunResult): string;
  expected(result: RunResult): string;
  measured(result: RunResult): string;
}

/** The options set (a `false` is not) that only another kind takes, named as their flags; the sentence for a kind that refuses them. */
export function othersOptions(options: RunOptions, names: Readonly<Partial<Record<keyof RunOptions, string>>>): string[] {
  const given = (name: keyof RunOptions) => options[name] !== undefined && options[name] !== false;
  return (Object.keys(names) as (keyof RunOptions)[]).filter(given).map((name) => names[name]!);
}

/** The router's options, which a scenario without one refuses. */
export function routerOptions(scenario: Scenario, options: RunOptions): string | null {
  const given = othersOptions(options, { middlebox: '--nat-timeout, --nat-mode, --proxy-timeout, --keepalive-on and --request-after' });
  return given.length > 0
    ? `${given.join(', ')} apply to the middlebox scenarios (nat-keepalive-holds, nat-forgets-idle, proxy-closes-idle): ${scenario.name} has no router or proxy`
    : null;
}

/** What an application's client behind a middlebox (a router, a proxy) cannot take: its requests are spaced by the silence, its server is a real one. */
export function clientBehindRefusal(options: RunOptions, client: ClientProfile): string | null {
  if (options.requestEveryMs !== undefined) return "spaces the application's requests by the silence: give --request-after, not --request-every";
  if (options.server?.agent) return `with --client speaks to a real server, not the lab's agent: give --server ${client.server}, or drop --server`;
  return settingsRefusal(client, givenIn(options.config, false));
}
