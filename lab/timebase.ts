// Times a run cannot have measured: every source of a run (the wire, the agents, the lab, the router's table) is on
// the wall clock the lab started with, advanced by the monotonic clock. A step of the wall clock, or an order that
// cannot be (an answer before its request, an ending timed before the fault's injection began, which the lab does
// not even watch for), means the run's times are not to be trusted: the run is `invalid`, never reported as a time.
import { CLOCK_STEP_LIMIT_MS } from './clock.ts';
import { seconds } from './format/format.ts';
import type { RunResult } from './run/result.ts';

/**
 * Why the run's times cannot be, or null when they can. `clock`: the largest step watchClock saw; `ownTimes`: the
 * run kind's own check (an ending before the fault, a request answered before it was sent).
 */
export function impossibleTimes(result: RunResult, clock: { stepMs: number }, ownTimes: (result: RunResult) => string | null): string | null {
  if (clock.stepMs > CLOCK_STEP_LIMIT_MS) {
    return `the wall clock stepped ${clock.stepMs.toFixed(1)} ms against the monotonic clock during the run, so the wire's times and the lab's no longer share one timebase`;
  }
  if (result.durationMs < 0) return `the run's duration came out negative (${seconds(result.durationMs)})`;
  return ownTimes(result);
}

/** The run as `invalid` when its times cannot be, keeping what it would have said. */
export function refuseImpossibleTimes(result: RunResult, clock: { stepMs: number }, ownTimes: (result: RunResult) => string | null): RunResult {
  const problem = impossibleTimes(result, clock, ownTimes);
  if (!problem) return result;
  return {
    ...result,
    verdict: 'invalid',
    reason: `${problem}: run it again (the run alone would have said ${result.verdict.toUpperCase()}: ${result.reason})`,
  };
}
