// Many runs at once, each on its own network, a few at a time: the engine of `run --all` and `run --matrix`.
import { firstLine } from '../errors.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { MiddleboxChoice } from '../middlebox/plan.ts';
import { kindOfResult } from '../kinds.ts';
import { seconds } from '../format/format.ts';
import type { RunFiles } from '../report/run-files.ts';
import { writeRunIndex } from '../report/run-index.ts';
import { writeReport } from '../report/write-report.ts';
import { takenBy } from '../servers/settings-refusal.ts';
import type { RunResult } from '../run/result.ts';
import { type ObserveMode, runScenario } from '../run-scenario.ts';
import type { Scenario } from '../scenario.ts';
import { EXIT } from '../exit-codes.ts';
import { progressPrinter } from './progress.ts';
import { reproduceCommand } from '../flags/run-flags.ts';
import type { ServerChoice } from '../flags/server-flags.ts';
import type { IpVersion } from '../runtime/network.ts';

const AT_ONCE = 4; // each run is 4 containers; more on a small machine delays the agents' events

export interface Plan {
  /** How the run is named in progress lines and the summary: a scenario, or a combination of settings. */
  label: string;
  scenario: Scenario;
  config: KeepaliveConfig;
  capture: boolean;
  captureFile?: string;
  observe: ObserveMode;
  server: ServerChoice;
  ipVersion: IpVersion;
  /** Where to write the run's own report, if anywhere, and its files' names there. */
  reportDir?: string;
  files?: RunFiles;
  /** For a middlebox scenario: its router and request other than the scenario's. */
  middlebox?: MiddleboxChoice;
  /** Fail also on a disagreement with the prediction beyond the run's noise. */
  strict?: boolean;
}

export interface Row {
  label: string;
  result?: RunResult;
  error?: string;
}

/** Runs the plans, at most AT_ONCE at a time; rows come back in the plans' order. */
export async function runPlans(plans: Plan[]): Promise<Row[]> {
  const rows: Row[] = new Array(plans.length);
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const index = next++;
      const plan = plans[index]!;
      const progress = progressPrinter(`${plan.label}: `);
      try {
        const result = await runScenario(plan.scenario, {
          config: takenBy(plan.server.profile, plan.config),
          progress,
          command: reproduceCommand(plan.scenario, plan.config, {
            observe: plan.observe,
            server: plan.server,
            ipVersion: plan.ipVersion,
            middlebox: plan.middlebox,
            strict: plan.strict,
          }),
          capture: plan.capture,
          captureFile: plan.captureFile,
          observe: plan.observe,
          server: plan.server.profile,
          serverDefaults: plan.server.serverDefaults,
          ...(plan.server.serverDefaults ? { watchMs: plan.server.watchMs } : {}),
          ipVersion: plan.ipVersion,
          middlebox: plan.middlebox,
          strict: plan.strict,
          ...(plan.scenario.crowd && plan.files ? { connectionsFile: plan.files.connections } : {}),
        });
        if (plan.reportDir) await writeReport(result, plan.reportDir, { files: plan.files, index: false }); // the index once, at the end
        rows[index] = { label: plan.label, result };
      } catch (error) {
        progress(`error: ${firstLine(error)}`);
        rows[index] = { label: plan.label, error: firstLine(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, plans.length) }, worker));
  for (const directory of new Set(plans.flatMap((plan) => (plan.reportDir ? [plan.reportDir] : [])))) await writeRunIndex(directory);
  return rows;
}

/** 2 if a run could not start, 1 if one failed, 4 if one is invalid, 0 otherwise (skipped runs do not fail a batch). */
export function exitCodeOfRows(rows: Row[]): number {
  if (rows.some((row) => row.error)) return EXIT.usage;
  if (rows.some((row) => row.result?.verdict === 'fail')) return EXIT.fail;
  return rows.some((row) => row.result?.verdict === 'invalid') ? EXIT.invalid : EXIT.pass;
}

/** One aligned line per run, then the count of each verdict. */
export function renderSummary(rows: Row[], labelTitle = 'scenario'): string {
  const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : seconds(ms));
  const lines = rows.map((row) => {
    const r = row.result;
    if (!r) return [row.label, 'ERROR', row.error ?? '', '', '', ''];
    const window = r.verdict === 'skipped' ? '' : `${s(r.expected.earliestMs)} … ${s(r.expected.latestMs)}`;
    return [
      row.label,
      r.verdict.toUpperCase(),
      r.outcome,
      s(r.measuredMs),
      window,
      r.verdict === 'skipped' || r.verdict === 'invalid' ? r.reason : r.mechanism,
    ];
  });
  const from = [...new Set(rows.map((row) => (row.result ? kindOfResult(row.result).report.timesFrom : 'the fault')))].join(' or ');
  const header = [labelTitle, 'verdict', 'outcome', 'measured', `window (from ${from})`, 'mechanism'];
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (line: string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const count = (verdict: string) => rows.filter((row) => row.result?.verdict === verdict).length;
  const errors = rows.filter((row) => row.error).length;
  const invalid = count('invalid');
  return [
    format(header),
    ...lines.map(format),
    '',
    `${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped${invalid ? `, ${invalid} invalid` : ''}${errors ? `, ${errors} could not run` : ''}`,
    '',
  ].join('\n');
}
