import { describe, expect, it } from 'vitest';
import { renderScaleMarkdown, type ScaleRun, summarizeScale } from './scale-bench.ts';

const run = (more: Partial<ScaleRun> = {}): ScaleRun => ({
  verdict: 'pass',
  detectedInWindow: 5_000,
  liveDropped: 0,
  lost: 0,
  setupMs: 2_800,
  wallMs: 14_400,
  packets: 181_000,
  analysisMs: 1_170,
  tsharkMs: 1_400,
  ...more,
});

describe('scale benchmark', () => {
  it('meets its targets when every run detects every dead connection, nothing is lost, and the lab keeps within time and memory', () => {
    const report = summarizeScale(10_000, 5_000, [run(), run({ wallMs: 15_000 })], 600 * 1024 ** 2);
    expect(report.missed).toEqual([]);
    expect(renderScaleMarkdown(report)).toContain(
      "2 runs of `many-clients` with 10000 connections, 5000 dead, idle 1 / interval 1 / count 3, one at a time: 2 of 2 passed with nothing lost; the lab's analysis took 0.84× tshark's time (median). Targets all met.",
    );
  });

  it('names every target missed', () => {
    const report = summarizeScale(10_000, 5_000, [run({ lost: 12 }), run({ setupMs: 6_000, wallMs: 31_000, analysisMs: 2_000 })], 2 * 1024 ** 3);
    expect(report.missed).toEqual([
      '1 of 2 runs did not detect every dead connection in its window with none live dropped and nothing lost',
      'set-up up to 6.0 s > 5 s',
      'a run took up to 31.0 s > 30 s',
      "the lab's peak memory 2048 MiB > 1 GiB",
      'the analysis was slower than tshark in 1 of 2 runs',
    ]);
  });
});
