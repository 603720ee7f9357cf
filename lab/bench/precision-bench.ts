// How precisely the lab predicts and measures: pause-client runs for each keepalive setting, several at once, and
// per setting how far the measured abort lay from the prediction stated at the fault, how wide the verdict's
// window was, and against today's nominal model; over all runs, the lab's own event latency and overhead.
import { now, toMicroseconds } from '../clock.ts';
import { type Settings, settingsName } from './precision-settings.ts';
import type { RunResult } from '../run/result.ts';
import { runScenario } from '../run-scenario.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { type Summary, summarize } from '../model/stats.ts';

/** idle/interval/count as the bench takes them: "1/3/10". */

/** The targets: |measured − predicted| by median and at most, and the widest window the verdict may use. */
export const TARGETS = { medianAbsErrorMs: 5, maxAbsErrorMs: 25, maxWindowMs: 100 } as const;

export interface PrecisionRun {
  settings: string;
  verdict: RunResult['verdict'];
  insideWindow: boolean;
  errorVsPredictionMs: number | null;
  windowMs: number;
  errorVsModelMs: number | null;
  eventLatencyMs: number | null;
  /** Wall time of the run minus the time it waited on the kernel (idle until the first probe, fault → error). */
  overheadMs: number;
}

export interface SettingsPrecision {
  settings: string;
  runs: number;
  passed: number;
  insideWindow: number;
  /** Runs that made no prediction (they fell back to the model's bounds). */
  unpredicted: number;
  absErrorVsPredictionMs: Summary | null;
  errorVsPredictionMs: Summary | null;
  windowMs: Summary | null;
  errorVsModelMs: Summary | null;
  /** Which targets this setting missed, in words; empty when it met them all. */
  missed: string[];
}

export interface PrecisionReport {
  runs: number;
  concurrency: number;
  settings: SettingsPrecision[];
  eventLatencyMs: Summary | null;
  overheadMs: Summary | null;
  environment?: RunResult['environment'];
}

