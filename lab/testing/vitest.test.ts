import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { expectDetectedWithin, expectNoRequestHangsLongerThan, expectRecoveredWithin, expectStillAliveAfter } from './vitest.ts';

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

  it("answer an application's questions: recovered within, no request hanging longer than", () => {
    const ioredis = run('pause-server-ioredis'); // ETIMEDOUT at 11.149 s, healed at 11.298 s, answered again at 14.891 s
    expect(() => expectRecoveredWithin(ioredis, 15_000)).not.toThrow();
    expect(() => expectNoRequestHangsLongerThan(ioredis, 5_000)).not.toThrow();
    expect(() => expectRecoveredWithin(ioredis, 14_000)).toThrow(
      /^pause-server: expected the application answering again within 14\.000 s of the fault, but its first answer after the heal came 14\.891 s after the fault\./,
    );
    const pg = run('pause-server-pg-shipped'); // keepalive off: a query waited 21.568 s, until the run ended
    expect(() => expectNoRequestHangsLongerThan(pg, 10_000)).toThrow(/but a request waited 21\.568 s \(2 of 3 hung\)\./);
    expect(() => expectRecoveredWithin(run('pause-client'), 60_000)).toThrow(/the run had no application/);
  });
});
