import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { renderSummary } from './run-many.ts';

const paused = JSON.parse(readFileSync(new URL('../report/fixtures/pause-client-result.json', import.meta.url), 'utf8')) as RunResult;

describe('summary of many runs', () => {
  it('aligns one row per scenario and counts the verdicts, skips and runs that could not start', () => {
    const skipped = {
      ...paused,
      scenario: 'netem-loss-client',
      verdict: 'skipped',
      reason: 'this kernel has no sch_netem',
      outcome: 'not run',
      measuredMs: null,
    } as RunResult;
    const summary = renderSummary([
      { label: 'pause-client', result: paused },
      { label: 'netem-loss-client', result: skipped },
      { label: 'kill-client', error: 'Docker is not reachable' },
    ]);
    const lines = summary.split('\n');
    expect(lines[0]).toMatch(/^scenario +verdict +outcome +measured +window \(from the fault\) +mechanism$/);
    expect(lines[1]).toMatch(/^pause-client +PASS +ETIMEDOUT +11\.138 s +10\.873 s … 11\.330 s +keepalive$/);
    expect(lines[1]!.indexOf('PASS')).toBe(lines[0]!.indexOf('verdict')); // columns line up
    expect(lines[2]).toMatch(/^netem-loss-client +SKIPPED +not run +— +this kernel has no sch_netem$/);
    expect(lines[3]).toMatch(/^kill-client +ERROR +Docker is not reachable$/);
    expect(lines.at(-2)).toBe('1 passed, 0 failed, 1 skipped, 1 could not run');
  });
});
