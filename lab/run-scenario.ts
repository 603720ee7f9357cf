// Runs any scenario by the kind of run it needs — one connection struck by a fault, a crowd, a connection behind a
// middlebox — each a plugin (run/run-kind.ts, listed in kinds.ts) that refuses, before anything starts, what it
// cannot take. A run whose times cannot be (the wall clock stepped, an answer before its request) comes back `invalid`.
import { watchClock } from './clock.ts';
import { UsageError } from './errors.ts';
import { kindOf } from './kinds.ts';
import { apiCall } from './run/api-call.ts';
import type { RunResult } from './run/result.ts';
import type { RunOptions } from './run/run-options.ts';
import type { Scenario } from './scenario.ts';
import { refuseImpossibleTimes } from './timebase.ts';

export { DEFAULT_WATCH_MS, OBSERVE_MODES, type ObserveMode, type RunOptions } from './run/run-options.ts';

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  if (options.within !== undefined) withinProblem(scenario, options.within);
  const kind = kindOf(scenario);
  const refused = kind.refuses(scenario, options);
  if (refused) throw new UsageError(refused);
  const clock = watchClock();
  const result = await kind.run(scenario, { ...options, command: options.command ?? apiCall(scenario, options) });
  const checked = refuseImpossibleTimes(result, clock.stop(), kind.impossibleTimes);
  if (checked !== result) options.progress?.(`verdict: INVALID — ${checked.reason}`);
  return checked;
}

/** Why a bound means nothing where the connection need not end by a fault. */
const WITHIN_REFUSED = {
  alive: 'it must stay up',
  request: 'it is a request through a middlebox',
  'closed-by-proxy': "the proxy's timeout closes it, judged against that timeout",
} as const;

/** A bound only means something where the connection must end, and must be a time. */
function withinProblem(scenario: Scenario, withinMs: number): void {
  if (!Number.isFinite(withinMs) || withinMs <= 0) throw new UsageError(`--within must be a positive number of seconds, got '${withinMs / 1000}'`);
  if (scenario.expect.outcome !== 'error')
    throw new UsageError(`--within applies to scenarios where the connection must end; in ${scenario.name} ${WITHIN_REFUSED[scenario.expect.outcome]}`);
}
