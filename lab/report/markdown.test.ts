import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { renderMarkdown } from './markdown.ts';
import { renderPicture } from './picture.ts';

// Results of real runs on this lab's machines (pause-client 1/1/10 with and 1/1/3 without a capture,
// freeze-client 1/1/3; the wire as the observer: user-timeout-overrides-count with the agent as a second source,
// busy-server with the wire alone; pause-client 1/3/10 predicted at the fault).
const result = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as RunResult;
/** The report with the padding that aligns its tables taken out, so that a test names cells, not widths. */
const unpadded = (markdown: string) => markdown.replace(/ +\|/g, ' |').replace(/\| +/g, '| ');

describe('Markdown report', () => {
  const paused = unpadded(renderMarkdown(result('pause-client-result.json')));
  const frozen = unpadded(renderMarkdown(result('freeze-client-result.json')));
  const blind = unpadded(renderMarkdown(result('pause-client-no-capture-result.json')));

  it('opens with the scenario, the verdict and its reason', () => {
    expect(paused).toMatch(/^# pause-client — PASS\n/);
    expect(paused).toContain('**Verdict: PASS** — ETIMEDOUT 11.138 s after the fault, inside [10.873 s, 11.330 s], after 10 unanswered keepalive probes.');
  });

  it('says what happened in one sentence', () => {
    expect(paused).toContain(
      '**What happened:** The server sent 10 unanswered probes; ETIMEDOUT 11.265 s after the last segment it received, 265 ms after the model.',
    );
    expect(frozen).toContain('**What happened:** The server sent ');
  });

  it('explains the window from the last segment received, with its parts', () => {
    expect(paused).toContain('## Expected window, from the last segment received');
    expect(paused).toContain('| nominal (model) | 10.873 s | first probe at 0.873 s + 10 × 1 s; a timer never fires early |');
    expect(paused).toContain(
      '| latest | 11.330 s | nominal + timer rounding 0.432 s (HZ 250, from the kernel config; probe spacing fits HZ 250 or 1000) + observation 25 ms |',
    );
  });

  it('shows the settings the wire shows beside those the kernel was given, and says where they differ', () => {
    const overridden = unpadded(renderMarkdown(result('user-timeout-overrides-count-result.json')));
    expect(overridden).toContain('| on the wire (what the kernel did) | idle 1 s, interval 1 s, count 5 |');
    expect(overridden).toContain('**The wire shows count 5 where the kernel was given 3** (the user timeout, not the count, decides when it gives up).');
    expect(overridden).toContain('| seen by | a RST from the server on the wire |');
    expect(overridden).toContain("| the server's application saw | ETIMEDOUT (agrees with the wire) |");
  });

  it('with the wire alone: no getsockopt row, an ending timed by the namespace counters, and what the wire could not show', () => {
    const busy = unpadded(renderMarkdown(result('busy-server-wire-only-result.json')));
    expect(busy).not.toContain('(getsockopt)');
    expect(busy).not.toContain('application saw');
    expect(busy).toMatch(
      /\| seen by \| the server's namespace counting a timeout abort \(TcpExt.TCPAbortOnTimeout\), no packet on the wire; known to within \d+\.\d ms/,
    );
    expect(busy).toContain(
      'Not on the wire: idle — no keepalive probe before the fault; interval — no keepalive probe after the fault; count — nothing ended the connection on the wire.',
    );
  });

  it('without a capture, says so and explains the coarser window from the fault', () => {
    expect(blind).toContain('## Expected window, from the fault');
    expect(blind).toContain('Without a capture the lab cannot see the last segment the server received');
    expect(blind).toContain('| earliest | 2.996 s | count × interval = 3 × 1 s = 3.000 s, less the 3.8 ms the fault took to inject |');
    expect(blind).not.toContain('## Probes after the fault');
  });

  it('lists each probe against the model, and draws the run for GitHub', () => {
    expect(paused).toMatch(/\| 1 \| 0\.897 s \| 1\.024 s \| 0\.873 s \| \+2\d\.\d ms \| no \|/);
    expect(paused).toContain('```mermaid\ngantt\n');
    expect(paused).toMatch(/ {2}ETIMEDOUT at 11\.138 s :milestone, 11138, 11138\n/);
    expect(paused).toContain('  title pause-client: seconds from the fault\n');
  });

  it("with a prediction: explains its tolerance, with the moment it was made, beside the verdict's window", () => {
    const predicted = unpadded(renderMarkdown(result('pause-client-predicted-result.json')));
    expect(predicted).toContain('## The prediction, and how close the ending came');
    expect(predicted).toContain("When the fault took effect, before looking at anything after it (made at +0.008 s), the lab simulated the server's");
    expect(predicted).toContain('keepalive timer at HZ 250 from the 2 probes it had sent before the fault: 4 chains of its timer fit them');
    expect(predicted).toContain('| predicted | 33.719 s | the abort after 10 more unanswered probes |');
    expect(predicted).toContain(
      '| earliest | 33.714 s | the earliest chain that fits (33.715 s) − 1 ms for where in its tick a packet goes out; a timer never fires early |',
    );
    expect(predicted).toContain(
      "| latest | 33.748 s | the latest chain that fits + one jiffy (4 ms: a tick's softirq may run on the next tick) + observation 25 ms |",
    );
    expect(predicted).toContain('| measured | 33.719 s | −0.017 ms from the prediction: agreement not judged (a result from before it was) |');
    expect(predicted).toContain('| predicted at the fault | 33.719 s; measured − predicted −0.017 ms |');
    expect(predicted).toContain(
      '**What happened:** The server sent 10 unanswered probes; ETIMEDOUT 33.792 s after the last segment it received, 0.017 ms before the prediction made at the fault.',
    );
  });

  it('with a prediction: every probe against it, in the table and in the picture', () => {
    const predicted = unpadded(renderMarkdown(result('pause-client-predicted-result.json')));
    expect(predicted).toContain('| # | sent (from the fault) | predicted | sent − predicted | since the reference | model | late by | answered |');
    expect(predicted).toContain('| 3 | 9.147 s | 9.143 s | +3.985 ms | 9.220 s | 8.927 s | +220.0 ms | no |'); // a tick a jiffy late
    expect(predicted).toContain('  probe 3 at 9.147 s (predicted 9.143 s) :done, 9147, 9282\n');
    expect(predicted).toContain(
      '  section prediction\n  predicted ETIMEDOUT at 33.719 s :milestone, 33719, 33719\n  expected window 33.714 s – 33.748 s :active, 33714, 33748\n',
    );
  });

  it('draws a run longer than a minute in minutes (the axis shows only seconds the same in every time zone)', () => {
    const long = { ...result('pause-client-result.json'), measuredMs: 90_000 };
    const picture = renderPicture(long).join('\n');
    expect(picture).toContain('  title pause-client: minutes from the fault\n');
    expect(picture).toContain('  axisFormat %S.%L\n');
    expect(picture).toMatch(/ {2}ETIMEDOUT at 90\.0 s :milestone, 1500, 1500\n/); // 90 s drawn as 1.5 "seconds": 1.5 minutes
  });

  it("measures the lab's own lateness against the packet that ended the connection on the wire", () => {
    expect(paused).toContain("| agent's event − the packet that ended it on the wire (the lab's lateness) | +1.2 ms |");
  });

  it('shows the timeline relative to the fault, with the outcome last', () => {
    const timeline = paused.slice(paused.indexOf('## Timeline'), paused.indexOf('## Environment'));
    expect(timeline).toContain('| +0.0 | lab | fault |');
    expect(timeline.trim().split('\n').at(-1)).toMatch(/^\| \+11138\.\d \| server \| close \|/);
  });

  it('says in plain words why a frozen client is never detected, with the kernel evidence', () => {
    expect(frozen).toContain('`docker pause` is not a VM pause.');
    expect(frozen).toContain('The connection must outlive this window: it is when the server would have failed had the client died at the fault.');
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
