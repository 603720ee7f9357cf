import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { orderRows, renderSummaryMarkdown, type SummaryRow } from './summary-markdown.ts';

const run = (scenario: string) => JSON.parse(readFileSync(new URL(`fixtures/runs/${scenario}.json`, import.meta.url), 'utf8')) as RunResult;
const row = (result: RunResult): SummaryRow => ({ scenario: result.scenario, result, origin: `\`${result.scenario}.json\`` });

const late: RunResult = { ...run('pause-client'), runId: 'kal-late', verdict: 'fail', reason: 'ETIMEDOUT 36.000 s after the fault, after the window' };
const rows: SummaryRow[] = [
  row(run('pause-client')),
  row(run('freeze-client')),
  row(run('netem-loss-client')),
  row(run('kill-client')),
  row(late),
  { scenario: 'reboot-client', error: 'the Docker engine did not answer' },
];
const summary = renderSummaryMarkdown(rows, { preamble: ['Merged from 6 files.'] });
const tableRows = summary.split('\n').filter((line) => /^\| +\d+ \|/.test(line));

describe('the summary of many runs', () => {
  it('counts the verdicts in its title', () => {
    expect(summary).toMatch(/^# keepalive-lab results: 6 runs — 1 failed, 3 passed, 1 skipped, 1 could not run\n\nMerged from 6 files\.\n/);
  });

  it('groups rows by scenario, groups with a failure first, and failures first inside a group', () => {
    expect(orderRows(rows).map((r) => `${r.scenario} ${r.result?.verdict ?? 'error'}`)).toEqual([
      'pause-client fail',
      'pause-client pass',
      'reboot-client error',
      'freeze-client pass',
      'netem-loss-client skipped',
      'kill-client pass',
    ]);
  });

  it('orders the groups as the catalogue does, when given its order', () => {
    const passing = [row(run('kill-client')), row(run('pause-client')), { scenario: 'a-custom-scenario', result: run('freeze-client') }];
    expect(orderRows(passing, ['pause-client', 'freeze-client', 'kill-client']).map((r) => r.scenario)).toEqual([
      'pause-client',
      'kill-client',
      'a-custom-scenario',
    ]);
  });

  it('has one aligned row per run: fault, settings, window, measured, − predicted, error − model, verdict, mechanism, environment', () => {
    expect(tableRows).toHaveLength(6);
    expect(new Set(tableRows.map((line) => line.length)).size).toBe(1); // aligned in the raw text too
    const cells = tableRows[1]!
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    expect(cells).toEqual([
      '2',
      'pause-client',
      'vm-pause client',
      '1/3/10 listener',
      '32.831 … 35.752 s',
      'ETIMEDOUT 33.654 s',
      '—',
      '+822.9 ms',
      'PASS',
      'keepalive',
      'Linux 6.18.44-fc-v657 · HZ 250 · Node 24.21.0',
    ]);
    expect(tableRows[3]).toMatch(
      /\| freeze-client +\| freeze client +\| 1\/1\/10 listener +\| +alive ≥ 22\.914 s \| +alive 22\.914 s \| +— \| +— \| PASS +\| none/,
    );
    expect(tableRows[4]).toMatch(/\| netem-loss-client .*\| +— \| +— \| +— \| +— \| SKIPPED \| —/);
    expect(tableRows[2]).toMatch(/\| reboot-client .*\| ERROR +\| the Docker engine did not answer/);
  });

  it("lists the failures up front, each in a sentence with the verdict's reason", () => {
    expect(summary).toContain(
      '## Failures\n\n- **#1 pause-client**: The server sent 10 unanswered probes; ETIMEDOUT 33.823 s after the last segment it received, 823 ms after the model. Why it failed: ETIMEDOUT 36.000 s after the fault, after the window.\n- **#3 reboot-client** could not run: the Docker engine did not answer\n',
    );
  });

  it('describes each environment once, in full', () => {
    expect(summary).toMatch(
      /\| Linux 6\.18\.44-fc-v657 · HZ 250 · Node 24\.21\.0 \| 6\.18\.44-fc-v657 \| 250 \(kernel-config\) \| 20\.10\.24\+dfsg1, cgroup v1, overlay2 \| iptables v1\.8\.9 \(nf_tables\) \| agent +\| v24\.21\.0 \/ 1\.52\.1 +\| v24\.21\.0 \|/,
    );
  });

  it('then gives every run its sentence, its picture and the command that reproduces it', () => {
    const section = summary.slice(summary.indexOf('### 2. pause-client — PASS'), summary.indexOf('### 3.'));
    expect(section).toContain('The server sent 10 unanswered probes; ETIMEDOUT 33.823 s');
    expect(section).toContain('```mermaid\ngantt\n');
    expect(section).toContain('  expected window 32.831 s – 35.752 s :active, 32831, 35752\n');
    expect(section).toContain('Reproduce: `npm run scenario -- pause-client --idle 1 --interval 3 --count 10 --set-on listener`');
    expect(section).toContain('From `pause-client.json`.');
    expect(summary).toContain('### 5. netem-loss-client — SKIPPED\n\nNot run: this kernel has no sch_netem (Specified qdisc kind is unknown).\n\nReproduce:');
  });

  it('counts invalid runs apart: neither failed nor passed, listed with why they cannot be trusted', () => {
    const lossy: RunResult = {
      ...run('pause-client'),
      runId: 'kal-lossy',
      verdict: 'invalid',
      reason: 'the capture lost 3 packets (tcpdump: 3 dropped by kernel, 0 by interface)',
    };
    const merged = renderSummaryMarkdown([row(run('kill-client')), row(lossy)]);
    expect(merged).toMatch(/^# keepalive-lab results: 2 runs — 0 failed, 1 passed, 0 skipped, 1 invalid\n/);
    expect(merged).toContain('## Invalid runs\n\nWhat these runs observed cannot be trusted, so they neither pass nor fail: run them again.\n\n- **#');
    expect(merged).not.toContain('## Failures');
    expect(merged).toContain('**Why it is invalid:** the capture lost 3 packets');
  });
});
