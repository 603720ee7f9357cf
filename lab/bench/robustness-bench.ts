// How robust the lab's verdicts are: every single-connection fault scenario, with the agent, Redis and PostgreSQL,
// over keepalive settings drawn at random from a seed, in batches of 1, 2 and 4 runs at once. The kernel follows
// its rules, so every FAIL here is the lab's own mistake until the wire proves otherwise; where the lab predicts
// the ending, how far it was off, with and without load. Plan → runs → tally → targets → report.
import { takenBy } from '../servers/settings-refusal.ts';
import { now, toMicroseconds } from '../clock.ts';
import { firstLine } from '../errors.ts';
import { type ConfigSummary, type RunResult, summarizeConfig } from '../run/result.ts';
import { type RunOptions, runScenario } from '../run-scenario.ts';
import type { Verdict } from '../verdict.ts';
import {
  type BenchSize,
  DEFAULT_LEVELS,
  DEFAULT_MINUTES,
  outOfScope,
  type PlannedRun,
  type Refusal,
  type RobustnessPlan,
  settingsText,
  SPACE,
} from './random-settings.ts';
import { type Summary, summarize } from '../model/stats.ts';

export const ROBUSTNESS_TARGETS = { runs: 300, medianAbsErrorMs: { concurrency: 1, ms: 5 }, p95AbsErrorMs: { concurrency: 4, ms: 25 } } as const;
/** What the bench reads of a run's result; the prediction's noise and agreement only where the result has them. */
export type RunLike = Pick<RunResult, 'verdict' | 'reason' | 'measuredMs' | 'durationMs'> & {
  timeline?: { atMs: number; source: string; event: string }[];
  errorVsPredictionMs?: number | null;
  predictedMs?: number | null;
  expected?: { earliestMs: number; latestMs: number };
  prediction?: object;
};

/** One run as the bench keeps it. */
export interface RobustRun {
  index: number;
  concurrency: number;
  scenario: string;
  server: string;
  settings: string;
  config: ConfigSummary;
  command: string;
  /** 'error': the run threw instead of reaching a verdict. */
  verdict: Verdict | 'error';
  reason: string;
  measuredMs: number | null;
  predictedMs: number | null;
  errorVsPredictionMs: number | null;
  noiseMs: number | null;
  agrees: boolean | null;
  /** How far apart the aborts of the timer chains that fit lay (the prediction names the likeliest). */
  spreadMs: number | null;
  /** Why a duration came out negative; null when none did. */
  negative: string | null;
  window: { earliestMs: number; latestMs: number } | null;
  wallMs: number;
  estimateMs: number;
}

export function robustRun(planned: PlannedRun, result: RunLike, wallMs: number): RobustRun {
  const prediction = (result.prediction ?? {}) as { noiseMs?: unknown; agrees?: unknown; spreadMs?: unknown };
  return {
    ...identity(planned),
    verdict: result.verdict,
    reason: result.reason,
    measuredMs: result.measuredMs,
    predictedMs: result.predictedMs ?? null,
    errorVsPredictionMs: result.errorVsPredictionMs ?? null,
    noiseMs: typeof prediction.noiseMs === 'number' ? prediction.noiseMs : null,
    agrees: typeof prediction.agrees === 'boolean' ? prediction.agrees : null,
    spreadMs: typeof prediction.spreadMs === 'number' ? prediction.spreadMs : null,
    negative: negativeDuration(result),
    window: result.expected ? { earliestMs: result.expected.earliestMs, latestMs: result.expected.latestMs } : null,
    wallMs: toMicroseconds(wallMs),
  };
}

export function erroredRun(planned: PlannedRun, reason: string, wallMs: number): RobustRun {
  return {
    ...identity(planned),
    verdict: 'error',
    reason,
    measuredMs: null,
    predictedMs: null,
    errorVsPredictionMs: null,
    noiseMs: null,
    agrees: null,
    spreadMs: null,
    negative: null,
    window: null,
    wallMs: toMicroseconds(wallMs),
  };
}

