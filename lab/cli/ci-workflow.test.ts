// The GitHub workflow is code that runs only on GitHub: check it here, so a broken workflow fails `npm test`
// and not the first push. First GitHub's schema (action-validator), then that it drives this CLI as it works.
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../paths.ts';
import { EXIT } from '../exit-codes.ts';
import { scenarioCatalogue } from './list-command.ts';

const text = readFileSync(`${PACKAGE_ROOT}/.github/workflows/lab.yml`, 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  'runs-on'?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> };
  steps: Step[];
  outputs?: Record<string, string>;
}
const workflow = parse(text) as { jobs: Record<string, Job> };
const jobs = workflow.jobs;
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');
const uploads = (job: Job) => job.steps.filter((step) => step.uses?.startsWith('actions/upload-artifact@'));

describe('.github/workflows/lab.yml', () => {
  it("is valid against GitHub's workflow schema", () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it.each([
    ['a misspelt job key', 'if: always()\n    runs-on', 'iff: always()\n    runs-on'],
    ['an unknown event', 'pull_request:', 'pull_requests:'],
  ])('would fail on %s', (_, valid, broken) => {
    expect(text).toContain(valid);
    expect(validateWorkflow(text.replace(valid, broken)).errors).not.toEqual([]);
  });

  it("builds the matrix from list --json, whose catalogue fits a job output and GitHub's 256-job limit", () => {
    expect(runs(jobs.catalogue!)).toContain('npm run --silent lab -- list --json');
    expect(jobs.catalogue!.outputs?.scenarios).toBe('${{ steps.list.outputs.scenarios }}');
    const catalogue = JSON.stringify(scenarioCatalogue());
    expect(catalogue).not.toContain('\n');
    for (const scenario of scenarioCatalogue())
      expect(Object.keys(scenario)).toEqual(['name', 'summary', 'fault', 'target', 'expect', 'capabilities', 'anyServer']);
    expect(scenarioCatalogue().length * 2).toBeLessThanOrEqual(256);
  });

  it('runs every scenario × Node 22 and 24, fail-fast off, with a skip (exit 3) not failing the job', () => {
    const scenario = jobs.scenario!;
    expect(scenario.needs).toBe('catalogue');
    expect(scenario.strategy?.['fail-fast']).toBe(false);
    expect(scenario.strategy?.matrix).toMatchObject({ scenario: '${{ fromJSON(needs.catalogue.outputs.scenarios) }}', node: [22, 24] });
    expect(scenario['runs-on']).toBe('${{ matrix.runner }}');
    expect(scenario.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe('${{ matrix.node }}');
    expect(runs(scenario)).toContain('npm run scenario -- "$SCENARIO"');
    expect(runs(scenario)).toContain(`if [ "$status" -eq ${EXIT.skipped} ]; then`);
  });

  it.each([
    [EXIT.pass, 0],
    [EXIT.fail, 1],
    [EXIT.skipped, 0],
    [EXIT.usage, 2],
  ])("its scenario step, run as GitHub runs it, turns the lab's exit %i into %i, with the flags split into words", async (labExit, stepExit) => {
    const step = jobs.scenario!.steps.find((candidate) => candidate.run?.includes('npm run scenario'))!;
    const bin = await mkdtemp(join(tmpdir(), 'keepalive-lab-step-'));
    // A stand-in for npm that records its arguments and exits as the lab would.
    await writeFile(join(bin, 'npm'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${bin}/args"\nexit ${labExit}\n`);
    await chmod(join(bin, 'npm'), 0o755);
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      SCENARIO: 'pause-client',
      KEEPALIVE_FLAGS: '--idle 1 --interval 1',
      REPORT_DIR: 'reports/pause-client-node24-ubuntu-24.04',
    };
    const ran = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { env, reject: false });

    expect(ran.exitCode).toBe(stepExit);
    expect((await readFile(join(bin, 'args'), 'utf8')).trim().split('\n')).toEqual([
      'run',
      'scenario',
      '--',
      'pause-client',
      '--idle',
      '1',
      '--interval',
      '1',
      '--report-dir',
      'reports/pause-client-node24-ubuntu-24.04',
    ]);
    if (labExit === EXIT.skipped) expect(ran.stdout).toMatch(/^::notice title=pause-client skipped::/);
  });

  it("uploads each job's reports under a name no other job uses, even when a step failed", () => {
    const [upload] = uploads(jobs.scenario!);
    expect(upload?.if).toBe('always()');
    expect(String(upload?.with?.name)).toMatch(/^report-/); // what the merge job downloads
    // Unique across the matrix only if the name holds every axis (the scenario by its name).
    for (const axis of Object.keys(jobs.scenario!.strategy!.matrix!)) {
      expect(upload?.with?.name).toContain(axis === 'scenario' ? '${{ matrix.scenario.name }}' : `\${{ matrix.${axis} }}`);
    }
    const names = Object.values(jobs)
      .flatMap(uploads)
      .map((step) => String(step.with?.name));
    expect(new Set(names).size).toBe(names.length);
  });

  it("merges every matrix job's reports into one summary, even after failures", () => {
    const summary = jobs.summary!;
    expect(summary.needs).toBe('scenario');
    expect(summary.if).toBe('always()');
    const download = summary.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toEqual({ pattern: 'report-*', path: 'artifacts' });
    expect(runs(summary)).toMatch(/npm run --silent lab -- report merge artifacts --out summary\.md/);
  });

  it('runs npm test with JUnit XML asked for', () => {
    expect(runs(jobs.test!)).toContain('npm test');
    expect(jobs.test!.steps.find((step) => step.run === 'npm test')?.env).toEqual({ KEEPALIVE_LAB_JUNIT: 'reports/junit.xml' });
  });

  it('only calls npm scripts that package.json defines', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts);
    const called = [...text.matchAll(/npm run (?:--silent )?([a-z:]+)/g)].map((match) => match[1]!);
    expect(called.length).toBeGreaterThan(0);
    for (const script of called) expect(scripts).toContain(script);
  });
});
