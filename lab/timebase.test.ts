// Times a run cannot have measured make it invalid: a wall-clock step, an answer before its request, an ending before the fault.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchClock } from './clock.ts';
import type { MiddleboxResult } from './middlebox/result.ts';
import type { RunResult } from './run/result.ts';
import { impossibleTimes, refuseImpossibleTimes } from './timebase.ts';
import { endingBeforeFault } from './run/ending-before-fault.ts';
import { middleboxImpossibleTimes } from './middlebox/middlebox-report.ts';

const fixture = <T = RunResult>(name: string) => JSON.parse(readFileSync(new URL(`report/fixtures/${name}`, import.meta.url), 'utf8')) as T;
const paused = fixture('pause-client-result.json');
const steady = { stepMs: 0.4 };

describe('a run whose times cannot be', () => {
  afterEach(() => vi.useRealTimers());

  it('passes a run whose clocks agreed and whose times are in order through untouched', () => {
    expect(refuseImpossibleTimes(paused, steady, endingBeforeFault)).toBe(paused);
  });

  it('sees the wall clock step against the monotonic one', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const clock = watchClock(1_000_000);
    vi.setSystemTime(Date.now() - 26_000); // the wall clock goes back 26 s; the monotonic clock does not
    expect(clock.stop().stepMs).toBeGreaterThan(25_000);
  });

  it('makes a run invalid when the wall clock stepped, keeping what it would have said', () => {
    const judged = refuseImpossibleTimes(paused, { stepMs: 26_417.5 }, endingBeforeFault);
    expect(judged.verdict).toBe('invalid');
    expect(judged.reason).toMatch(
      /^the wall clock stepped 26417\.5 ms against the monotonic clock during the run, so the wire's times and the lab's no longer share one timebase: run it again \(the run alone would have said PASS: /,
    );
  });

  it("refuses an ending timed before the fault's injection began", () => {
    expect(impossibleTimes({ ...paused, measuredMs: -18_400 }, steady, endingBeforeFault)).toBe(
      "the ending was timed 18.400 s before the fault's injection began, where the lab only watches from then on",
    );
  });

  it('refuses a request answered before it was sent, but not one that never went out', () => {
    const request = fixture<MiddleboxResult>('nat-keepalive-holds-result.json');
    expect(impossibleTimes({ ...request, request: { ...request.request, atMs: -1_286 } } as RunResult, steady, middleboxImpossibleTimes)).toBe(
      'the request ended 1.286 s before it was sent',
    );
    const unsent = fixture<MiddleboxResult>('nat-keepalive-holds-idle8-client-result.json');
    expect(unsent.request.sentAtMs).toBeNull();
    expect(unsent.request.atMs).toBeLessThan(0); // its connection ended before the request was due: a real, negative, time
    expect(impossibleTimes(unsent, steady, middleboxImpossibleTimes)).toBeNull();
  });

  it('refuses a negative duration', () => {
    expect(impossibleTimes({ ...paused, durationMs: -12 }, steady, endingBeforeFault)).toBe("the run's duration came out negative (−0.012 s)");
  });
});