const identity = (planned: PlannedRun) => ({
  index: planned.index,
  concurrency: planned.concurrency,
  scenario: planned.scenario.name,
  server: planned.server.profile.name,
  settings: settingsText(planned.drawn),
  config: summarizeConfig(planned.config),
  command: planned.command,
  estimateMs: planned.estimateMs,
});

/** The timeline's events that end a connection: the wire's, the counters', an application's. */
const ENDINGS = new Set(['rst', 'fin', 'timeout abort', 'error', 'end', 'close', 'released']);

/** A duration that cannot be: the run's own negative, or an ending before the fault's injection began (times count from then). */
export function negativeDuration(result: RunLike): string | null {
  if (result.durationMs < 0) return `the run lasted ${result.durationMs} ms`;
  if (result.measuredMs !== null && result.measuredMs < 0) return `measured ${result.measuredMs} ms from the fault, before its injection began`;
  const early = result.timeline?.find((entry) => ENDINGS.has(entry.event) && entry.atMs < 0);
  return early ? `the ${early.source}'s ${early.event} at ${early.atMs} ms, before the fault's injection began` : null;
}

/** Runs the plan, a batch per concurrency level, and tallies it. */
export async function robustnessBench(plan: RobustnessPlan, progress: (line: string) => void): Promise<RobustnessReport> {
  const runs: RobustRun[] = [];
  let environment: RunResult['environment'] | undefined;
  for (const level of plan.levels) {
    const batch = plan.runs.filter((run) => run.concurrency === level);
    progress(`batch: ${batch.length} runs, ${level} at a time`);
    await inPool(batch, level, async (planned) => {
      const done = await runPlanned(planned, progress);
      runs.push(done.run);
      environment ??= done.environment;
      progress(progressLine(done.run, plan.runs.length));
    });
  }
  return {
    ...tallyRobustness(
      plan,
      runs.sort((a, b) => a.index - b.index),
    ),
    ...(environment ? { environment } : {}),
  };
}

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function runPlanned(planned: PlannedRun, progress: (line: string) => void): Promise<{ run: RobustRun; environment?: RunResult['environment'] }> {
  const options: RunOptions & { strict?: boolean } = {
    config: takenBy(planned.server.profile, planned.config),
    server: planned.server.profile,
    serverDefaults: false,
    strict: false,
    command: planned.command,
    progress: (line) => progress(`  #${planned.index} ${line}`),
  };
  const started = now();
  try {
    const result = await runScenario(planned.scenario, options);
    return { run: robustRun(planned, result, now() - started), environment: result.environment };
  } catch (error) {
    return { run: erroredRun(planned, firstLine(error), now() - started) };
  }
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(3)} s`);
const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(3)}`;

/** One line per run: what ran, the verdict, measured against predicted (or the window), the wall time against its estimate. */
export function progressLine(run: RobustRun, total: number): string {
  const against =
    run.predictedMs !== null
      ? `measured ${seconds(run.measuredMs)} vs predicted ${seconds(run.predictedMs)}${run.errorVsPredictionMs === null ? '' : ` (${signed(run.errorVsPredictionMs)} ms)`}${run.spreadMs ? `, the fitting chains ${run.spreadMs} ms apart` : ''}${run.noiseMs === null ? '' : `, noise ${run.noiseMs} ms`}${run.agrees === false ? ', the model disagrees' : ''}`
      : `measured ${seconds(run.measuredMs)}, no prediction${run.window ? ` (window ${seconds(run.window.earliestMs)} – ${seconds(run.window.latestMs)})` : ''}`;
  const why = run.verdict === 'pass' ? '' : ` — ${run.reason}`;
  return `run ${run.index}/${total} [concurrency ${run.concurrency}] ${run.scenario} · ${run.server} · ${run.settings}: ${run.verdict.toUpperCase()}, ${against}; wall ${(run.wallMs / 1000).toFixed(0)} s (estimated ${(run.estimateMs / 1000).toFixed(0)} s)${why}`;
}

