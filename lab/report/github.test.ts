import { mkdtemp, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { failureAnnotations, fitForStepSummary, publishToGitHub } from './github.ts';

const pause = JSON.parse(readFileSync(new URL('fixtures/runs/pause-client.json', import.meta.url), 'utf8')) as RunResult;

describe('GitHub Actions', () => {
  it('annotates each failed run, and each run that could not start, with its sentence and reason', () => {
    const failed: RunResult = { ...pause, verdict: 'fail', reason: 'ETIMEDOUT 36.000 s after the fault, after the window' };
    expect(
      failureAnnotations([
        { scenario: 'pause-client', result: pause },
        { scenario: 'pause-client', result: failed },
        { scenario: 'kill-client', error: 'no engine,\nat all' },
      ]),
    ).toEqual([
      '::error title=keepalive-lab pause-client%3A FAIL::The server sent 10 unanswered probes; ETIMEDOUT 33.823 s after the last segment it received, 823 ms after the model. Why it failed: ETIMEDOUT 36.000 s after the fault, after the window.',
      '::error title=keepalive-lab kill-client%3A could not run::no engine,%0Aat all',
    ]);
  });

  it("keeps a step summary under GitHub's 1 MiB by leaving out the per-run sections", () => {
    const huge = `# title\n\n## Runs\n\n| a |\n\n## Each run\n\n${'x'.repeat(1_100_000)}`;
    expect(fitForStepSummary(huge)).toBe(
      '# title\n\n## Runs\n\n| a |\n\n\n_The per-run sections are too long for a step summary (1 MiB): read them in the uploaded report._\n',
    );
    expect(fitForStepSummary('# small\n')).toBe('# small\n');
  });

  it('appends the summary to $GITHUB_STEP_SUMMARY only under GitHub Actions', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'keepalive-lab-gh-')), 'summary.md');
    await publishToGitHub('# one\n', [], { GITHUB_STEP_SUMMARY: file });
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
    await publishToGitHub('# one\n', [], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: file });
    await publishToGitHub('# two\n', [], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: file });
    expect(await readFile(file, 'utf8')).toBe('# one\n# two\n');
  });
});
