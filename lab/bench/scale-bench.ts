// How the lab scales: many-clients runs with thousands of connections, one at a time, each judged on every
// connection; the targets are that every dead one is detected in its window and no live one dropped, with no
// capture loss, in every run, inside a set-up time, a wall time and a memory budget — and that the lab's own
// analysis of a capture (decode, classify, judge) is at least as fast as tshark reading the same file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { now, toMicroseconds } from '../clock.ts';
import type { CrowdResult } from '../crowd/result.ts';
import { runScenario } from '../run-scenario.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { type Summary, summarize } from '../model/stats.ts';

export const SCALE_TARGETS = { setupMs: 5_000, wallMs: 30_000, memoryBytes: 1024 ** 3 } as const;

export interface ScaleRun {
  verdict: CrowdResult['verdict'];
  detectedInWindow: number;
  liveDropped: number;
  lost: number;
  setupMs: number;
  wallMs: number;
  packets: number;
  analysisMs: number;
  /** tshark reading the same capture (`-q -z conv,tcp`); null where tshark is not installed. */
  tsharkMs: number | null;
}

export interface ScaleReport {
  connections: number;
  dead: number;
  runs: ScaleRun[];
  setupMs: Summary | null;
  wallMs: Summary | null;
  analysisMs: Summary | null;
  tsharkMs: Summary | null;
  /** The lab process's peak resident memory over all the runs. */
  peakMemoryBytes: number;
  missed: string[];
  environment?: CrowdResult['environment'];
}

