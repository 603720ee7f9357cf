import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../catalogue/index.ts';
import type { FaultScenario } from '../scenario.ts';
import {
  benchScenarios,
  checkedRun,
  drawSettings,
  estimateRunMs,
  keepaliveWindowMs,
  mulberry32,
  planRobustness,
  type RobustnessPlan,
  SPACE,
} from './random-settings.ts';

const scenario = (name: string) => SCENARIOS.get(name) as FaultScenario;
const ALL = ['idle', 'interval', 'count', 'user-timeout'] as const;
/** What a plan decides, without the profiles' objects. */
const decided = (plan: RobustnessPlan) =>
  plan.runs.map((run) => [run.index, run.concurrency, run.scenario.name, run.server.given, run.drawn, run.command, run.estimateMs]);

describe('seeded drawing', () => {
  it('gives the same numbers for the same seed, others for another, all in [0, 1)', () => {
    const first = Array.from({ length: 5 }, mulberry32(42));
    expect(Array.from({ length: 5 }, mulberry32(42))).toEqual(first);
    expect(Array.from({ length: 5 }, mulberry32(43))).not.toEqual(first);
    const many = Array.from({ length: 10_000 }, mulberry32(7));
    expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many)).toBeLessThan(1);
  });

  it('draws whole settings inside the ranges users set, and a user timeout in about one draw in five', () => {
    const random = mulberry32(1);
    const draws = Array.from({ length: 2_000 }, () => drawSettings(random, ALL, true));
    for (const { idle, interval, count, userTimeout } of draws) {
      expect([idle >= 1 && idle <= 10, interval! >= 1 && interval! <= 5, count! >= 1 && count! <= 8]).toEqual([true, true, true]);
      if (userTimeout !== undefined)
        expect(userTimeout >= SPACE.userTimeoutMs.min && userTimeout <= SPACE.userTimeoutMs.max && userTimeout % 100 === 0).toBe(true);
    }
    expect(new Set(draws.map((draw) => draw.idle)).size).toBe(10);
    const share = draws.filter((draw) => draw.userTimeout !== undefined).length / draws.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
  });

  it('draws idle alone for a server that takes idle alone (Redis), and no user timeout where none is allowed', () => {
    const random = mulberry32(3);
    for (let i = 0; i < 200; i += 1) expect(Object.keys(drawSettings(random, ['idle'], true))).toEqual(['idle']);
    expect(Array.from({ length: 200 }, () => drawSettings(random, ALL, false)).some((draw) => draw.userTimeout !== undefined)).toBe(false);
  });
});

describe('the plan', () => {
  it('is the same for the same seed, and a smaller size is a prefix of a larger one', async () => {
    const options = { seed: 11, levels: [1, 2, 4], size: { runs: 12 } };
    const plan = await planRobustness(options);
    expect(decided(await planRobustness(options))).toEqual(decided(plan));
    expect(decided(await planRobustness({ ...options, size: { runs: 5 } }))).toEqual(decided(plan).slice(0, 5));
    expect(decided(await planRobustness({ ...options, seed: 12 }))).not.toEqual(decided(plan));
    expect(plan.runs.map((run) => run.concurrency)).toEqual([1, 2, 4, 1, 2, 4, 1, 2, 4, 1, 2, 4]);
  });

  it('runs only single-connection fault scenarios, agent-only ones with the agent, and Redis on idle alone', async () => {
    const plan = await planRobustness({ seed: 5, levels: [1], size: { runs: 150 } });
    expect(benchScenarios().map((s) => s.name)).not.toContain('many-clients');
    expect(benchScenarios().map((s) => s.name)).not.toContain('nat-forgets-idle');
    expect(plan.runs.every((run) => !run.scenario.crowd && !run.scenario.middlebox)).toBe(true);
    expect(plan.runs.filter((run) => run.scenario.agentOnly).every((run) => run.server.profile.agent)).toBe(true);
    const redis = plan.runs.filter((run) => run.server.given === 'redis');
    expect(redis.length).toBeGreaterThan(0);
    expect(redis.every((run) => Object.keys(run.drawn).join() === 'idle' && !/--interval|--count|--user-timeout/.test(run.command))).toBe(true);
    expect(new Set(plan.runs.map((run) => run.server.given))).toEqual(new Set(['agent', 'redis', 'postgres']));
  });

  it("draws until the time budget is used: each run costs its estimate over its batch's concurrency", async () => {
    const plan = await planRobustness({ seed: 9, levels: [1, 2, 4], size: { minutes: 5 } });
    const costMs = plan.runs.reduce((sum, run) => sum + run.estimateMs / run.concurrency, 0);
    expect(costMs).toBeLessThanOrEqual(5 * 60_000);
    expect(costMs).toBeGreaterThan(5 * 60_000 - 116_000); // the draw that did not fit costs at most 116 s (2 × (10 + 8 × 5) + 10 + 6)
    expect(plan.estimateMs).toBe(Math.round(costMs));
  });

  it('refuses what `run` refuses, with its message', async () => {
    expect(await checkedRun(scenario('pause-client'), 'redis', { idle: 3, interval: 1 })).toMatchObject({
      reason: expect.stringContaining('redis does not take --interval'),
    });
    expect(await checkedRun(scenario('busy-server'), 'postgres', { idle: 3, interval: 1, count: 2 })).toMatchObject({
      reason: expect.stringContaining("busy-server runs only with the lab's agent"),
    });
    const accepted = await checkedRun(scenario('pause-client'), 'redis', { idle: 3 });
    expect(accepted).toMatchObject({ command: 'npm run scenario -- pause-client --idle 3 --server redis' });
  });
});

describe("a run's estimated wall time", () => {
  const config = (idleS: number, intervalS: number, count: number, userTimeoutMs = 0) => ({
    idleS,
    intervalS,
    count,
    userTimeoutMs,
    setOn: 'listener' as const,
  });

  it('is the wait for the probes before the fault, the keepalive window and the overhead', () => {
    expect(keepaliveWindowMs(config(2, 1, 3))).toBe(5_000);
    expect(keepaliveWindowMs(config(1, 3, 2))).toBe(9_000); // probes answered every interval before the fault
    expect(keepaliveWindowMs(config(1, 1, 3, 5_100))).toBe(6_100);
    expect(estimateRunMs(scenario('pause-client'), config(2, 1, 3), config(2, 1, 3))).toBe(2_000 + 2_000 + 5_000 + 6_000); // a probe period more to fix the phase
    expect(estimateRunMs(scenario('reject-client'), config(2, 1, 3), config(2, 1, 3))).toBe(2_000 + 5_000 + 6_000);
  });

  it('watches a connection expected to live for its windows, and waits for no probe where none comes first', () => {
    expect(estimateRunMs(scenario('freeze-client'), config(2, 1, 3), config(2, 1, 3))).toBe(2_000 + 2 * 5_000 + 6_000);
    expect(estimateRunMs(scenario('frozen-zero-window'), config(2, 1, 3), config(2, 1, 3))).toBe(2 * 5_000 + 6_000);
  });
});