export async function precisionBench(settings: Settings[], repeat: number, concurrency: number, progress: (line: string) => void): Promise<PrecisionReport> {
  const scenario = SCENARIOS.get('pause-client')!;
  const queue = settings.flatMap((s) => Array.from({ length: repeat }, () => s));
  const runs: PrecisionRun[] = [];
  let environment: RunResult['environment'] | undefined;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const index = next;
      next += 1;
      const started = now();
      const result = await runScenario(scenario, { config: queue[index]!, strict: true });
      const run = measure(result, now() - started);
      runs.push(run);
      environment ??= result.environment;
      progress(
        `run ${index + 1}/${queue.length} (${run.settings}): ${result.verdict}, measured − predicted ${fmt(run.errorVsPredictionMs, 3)} ms, window ${fmt(run.windowMs, 1)} ms`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  const values = (of: PrecisionRun[], pick: (run: PrecisionRun) => number | null) => of.map(pick).filter((value): value is number => value !== null);
  return {
    runs: runs.length,
    concurrency,
    settings: settings.map((s) =>
      summarizeSettings(
        settingsName(s),
        runs.filter((run) => run.settings === settingsName(s)),
      ),
    ),
    eventLatencyMs: summarize(values(runs, (run) => run.eventLatencyMs)),
    overheadMs: summarize(values(runs, (run) => run.overheadMs)),
    environment,
  };
}

export function summarizeSettings(settings: string, runs: PrecisionRun[]): SettingsPrecision {
  const values = (pick: (run: PrecisionRun) => number | null) => runs.map(pick).filter((value): value is number => value !== null);
  const absError = summarize(values((run) => (run.errorVsPredictionMs === null ? null : Math.abs(run.errorVsPredictionMs))));
  const windowMs = summarize(runs.map((run) => run.windowMs));
  const summary = {
    settings,
    runs: runs.length,
    passed: runs.filter((run) => run.verdict === 'pass').length,
    insideWindow: runs.filter((run) => run.insideWindow).length,
    unpredicted: runs.filter((run) => run.errorVsPredictionMs === null).length,
    absErrorVsPredictionMs: absError,
    errorVsPredictionMs: summarize(values((run) => run.errorVsPredictionMs)),
    windowMs,
    errorVsModelMs: summarize(values((run) => run.errorVsModelMs)),
  };
  return { ...summary, missed: missedTargets(summary) };
}

function missedTargets(s: Omit<SettingsPrecision, 'missed'>): string[] {
  return [
    ...(s.insideWindow < s.runs ? [`${s.runs - s.insideWindow} of ${s.runs} runs that disagree with their prediction`] : []),
    ...(s.unpredicted > 0 ? [`${s.unpredicted} runs without a prediction`] : []),
    ...(s.absErrorVsPredictionMs && s.absErrorVsPredictionMs.median > TARGETS.medianAbsErrorMs
      ? [`median |measured − predicted| ${s.absErrorVsPredictionMs.median} ms > ${TARGETS.medianAbsErrorMs} ms`]
      : []),
    ...(s.absErrorVsPredictionMs && s.absErrorVsPredictionMs.max > TARGETS.maxAbsErrorMs
      ? [`max |measured − predicted| ${s.absErrorVsPredictionMs.max} ms > ${TARGETS.maxAbsErrorMs} ms`]
      : []),
    ...(s.windowMs && s.windowMs.max > TARGETS.maxWindowMs ? [`window up to ${s.windowMs.max} ms wide > ${TARGETS.maxWindowMs} ms`] : []),
  ];
}

export function measure(result: RunResult, wallMs: number): PrecisionRun {
  const at = (event: string) => result.timeline.find((entry) => entry.event === event)?.atMs ?? 0;
  const idleWaitMs = at('keepalive-active') - at('accepted');
  const kernelWaitMs = idleWaitMs + (result.measuredMs ?? result.observedForMs);
  const measured = result.measuredMs;
  return {
    settings: `${result.config.idle}/${result.config.interval}/${result.config.count}`,
    verdict: result.verdict,
    insideWindow: measured !== null && result.prediction?.agrees === true,
    errorVsPredictionMs: result.errorVsPredictionMs ?? null,
    windowMs: predictionWindowMs(result),
    errorVsModelMs: result.errorVsModelMs,
    eventLatencyMs: result.eventLatencyMs,
    overheadMs: toMicroseconds(wallMs - kernelWaitMs),
  };
}

/** How wide the prediction's tolerance was (this run's noise on top); without a prediction, the verdict's window. */
function predictionWindowMs({ prediction, expected }: RunResult): number {
  if (!prediction) return toMicroseconds(expected.latestMs - expected.earliestMs);
  return toMicroseconds(prediction.toleranceMs.earlyMs + prediction.toleranceMs.lateMs + (prediction.noiseMs ?? 0));
}

const fmt = (value: number | null, decimals: number) => (value === null ? '—' : value.toFixed(decimals));

export function renderPrecisionMarkdown(report: PrecisionReport): string {
  const cells = (summary: Summary | null, decimals: number) =>
    (summary ? [summary.min, summary.median, summary.p95, summary.max].map((v) => v.toFixed(decimals)) : ['—', '—', '—', '—']).join(' | ');
  const env = report.environment;
  const met = report.settings.every((s) => s.missed.length === 0);
  return [
    '# Precision benchmark',
    '',
    `${report.runs} runs of \`pause-client\`, ${report.concurrency} at a time. Targets: |measured − predicted| median ≤ ${TARGETS.medianAbsErrorMs} ms and max ≤ ${TARGETS.maxAbsErrorMs} ms, every run agreeing with its prediction (strict), the prediction's window at most ${TARGETS.maxWindowMs} ms wide — ${met ? 'all met' : 'not all met'}.`,
    '',
    "| settings | runs | passed | agrees with the prediction | \\|measured − predicted\\| ms: min | median | p95 | max | prediction's window ms: min | median | p95 | max | error − model ms: median | targets |",
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.settings.map(
      (s) =>
        `| ${s.settings} | ${s.runs} | ${s.passed} | ${s.insideWindow} | ${cells(s.absErrorVsPredictionMs, 3)} | ${cells(s.windowMs, 1)} | ${s.errorVsModelMs ? s.errorVsModelMs.median.toFixed(1) : '—'} | ${s.missed.length === 0 ? 'met' : s.missed.join('; ')} |`,
    ),
    '',
    '| over all runs, ms | min | median | p95 | max | target |',
    '|---|---|---|---|---|---|',
    `| event latency (agent's error − server's RST on the wire) | ${cells(report.eventLatencyMs, 2)} | median ≤ 2, p95 ≤ 5 |`,
    `| overhead (run's wall time − time waited on the kernel) | ${cells(report.overheadMs, 0)} | ≤ 2000 per run |`,
    '',
    env
      ? `Environment: kernel ${env.kernel} (HZ ${env.hz ?? 'unknown'}), Docker ${env.docker}, cgroup v${env.cgroupVersion}, agent Node ${env.agentNode} / libuv ${env.agentLibuv}.`
      : '',
    '',
  ].join('\n');
}