export async function scaleBench(connections: number, dead: number, repeat: number, progress: (line: string) => void): Promise<ScaleReport> {
  const scenario = SCENARIOS.get('many-clients')!;
  const directory = await mkdtemp(join(tmpdir(), 'keepalive-lab-scale-'));
  const runs: ScaleRun[] = [];
  let environment: CrowdResult['environment'] | undefined;
  try {
    for (let index = 1; index <= repeat; index += 1) {
      const captureFile = join(directory, `run-${index}.pcap`);
      const started = now();
      const result = (await runScenario(scenario, { config: { idleS: 1, intervalS: 1, count: 3 }, crowd: { connections, dead }, captureFile })) as CrowdResult;
      const wallMs = toMicroseconds(now() - started);
      const run = measure(result, wallMs, await tsharkMs(captureFile));
      await rm(captureFile, { force: true });
      runs.push(run);
      environment ??= result.environment;
      progress(
        `run ${index}/${repeat}: ${run.verdict}, ${run.detectedInWindow}/${dead} detected in their windows, ${run.liveDropped} live dropped, ${run.lost} lost; set-up ${(run.setupMs / 1000).toFixed(1)} s, wall ${(run.wallMs / 1000).toFixed(1)} s; analysis ${run.analysisMs.toFixed(0)} ms, tshark ${run.tsharkMs?.toFixed(0) ?? '—'} ms`,
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  return summarizeScale(connections, dead, runs, process.resourceUsage().maxRSS * 1024, environment);
}

export function measure(result: CrowdResult, wallMs: number, tshark: number | null): ScaleRun {
  return {
    verdict: result.verdict,
    detectedInWindow: result.connections.detectedInWindow,
    liveDropped: result.connections.liveDropped,
    lost: (result.wire?.droppedByKernel ?? 0) + (result.wire?.droppedByInterface ?? 0),
    setupMs: result.crowd.setupMs,
    wallMs,
    packets: result.crowd.packets,
    analysisMs: result.crowd.analysisMs,
    tsharkMs: tshark,
  };
}

export function summarizeScale(
  connections: number,
  dead: number,
  runs: ScaleRun[],
  peakMemoryBytes: number,
  environment?: CrowdResult['environment'],
): ScaleReport {
  const of = (pick: (run: ScaleRun) => number | null) =>
    summarize(
      runs.flatMap((run) => {
        const value = pick(run);
        return value === null ? [] : [value];
      }),
    );
  const report = {
    connections,
    dead,
    runs,
    setupMs: of((run) => run.setupMs),
    wallMs: of((run) => run.wallMs),
    analysisMs: of((run) => run.analysisMs),
    tsharkMs: of((run) => run.tsharkMs),
    peakMemoryBytes,
    environment,
  };
  const bad = runs.filter((run) => run.verdict !== 'pass' || run.detectedInWindow !== dead || run.liveDropped > 0 || run.lost > 0).length;
  const slower = runs.filter((run) => run.tsharkMs !== null && run.analysisMs > run.tsharkMs).length;
  const missed = [
    ...(bad > 0 ? [`${bad} of ${runs.length} runs did not detect every dead connection in its window with none live dropped and nothing lost`] : []),
    ...(report.setupMs && report.setupMs.max > SCALE_TARGETS.setupMs ? [`set-up up to ${(report.setupMs.max / 1000).toFixed(1)} s > 5 s`] : []),
    ...(report.wallMs && report.wallMs.max > SCALE_TARGETS.wallMs ? [`a run took up to ${(report.wallMs.max / 1000).toFixed(1)} s > 30 s`] : []),
    ...(peakMemoryBytes > SCALE_TARGETS.memoryBytes ? [`the lab's peak memory ${(peakMemoryBytes / 1024 ** 2).toFixed(0)} MiB > 1 GiB`] : []),
    ...(slower > 0 ? [`the analysis was slower than tshark in ${slower} of ${runs.length} runs`] : []),
  ];
  return { ...report, missed };
}

/** tshark's time to read the capture and tabulate its TCP conversations, or null without tshark. */
async function tsharkMs(file: string): Promise<number | null> {
  const started = now();
  const result = await execa('tshark', ['-r', file, '-q', '-z', 'conv,tcp'], { reject: false });
  if (result.exitCode !== 0) return null;
  return toMicroseconds(now() - started);
}

export function renderScaleMarkdown(report: ScaleReport): string {
  const row = (name: string, summary: Summary | null, target: string, unit = 1000, decimals = 1, suffix = 's') =>
    `| ${name} | ${summary ? [summary.min, summary.median, summary.max].map((v) => (v / unit).toFixed(decimals)).join(' | ') : '— | — | —'} | ${suffix} | ${target} |`;
  const passed = report.runs.filter((run) => run.verdict === 'pass' && run.lost === 0).length;
  const env = report.environment;
  const ratio =
    report.analysisMs && report.tsharkMs
      ? `; the lab's analysis took ${(report.analysisMs.median / report.tsharkMs.median).toFixed(2)}× tshark's time (median)`
      : '';
  return [
    '# Scale benchmark',
    '',
    `${report.runs.length} runs of \`many-clients\` with ${report.connections} connections, ${report.dead} dead, idle 1 / interval 1 / count 3, one at a time: ${passed} of ${report.runs.length} passed with nothing lost${ratio}. Targets ${report.missed.length === 0 ? 'all met' : `missed: ${report.missed.join('; ')}`}.`,
    '',
    '| measure | min | median | max | unit | target |',
    '|---|---|---|---|---|---|',
    row('connection set-up', report.setupMs, '≤ 5 s'),
    row('whole run, wall time', report.wallMs, '≤ 30 s'),
    row("the lab's analysis (decode, classify, judge every connection)", report.analysisMs, 'at least as fast as tshark', 1, 0, 'ms'),
    row('tshark -r capture -q -z conv,tcp', report.tsharkMs, '', 1, 0, 'ms'),
    `| the lab's peak memory | | ${(report.peakMemoryBytes / 1024 ** 2).toFixed(0)} | | MiB | ≤ 1024 |`,
    '',
    `Packets per capture: ${report.runs.map((run) => run.packets).join(', ')}.`,
    '',
    env
      ? `Environment: kernel ${env.kernel} (HZ ${env.hz ?? 'unknown'}), Docker ${env.docker}, cgroup v${env.cgroupVersion}, agent Node ${env.agentNode}.`
      : '',
    '',
  ].join('\n');
}
