import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { describeRun } from './run-sentence.ts';

const run = (scenario: string) => JSON.parse(readFileSync(new URL(`fixtures/runs/${scenario}.json`, import.meta.url), 'utf8')) as RunResult;

describe('a run in one sentence', () => {
  it.each([
    ['pause-client', 'The server sent 10 unanswered probes; ETIMEDOUT 33.823 s after the last segment it received, 823 ms after the model.'],
    ['pause-server', 'The client sent 10 unanswered probes; ETIMEDOUT 11.261 s after the last segment it received, 261 ms after the model.'],
    [
      'user-timeout-overrides-count',
      'The server sent 5 unanswered probes and the 6 s user timeout ran out; ETIMEDOUT 6.145 s after the last segment it received, 145 ms after the model.',
    ],
    [
      'freeze-client',
      'The server sent 22 keepalive probes after the fault, all answered; still established 22.914 s after the fault, past the 11.457 s by which a dead client is detected.',
    ],
    [
      'node-default-keepalive-no-delay',
      'The server sent no keepalive probe (its socket held idle 7200 s); still established 22.914 s after the fault, past the 11.457 s by which a dead client is detected.',
    ],
    [
      'frozen-zero-window',
      "The server's data waited on the client's closed window and its 4 zero-window probes were answered; still established 8.410 s after the fault, past the 4.205 s by which a dead client is detected.",
    ],
    [
      'frozen-zero-window-user-timeout',
      "The server's data waited on the client's closed window; the 3 s user timeout, counted from the first zero-window probe, ended it: ETIMEDOUT 3.543 s after the fault, 33 ms after the model.",
    ],
    [
      'busy-server',
      'The server had data in flight, so it sent no keepalive probe; after 5 retransmissions the retransmission limit (tcp_retries2) ended it: ETIMEDOUT 13.398 s after the fault, 321 ms after the model.',
    ],
    ['reboot-client', "The client's side answered the server's keepalive probe with an RST: ECONNRESET 0.614 s after the fault, 29 ms after the model."],
    [
      'kill-client',
      "The client's kernel closed the connection with a FIN, before any keepalive probe: end-of-stream while the fault was being injected, 0.077 s before it was confirmed.",
    ],
    ['netem-loss-client', 'Not run: this kernel has no sch_netem (Specified qdisc kind is unknown).'],
  ])('%s', (scenario, sentence) => {
    expect(describeRun(run(scenario))).toBe(sentence);
  });

  it("without a capture, counts the kernel's probes and measures from the fault", () => {
    const blind: RunResult = { ...run('pause-client'), wire: undefined, referenceMs: null, probes: [], errorVsModelMs: null };
    expect(describeRun(blind)).toBe("The server's kernel counted 10 keepalive probes: ETIMEDOUT 33.654 s after the fault.");
  });

  it('says what happened, not whether it should have: a failed run reads as its facts', () => {
    const early: RunResult = { ...run('pause-client'), verdict: 'fail', errorVsModelMs: -1500 };
    expect(describeRun(early)).toContain('1500 ms before the model');
  });
});
