import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { measure, renderPrecisionMarkdown } from './precision-bench.ts';

const result = JSON.parse(readFileSync(new URL('../report/fixtures/pause-client-result.json', import.meta.url), 'utf8')) as RunResult;

describe('precision benchmark', () => {
  it("takes the kernel's waits (idle until the first probe, fault → error) out of a run's wall time", () => {
    const accepted = result.timeline.find((entry) => entry.event === 'accepted')!.atMs;
    const active = result.timeline.find((entry) => entry.event === 'keepalive-active')!.atMs;
    const run = measure(result, 20_000);
    expect(run.overheadMs).toBeCloseTo(20_000 - (active - accepted) - result.measuredMs!, 3);
    expect(run).toMatchObject({ verdict: 'pass', insideWindow: true, errorVsModelMs: result.errorVsModelMs, eventLatencyMs: result.eventLatencyMs });
  });

  it('renders a table of min / median / p95 / max with the targets', () => {
    const summary = { min: 1, median: 1.25, p95: 2.5, max: 3 };
    const markdown = renderPrecisionMarkdown({
      runs: 4, concurrency: 2, passed: 4, insideWindow: 4, errorVsModelMs: summary, eventLatencyMs: summary, overheadMs: null,
    });
    expect(markdown).toContain('4 runs of `pause-client` (idle 1 s, interval 1 s, count 3), 2 at a time: 4 passed, 4 inside the kernel-derived window.');
    expect(markdown).toContain("| event latency (agent's error − server's RST on the wire) | 1.0 | 1.3 | 2.5 | 3.0 | median ≤ 2, p95 ≤ 5 |");
    expect(markdown).toContain('| — | — | — | — | ≤ 2000 per run |');
  });
});
