// `report merge` as a user runs it: a child process, no Docker needed.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../paths.ts';

const lab = (...args: string[]) =>
  execa(process.execPath, ['--disable-warning=ExperimentalWarning', 'lab/cli/main.ts', ...args], {
    cwd: PACKAGE_ROOT,
    reject: false,
    env: { GITHUB_ACTIONS: '' },
  });

describe('keepalive-lab report merge', () => {
  it('merges a directory of results into one summary file', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'keepalive-lab-merge-')), 'nested', 'summary.md');
    const merged = await lab('report', 'merge', 'lab/report/fixtures/runs', '--out', out, '--title', 'nightly');

    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stderr).toBe(`merged 13 runs from 13 files into ${out}`);
    const summary = await readFile(out, 'utf8');
    expect(summary).toMatch(
      /^# nightly: 13 runs — 0 failed, 12 passed, 1 skipped\n\nMerged by `keepalive-lab report merge` on \d{4}-\d\d-\d\dT.* from 13 result files\.\n/,
    );

    const single = await lab('report', 'merge', 'lab/report/fixtures/runs/kill-client.json', '--out', out);
    expect(single.stderr).toBe(`merged 1 run from 1 file into ${out}`);
    expect(await readFile(out, 'utf8')).toContain('from 1 result file.\n');
  });

  it('writes to stdout without --out', async () => {
    const merged = await lab('report', 'merge', 'lab/report/fixtures/runs/kill-client.json');
    expect(merged.exitCode).toBe(0);
    expect(merged.stdout).toMatch(/^# keepalive-lab results: 1 run — 0 failed, 1 passed, 0 skipped\n/);
  });

  it.each([
    [['report', 'merge'], "error: missing required argument 'paths'"],
    [['report', 'merge', 'no-such-dir'], 'keepalive-lab: no-such-dir does not exist: give report directories or the .json files runs wrote'],
    [['report', 'merge', 'package.json'], 'keepalive-lab: package.json holds no run result: give the .json a run wrote, or a directory of them'],
  ])('refuses %o with one line and exit 2', async (args, line) => {
    const merged = await lab(...args);
    expect(merged.exitCode).toBe(2);
    expect(merged.stderr.split('\n')[0]).toBe(line);
  });
});