export interface Tally {
  runs: number;
  passed: number;
  /** Every FAIL: the kernel follows its rules, so a FAIL is the lab's own mistake until the wire proves otherwise. */
  falseFails: number;
  skipped: number;
  invalid: number;
  /** Runs that threw instead of reaching a verdict. */
  errors: number;
  negativeDurations: number;
}

export function tally(runs: RobustRun[]): Tally {
  const count = (verdict: RobustRun['verdict']) => runs.filter((run) => run.verdict === verdict).length;
  return {
    runs: runs.length,
    passed: count('pass'),
    falseFails: count('fail'),
    skipped: count('skipped'),
    invalid: count('invalid'),
    errors: count('error'),
    negativeDurations: runs.filter((run) => run.negative !== null).length,
  };
}

/** Per concurrency level: the verdicts, and |measured − predicted| and the prediction's noise where the runs predicted. */
export interface LevelSummary extends Tally {
  concurrency: number;
  /** Runs with a prediction and a measured ending to hold against it. */
  predicted: number;
  absErrorMs: Summary | null;
  noiseMs: Summary | null;
  /** Runs whose prediction did not agree with the ending (the prediction's `agrees` false). */
  disagreements: number;
}

export function levelSummary(concurrency: number, runs: RobustRun[]): LevelSummary {
  const errors = runs.map((run) => run.errorVsPredictionMs).filter((error): error is number => error !== null);
  return {
    concurrency,
    ...tally(runs),
    predicted: errors.length,
    absErrorMs: summarize(errors.map((error) => toMicroseconds(Math.abs(error)))),
    noiseMs: summarize(runs.map((run) => run.noiseMs).filter((noise): noise is number => noise !== null)),
    disagreements: runs.filter((run) => run.agrees === false).length,
  };
}

/** Per scenario, server and settings: the verdicts. */
export interface ScenarioRow extends Tally {
  scenario: string;
  server: string;
  settings: string;
}

export function scenarioRows(runs: RobustRun[]): ScenarioRow[] {
  const groups = new Map<string, RobustRun[]>();
  for (const run of runs) {
    const key = [run.scenario, run.server, run.settings].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()]
    .map((group) => ({ scenario: group[0]!.scenario, server: group[0]!.server, settings: group[0]!.settings, ...tally(group) }))
    .sort((a, b) => a.scenario.localeCompare(b.scenario) || a.server.localeCompare(b.server) || a.settings.localeCompare(b.settings, 'en', { numeric: true }));
}

export interface Problem {
  kind: 'false FAIL' | 'invalid' | 'negative duration' | 'error';
  run: number;
  scenario: string;
  server: string;
  settings: string;
  config: ConfigSummary;
  concurrency: number;
  seed: number;
  reason: string;
  /** The command that runs it again, alone. */
  command: string;
}

export function problemsOf(runs: RobustRun[], seed: number): Problem[] {
  const problem = (kind: Problem['kind'], run: RobustRun, reason: string): Problem => ({
    kind,
    run: run.index,
    scenario: run.scenario,
    server: run.server,
    settings: run.settings,
    config: run.config,
    concurrency: run.concurrency,
    seed,
    reason,
    command: run.command,
  });
  const KINDS = { fail: 'false FAIL', invalid: 'invalid', error: 'error' } as const;
  return runs.flatMap((run) => [
    ...(run.verdict in KINDS ? [problem(KINDS[run.verdict as keyof typeof KINDS], run, run.reason)] : []),
    ...(run.negative === null ? [] : [problem('negative duration', run, run.negative)]),
  ]);
}

export interface TargetCheck {
  target: string;
  measured: string;
  status: 'met' | 'missed' | 'not checked';
  /** Why it was not checked. */
  note?: string;
}

