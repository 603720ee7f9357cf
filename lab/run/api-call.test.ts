import { describe, expect, it } from 'vitest';
import { scenario } from '../catalogue/index.ts';
import { UsageError } from '../errors.ts';
import { RUN_COMMAND } from '../flags/run-flags.ts';
import { findServer } from '../servers/index.ts';
import { apiCall } from './api-call.ts';

describe('the Reproduce line where the run was made', () => {
  it('is the library call for a run made through the API', async () => {
    expect(apiCall(scenario('pause-client'), {})).toBe("runScenario(scenario('pause-client'))");
    expect(apiCall(scenario('pause-client'), { config: { idleS: 3 }, server: await findServer('redis'), within: 7000, progress: () => {} })).toBe(
      "runScenario(scenario('pause-client'), { config: { idleS: 3 }, within: 7000, server: await findServer('redis') })",
    );
    expect(apiCall(scenario('nat-forgets-idle'), { middlebox: { mode: 'reset', natTimeoutS: 5 } })).toBe(
      "runScenario(scenario('nat-forgets-idle'), { middlebox: { mode: 'reset', natTimeoutS: 5 } })",
    );
  });

  it("is this repository's npm script here (the sources run as they are)", () => {
    expect(RUN_COMMAND).toBe('npm run scenario --');
  });
});

describe('scenario(name)', () => {
  it('gives the scenario, typed by its name, and refuses an unknown one in one line', () => {
    expect(scenario('nat-forgets-idle').middlebox.natTimeoutS).toBe(5);
    // @ts-expect-error: a misspelt name does not compile
    expect(() => scenario('pause-clinet')).toThrow(new UsageError("unknown scenario 'pause-clinet': see keepalive-lab list"));
  });
});
