import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run-scenario.ts';
import { renderMarkdown } from './markdown.ts';

// Results of real runs on this lab's machines (pause-client 1/1/10 and freeze-client 1/1/3).
const result = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as RunResult;

describe('Markdown report', () => {
  const paused = renderMarkdown(result('pause-client-result.json'));
  const frozen = renderMarkdown(result('freeze-client-result.json'));

  it('opens with the scenario, the verdict and its reason', () => {
    expect(paused).toMatch(/^# pause-client — PASS\n/);
    expect(paused).toContain('**Verdict: PASS** — ETIMEDOUT 11.104 s after the fault, inside [9.996 s, 11.457 s], after 10 unanswered keepalive probes.');
  });

  it('explains each bound of the window with its parts', () => {
    expect(paused).toContain('| earliest | 9.996 s | count × interval = 10 × 1 s = 10.000 s, less the 4.0 ms the fault took to inject |');
    expect(paused).toMatch(/\| latest \| 11\.457 s \| max\(idle, interval\) \+ count × interval = 1 s \+ 10 × 1 s = 11\.000 s, \+ timer rounding 0\.432 s \(HZ 250, from the kernel config\) \+ event delivery 25 ms \|/);
  });

  it('shows the timeline relative to the fault, with the outcome last', () => {
    const timeline = paused.slice(paused.indexOf('## Timeline'), paused.indexOf('## Environment'));
    expect(timeline).toContain('| +0.0 | lab | fault |');
    expect(timeline.trim().split('\n').at(-1)).toMatch(/^\| \+11104\.\d \| server \| close \|/);
  });

  it('says in plain words why a frozen client is never detected, with the kernel evidence', () => {
    expect(frozen).toContain('`docker pause` is not a VM pause.');
    expect(frozen).toMatch(/\| server's kernel at the end \(ss\) \| ESTAB, keepalive timer [^,]+, 0 probes unanswered/);
  });

  it('ends with the environment and a command that reproduces the run', () => {
    expect(paused).toContain('| HZ | 250 (kernel-config) |');
    expect(paused).toContain('```sh\nnpm run scenario -- pause-client --idle 1 --interval 1 --count 10 --set-on listener\n```');
  });

  it('has no empty paragraphs', () => {
    expect(paused).not.toMatch(/\n\n\n/);
  });
});