/** The targets: no false FAIL, no negative duration, every run a verdict, enough runs, |measured − predicted| at 1 and at 4 at once. */
export function checkTargets(total: Tally, levels: LevelSummary[], size: BenchSize): TargetCheck[] {
  const none = (target: string, value: number): TargetCheck => ({ target, measured: String(value), status: value === 0 ? 'met' : 'missed' });
  return [
    none('0 false FAILs', total.falseFails),
    none('0 negative durations', total.negativeDurations),
    none('every run reaches a verdict (0 errors)', total.errors),
    runsTarget(total.runs, size),
    errorTarget('median', ROBUSTNESS_TARGETS.medianAbsErrorMs, levels),
    errorTarget('p95', ROBUSTNESS_TARGETS.p95AbsErrorMs, levels),
  ];
}

/** At least 300 runs, where the size asked for that many: the default budget (or more), or --runs 300 or more. */
function runsTarget(runs: number, size: BenchSize): TargetCheck {
  const target = `at least ${ROBUSTNESS_TARGETS.runs} runs`;
  const asked = 'runs' in size ? size.runs >= ROBUSTNESS_TARGETS.runs : size.minutes >= DEFAULT_MINUTES;
  if (!asked)
    return {
      target,
      measured: String(runs),
      status: 'not checked',
      note: `not enough runs for the target: ${'runs' in size ? `--runs ${size.runs}` : `--minutes ${size.minutes}`} asked for fewer`,
    };
  return { target, measured: String(runs), status: runs >= ROBUSTNESS_TARGETS.runs ? 'met' : 'missed' };
}

function errorTarget(statistic: 'median' | 'p95', bound: { concurrency: number; ms: number }, levels: LevelSummary[]): TargetCheck {
  const target = `${statistic} |measured − predicted| ≤ ${bound.ms} ms at concurrency ${bound.concurrency}`;
  const level = levels.find((summary) => summary.concurrency === bound.concurrency);
  if (!level) return { target, measured: '—', status: 'not checked', note: `no batch ran ${bound.concurrency} at a time` };
  if (!level.absErrorMs)
    return { target, measured: '—', status: 'not checked', note: `no run at concurrency ${bound.concurrency} had a prediction to hold its ending against` };
  const value = level.absErrorMs[statistic];
  return { target, measured: `${value.toFixed(3)} ms (${level.predicted} runs)`, status: value <= bound.ms ? 'met' : 'missed' };
}

export interface RobustnessReport extends Tally {
  seed: number;
  levels: number[];
  size: BenchSize;
  outOfScope: string[];
  /** Draws the CLI refused (not run), with why. */
  refused: Refusal[];
  concurrency: LevelSummary[];
  scenarios: ScenarioRow[];
  problems: Problem[];
  targets: TargetCheck[];
  /** The targets missed, in words; empty when all checked were met. */
  missed: string[];
  environment?: RunResult['environment'];
}

export function tallyRobustness(plan: Pick<RobustnessPlan, 'seed' | 'levels' | 'size' | 'refused'>, runs: RobustRun[]): RobustnessReport {
  const total = tally(runs);
  const levels = plan.levels.map((level) =>
    levelSummary(
      level,
      runs.filter((run) => run.concurrency === level),
    ),
  );
  const targets = checkTargets(total, levels, plan.size);
  return {
    seed: plan.seed,
    levels: plan.levels,
    size: plan.size,
    ...total,
    outOfScope: outOfScope(),
    refused: plan.refused,
    concurrency: levels,
    scenarios: scenarioRows(runs),
    problems: problemsOf(runs, plan.seed),
    targets,
    missed: targets.filter((check) => check.status === 'missed').map((check) => `${check.target}: ${check.measured}`),
  };
}

const cells = (summary: Summary | null, decimals: number) =>
  (summary ? [summary.median, summary.p95, summary.max].map((value) => value.toFixed(decimals)) : ['—', '—', '—']).join(' | ');
const counts = (t: Tally) => [t.runs, t.passed, t.falseFails, t.skipped, t.invalid, t.errors].join(' | ');

