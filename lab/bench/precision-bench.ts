// How precisely the lab measures: fast pause-client runs (idle 1, interval 1, count 3), several at once, and
// the spread of the kernel's lateness against the model, the lab's own event latency, and the lab's overhead.
import { now, toMicroseconds } from '../clock.ts';
import type { RunResult } from '../run/result.ts';
import { runScenario } from '../run-scenario.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { type Summary, summarize } from './stats.ts';

export const PRECISION_CONFIG = { idleS: 1, intervalS: 1, count: 3 } as const;

export interface PrecisionRun {
  verdict: RunResult['verdict'];
  insideWindow: boolean;
  errorVsModelMs: number | null;
  eventLatencyMs: number | null;
  /** Wall time of the run minus the time it waited on the kernel (idle until the first probe, fault → error). */
  overheadMs: number;
}

export interface PrecisionReport {
  runs: number;
  concurrency: number;
  passed: number;
  insideWindow: number;
  errorVsModelMs: Summary | null;
  eventLatencyMs: Summary | null;
  overheadMs: Summary | null;
  environment?: RunResult['environment'];
}

export async function precisionBench(repeat: number, concurrency: number, progress: (line: string) => void): Promise<PrecisionReport> {
  const scenario = SCENARIOS.get('pause-client')!;
  const runs: PrecisionRun[] = [];
  let environment: RunResult['environment'] | undefined;
  let next = 0;
  const worker = async () => {
    while (next < repeat) {
      const index = (next += 1);
      const started = now();
      const result = await runScenario(scenario, { config: PRECISION_CONFIG });
      runs.push(measure(result, now() - started));
      environment ??= result.environment;
      progress(`run ${index}/${repeat}: ${result.verdict}, error − model ${fmt(result.errorVsModelMs)} ms, event latency ${fmt(result.eventLatencyMs)} ms`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, repeat) }, worker));
  const values = (pick: (run: PrecisionRun) => number | null) => runs.map(pick).filter((value): value is number => value !== null);
  return {
    runs: runs.length,
    concurrency,
    passed: runs.filter((run) => run.verdict === 'pass').length,
    insideWindow: runs.filter((run) => run.insideWindow).length,
    errorVsModelMs: summarize(values((run) => run.errorVsModelMs)),
    eventLatencyMs: summarize(values((run) => run.eventLatencyMs)),
    overheadMs: summarize(values((run) => run.overheadMs)),
    environment,
  };
}

export function measure(result: RunResult, wallMs: number): PrecisionRun {
  const at = (event: string) => result.timeline.find((entry) => entry.event === event)?.atMs ?? 0;
  const idleWaitMs = at('keepalive-active') - at('accepted');
  const kernelWaitMs = idleWaitMs + (result.measuredMs ?? result.observedForMs);
  const measured = result.measuredMs;
  return {
    verdict: result.verdict,
    insideWindow: measured !== null && measured >= result.expected.earliestMs && measured <= result.expected.latestMs,
    errorVsModelMs: result.errorVsModelMs,
    eventLatencyMs: result.eventLatencyMs,
    overheadMs: toMicroseconds(wallMs - kernelWaitMs),
  };
}

const fmt = (value: number | null) => (value === null ? '—' : value.toFixed(1));

export function renderPrecisionMarkdown(report: PrecisionReport): string {
  const row = (name: string, summary: Summary | null, target: string) =>
    `| ${name} | ${summary ? [summary.min, summary.median, summary.p95, summary.max].map((v) => v.toFixed(1)).join(' | ') : '— | — | — | —'} | ${target} |`;
  const env = report.environment;
  return [
    '# Precision benchmark',
    '',
    `${report.runs} runs of \`pause-client\` (idle ${PRECISION_CONFIG.idleS} s, interval ${PRECISION_CONFIG.intervalS} s, count ${PRECISION_CONFIG.count}), ${report.concurrency} at a time: ${report.passed} passed, ${report.insideWindow} inside the kernel-derived window.`,
    '',
    '| ms | min | median | p95 | max | target |',
    '|---|---|---|---|---|---|',
    row('error − model (kernel lateness + ours)', report.errorVsModelMs, 'inside the window (timer rounding: up to 36 ms per 1 s arm at HZ 250)'),
    row("event latency (agent's error − server's RST on the wire)", report.eventLatencyMs, 'median ≤ 2, p95 ≤ 5'),
    row("overhead (run's wall time − time waited on the kernel)", report.overheadMs, '≤ 2000 per run'),
    '',
    env ? `Environment: kernel ${env.kernel} (HZ ${env.hz ?? 'unknown'}), Docker ${env.docker}, cgroup v${env.cgroupVersion}, agent Node ${env.agentNode} / libuv ${env.agentLibuv}.` : '',
    '',
  ].join('\n');
}
