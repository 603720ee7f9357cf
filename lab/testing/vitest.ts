// For a user's own vitest tests (keepalive-lab/vitest; vitest is an optional peer dependency): run a scenario with
// its report written, and assertions that read as the intent — "detected by keepalive within N ms", "still alive
// after N ms" — failing with the run's one-sentence description and the path of its report.
import { assert } from 'vitest';
import type { Mechanism } from '../mechanism.ts';
import { seconds } from '../format/format.ts';
import { describeRun } from '../report/run-sentence.ts';
import { writeReport } from '../report/write-report.ts';
import type { RunResult } from '../run/result.ts';
import { type RunOptions, runScenario } from '../run-scenario.ts';
import type { Scenario } from '../scenario.ts';

/** A run with the path of its Markdown report (its JSON lies beside it). */
export interface ReportedRun extends RunResult {
  report: string;
}

/** Runs a scenario and writes its report to `reportDir` (reports/ unless given): what a failing assertion points to. */
export async function runAndReport(scenario: Scenario, options: RunOptions = {}, reportDir = 'reports'): Promise<ReportedRun> {
  const result = await runScenario(scenario, options);
  const { markdown } = await writeReport(result, reportDir);
  return { ...result, report: markdown };
}

/**
 * The observer found the dead peer within `ms` of the fault (of its injection's start), by `by` (keepalive unless
 * said), and the lab's verdict passed. The verdict holds the ending to the kernel's rules for the settings, not to
 * the lab's jiffy prediction (unless the run was strict), so a few ms of scheduling on a shared machine never fail it.
 */
export function expectDetectedWithin(run: RunResult & { report?: string }, ms: number, { by = 'keepalive' }: { by?: Mechanism } = {}): void {
  const problems = [
    ...(run.verdict === 'pass' ? [] : [`the lab's verdict was ${run.verdict.toUpperCase()}: ${run.reason}`]),
    ...(run.measuredMs === null ? ['nothing ended the connection'] : run.measuredMs > ms ? [`it took ${seconds(run.measuredMs)}`] : []),
    ...(run.measuredMs !== null && run.mechanism !== by ? [`it ended by ${run.mechanism}`] : []),
  ];
  check(run, `detected by ${by} within ${seconds(ms)} of the fault`, problems);
}

/** The observer's connection was still up `ms` after the fault, and the lab's verdict passed. */
export function expectStillAliveAfter(run: RunResult & { report?: string }, ms: number): void {
  const problems = [
    ...(run.verdict === 'pass' ? [] : [`the lab's verdict was ${run.verdict.toUpperCase()}: ${run.reason}`]),
    ...(run.outcome !== 'alive'
      ? [`it ended: ${run.outcome} ${seconds(run.measuredMs ?? 0)} after the fault`]
      : run.observedForMs < ms
        ? [`it was watched only ${seconds(run.observedForMs)}`]
        : []),
  ];
  check(run, `still alive ${seconds(ms)} after the fault`, problems);
}

/** An application's client (--client) answered again within `ms` of the fault, after the lab healed it. */
export function expectRecoveredWithin(run: RunResult & { report?: string }, ms: number): void {
  const app = run.application;
  const problems = !app
    ? ['the run had no application (give it a --client)']
    : app.recoveredMs === null
      ? [app.healedAtMs === null ? 'the fault was never healed' : `no answer came after the heal at ${seconds(app.healedAtMs)}`]
      : app.recoveredMs > ms
        ? [`its first answer after the heal came ${seconds(app.recoveredMs)} after the fault`]
        : [];
  check(run, `the application answering again within ${seconds(ms)} of the fault`, problems);
}

/** No request of an application's client (--client) sent after the fault waited longer than `ms` for its answer. */
export function expectNoRequestHangsLongerThan(run: RunResult & { report?: string }, ms: number): void {
  const app = run.application;
  const waited = app?.hungMs ?? null;
  const problems = !app
    ? ['the run had no application (give it a --client)']
    : waited !== null && waited > ms
      ? [`a request waited ${seconds(waited)} (${app.requests.hung} of ${app.requests.sent} hung)`]
      : [];
  check(run, `no request hanging longer than ${seconds(ms)}`, problems);
}

function check(run: RunResult & { report?: string }, expected: string, problems: string[]): void {
  if (problems.length === 0) return;
  assert.fail(`${run.scenario}: expected ${expected}, but ${problems.join('; ')}. ${describeRun(run)}${run.report ? ` Report: ${run.report}` : ''}`);
}