export function renderRobustnessMarkdown(report: RobustnessReport): string {
  return [
    '# Robustness benchmark',
    '',
    headerText(report),
    '',
    ...report.outOfScope.map((line) => `Out of scope: ${line}.`),
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...report.targets.map(
      (check) =>
        `| ${check.target.replaceAll('|', '\\|')} | ${check.measured} | ${check.status === 'not checked' ? `not checked: ${check.note}` : check.status} |`,
    ),
    '',
    '## By concurrency',
    '',
    '| at once | runs | pass | fail | skipped | invalid | errors | negative durations | predicted | \\|measured − predicted\\| ms: median | p95 | max | noise ms: median | p95 | max | the model disagrees |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.concurrency.map(
      (level) =>
        `| ${level.concurrency} | ${counts(level)} | ${level.negativeDurations} | ${level.predicted} | ${cells(level.absErrorMs, 3)} | ${cells(level.noiseMs, 3)} | ${level.disagreements} |`,
    ),
    '',
    '## By scenario, server and settings',
    '',
    '| scenario | server | settings (idle/interval/count) | runs | pass | fail | skipped | invalid | errors |',
    '|---|---|---|---|---|---|---|---|---|',
    ...report.scenarios.map((row) => `| ${row.scenario} | ${row.server} | ${row.settings} | ${counts(row)} |`),
    '',
    '## Problems',
    '',
    ...(report.problems.length === 0 ? ['None.'] : report.problems.map(problemText)),
    '',
    ...refusedText(report.refused),
    environmentText(report.environment),
    '',
  ].join('\n');
}

/** The seed and how to replay it, what was drawn, and whether the targets were met. */
function headerText(report: RobustnessReport): string {
  const sizeFlag = 'runs' in report.size ? ` --runs ${report.size.runs}` : report.size.minutes === DEFAULT_MINUTES ? '' : ` --minutes ${report.size.minutes}`;
  const levelsFlag = report.levels.join(',') === DEFAULT_LEVELS.join(',') ? '' : ` --concurrency ${report.levels.join(',')}`;
  const { idleS, intervalS, count, userTimeoutMs } = SPACE;
  return [
    `Seed ${report.seed}: \`npm run bench -- robustness --seed ${report.seed}${sizeFlag}${levelsFlag}\` replays this plan.`,
    `${report.runs} runs of the single-connection fault scenarios with the agent, Redis (it takes idle alone) and PostgreSQL, over keepalive settings drawn at random —`,
    `idle ${idleS.min}–${idleS.max} s, interval ${intervalS.min}–${intervalS.max} s, count ${count.min}–${count.max}, and in about one draw in ${Math.round(1 / SPACE.userTimeoutShare)} a TCP user timeout of ${userTimeoutMs.min / 1000}–${userTimeoutMs.max / 1000} s (for the agent, or where the scenario sets one) —`,
    `in batches of ${report.levels.join(', ')} at a time. Every FAIL counts as a false FAIL: the kernel follows its rules, so a FAIL here is the lab's own mistake until the wire proves otherwise.`,
    `Targets: ${report.missed.length === 0 ? 'every one checked was met' : `missed — ${report.missed.join('; ')}`}.`,
  ].join(' ');
}

function problemText(problem: Problem): string {
  return `- **${problem.kind}** — run ${problem.run}: ${problem.scenario} with ${problem.server}, settings ${problem.settings}, ${problem.concurrency} at a time, seed ${problem.seed}: ${problem.reason}. Reproduce: \`${problem.command}\``;
}

function refusedText(refused: Refusal[]): string[] {
  if (refused.length === 0) return [];
  const reasons = new Map<string, number>();
  for (const refusal of refused) {
    const reason = `${refusal.scenario} with ${refusal.server}: ${refusal.reason}`;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return [`Draws the CLI refuses, not run (${refused.length}):`, '', ...[...reasons].map(([reason, times]) => `- ${times}× ${reason}`), ''];
}

function environmentText(env: RunResult['environment'] | undefined): string {
  return env
    ? `Environment: kernel ${env.kernel} (HZ ${env.hz ?? 'unknown'}), Docker ${env.docker}, cgroup v${env.cgroupVersion}, agent Node ${env.agentNode} / libuv ${env.agentLibuv}.`
    : '';
}
