import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { measure, type PrecisionRun, renderPrecisionMarkdown, summarizeSettings } from './precision-bench.ts';

const result = (name: string) => JSON.parse(readFileSync(new URL(`../report/fixtures/${name}`, import.meta.url), 'utf8')) as RunResult;

describe('precision benchmark', () => {
  it("takes the kernel's waits (idle until the probes before the fault, fault → error) out of a run's wall time", () => {
    const written = result('pause-client-predicted-result.json');
    const predicted = { ...written, prediction: { ...written.prediction!, agrees: true, noiseMs: 0 } };
    const accepted = predicted.timeline.find((entry) => entry.event === 'accepted')!.atMs;
    const active = predicted.timeline.find((entry) => entry.event === 'keepalive-active')!.atMs;
    const run = measure(predicted, 45_000);
    expect(run.overheadMs).toBeCloseTo(45_000 - (active - accepted) - predicted.measuredMs!, 3);
    expect(run).toMatchObject({ settings: '1/3/10', verdict: 'pass', insideWindow: true, errorVsPredictionMs: predicted.errorVsPredictionMs });
    expect(run.windowMs).toBeCloseTo(predicted.prediction.toleranceMs.earlyMs + predicted.prediction.toleranceMs.lateMs, 3); // the prediction's window
    expect(measure({ ...predicted, prediction: { ...predicted.prediction, agrees: false } }, 45_000).insideWindow).toBe(false);
  });

  it('takes a run without a prediction as unpredicted, not as a perfect one', () => {
    const run = measure(result('pause-client-result.json'), 20_000);
    expect(run.errorVsPredictionMs).toBeNull();
    expect(summarizeSettings('1/1/10', [run]).missed).toEqual([
      '1 of 1 runs that disagree with their prediction',
      '1 runs without a prediction',
      'window up to 457 ms wide > 100 ms',
    ]);
  });

  const run = (errorVsPredictionMs: number, windowMs = 34): PrecisionRun => ({
    settings: '1/1/3',
    verdict: 'pass',
    insideWindow: true,
    errorVsPredictionMs,
    windowMs,
    errorVsModelMs: 96,
    eventLatencyMs: 1.3,
    overheadMs: 1500,
  });

  it('judges each setting by |measured − predicted| (median ≤ 5 ms, max ≤ 25 ms) and the window (≤ 100 ms)', () => {
    expect(summarizeSettings('1/1/3', [run(0.004), run(-4), run(3.99)]).missed).toEqual([]);
    expect(summarizeSettings('1/1/3', [run(6), run(-7), run(30)]).missed).toEqual([
      'median |measured − predicted| 7 ms > 5 ms',
      'max |measured − predicted| 30 ms > 25 ms',
    ]);
  });

  it('renders one row per setting with the targets it met or missed', () => {
    const summary = { min: 1, median: 1.25, p95: 2.5, max: 3 };
    const markdown = renderPrecisionMarkdown({
      runs: 3,
      concurrency: 2,
      settings: [summarizeSettings('1/1/3', [run(0.004), run(-4), run(3.99)])],
      eventLatencyMs: summary,
      overheadMs: null,
    });
    expect(markdown).toContain(
      "3 runs of `pause-client`, 2 at a time. Targets: |measured − predicted| median ≤ 5 ms and max ≤ 25 ms, every run agreeing with its prediction (strict), the prediction's window at most 100 ms wide — all met.",
    );
    expect(markdown).toContain('| 1/1/3 | 3 | 3 | 3 | 0.004 | 3.990 | 4.000 | 4.000 | 34.0 | 34.0 | 34.0 | 34.0 | 96.0 | met |');
    expect(markdown).toContain("| event latency (agent's error − server's RST on the wire) | 1.00 | 1.25 | 2.50 | 3.00 | median ≤ 2, p95 ≤ 5 |");
    expect(markdown).toContain('| — | — | — | — | ≤ 2000 per run |');
  });
});
