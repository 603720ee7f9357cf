import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { expectDetectedWithin, expectStillAliveAfter } from './vitest.ts';

const run = (name: string) => JSON.parse(readFileSync(new URL(`../report/fixtures/runs/${name}.json`, import.meta.url), 'utf8')) as RunResult;

describe("the assertions for a user's tests", () => {
  it('pass a run that did what was asked', () => {
    const paused = run('pause-client'); // ETIMEDOUT about 33.8 s after the fault, by keepalive
    expect(() => expectDetectedWithin(paused, 36_000)).not.toThrow();
    expect(() => expectStillAliveAfter(run('freeze-client'), 20_000)).not.toThrow();
  });

  it('fail with what was expected, what happened in one sentence, and the report', () => {
    const paused = { ...run('pause-client'), report: 'reports/pause-client.md' };
    expect(() => expectDetectedWithin(paused, 30_000)).toThrow(
      /^pause-client: expected detected by keepalive within 30\.000 s of the fault, but it took 33\.\d{3} s\. The server sent 10 unanswered probes; .* Report: reports\/pause-client\.md$/,
    );
    expect(() => expectDetectedWithin(paused, 40_000, { by: 'reset' })).toThrow(/but it ended by keepalive\./);
    expect(() => expectStillAliveAfter(paused, 1_000)).toThrow(
      /^pause-client: expected still alive 1\.000 s after the fault, but it ended: ETIMEDOUT 33\.\d{3} s after the fault\./,
    );
  });
});
