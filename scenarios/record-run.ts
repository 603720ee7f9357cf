// Scenario tests attach each run's result to their test as metadata (task.meta.runs), where the summary
// reporter finds it at the end of `npm test`.
import type { TestContext } from 'vitest';
import type { RunResult } from '../lab/run/result.ts';
import { kindOf } from '../lab/kinds.ts';
import { type RunOptions, runScenario } from '../lab/run-scenario.ts';
import type { Scenario } from '../lab/scenario.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** The lab runs this test made, in the order they finished. */
    runs?: RunResult[];
  }
}

export function recordRuns(context: TestContext, ...results: RunResult[]): void {
  context.task.meta.runs = [...(context.task.meta.runs ?? []), ...results];
}

/**
 * runScenario, with the result recorded on the test before any assertion can fail it. Strict unless told otherwise:
 * the lab's own tests hold the ending to the jiffy prediction too, within the noise the run showed.
 */
export async function runAndRecord(context: TestContext, scenario: Scenario, options?: RunOptions): Promise<RunResult> {
  const strict = !['middlebox', 'proxy'].includes(kindOf(scenario).name); // a request behind the router, a close behind the proxy: held to their rules' window alone
  const result = await runScenario(scenario, { strict, ...options });
  recordRuns(context, result);
  return result;
}
