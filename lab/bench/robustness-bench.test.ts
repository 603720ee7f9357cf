import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../catalogue/index.ts';
import { benchCommand, type BenchFlags, robustnessOptions } from '../cli/bench-command.ts';
import { UsageError } from '../errors.ts';
import type { FaultScenario } from '../scenario.ts';
import { checkedRun, type PlannedRun } from './random-settings.ts';
import {
  checkTargets,
  erroredRun,
  levelSummary,
  negativeDuration,
  progressLine,
  renderRobustnessMarkdown,
  robustRun,
  type RunLike,
  tally,
  tallyRobustness,
} from './robustness-bench.ts';

const planned = async (
  name: string,
  server: string,
  drawn: { idle: number; interval?: number; count?: number },
  concurrency = 1,
  index = 1,
): Promise<PlannedRun> => {
  const checked = await checkedRun(SCENARIOS.get(name) as FaultScenario, server, drawn);
  if ('reason' in checked) throw new Error(checked.reason);
  return { ...checked, index, concurrency };
};

const result = (more: Partial<RunLike> = {}): RunLike => ({
  verdict: 'pass',
  reason: 'ETIMEDOUT inside the window',
  measuredMs: 5_012.5,
  durationMs: 14_000,
  timeline: [
    { atMs: -1_100, source: 'server', event: 'accepted' },
    { atMs: 0, source: 'lab', event: 'fault' },
    { atMs: 5_012.5, source: 'wire', event: 'rst' },
  ],
  ...more,
});

describe('a robustness run', () => {
  it("keeps the prediction's error, noise and agreement where the result has them, and tolerates their absence", async () => {
    const run = await planned('pause-client', 'agent', { idle: 2, interval: 1, count: 3 });
    const predicted = robustRun(run, result({ predictedMs: 5_010, errorVsPredictionMs: 2.5, prediction: { noiseMs: 0.4, agrees: true, spreadMs: 4 } }), 15_000);
    expect(predicted).toMatchObject({
      errorVsPredictionMs: 2.5,
      predictedMs: 5_010,
      noiseMs: 0.4,
      agrees: true,
      spreadMs: 4,
      negative: null,
      settings: '2/1/3',
    });
    expect(progressLine(predicted, 6)).toBe(
      'run 1/6 [concurrency 1] pause-client · agent · 2/1/3: PASS, measured 5.013 s vs predicted 5.010 s (+2.500 ms), the fitting chains 4 ms apart, noise 0.4 ms; wall 15 s (estimated 15 s)',
    );
    expect(robustRun(run, result(), 15_000)).toMatchObject({ errorVsPredictionMs: null, predictedMs: null, noiseMs: null, agrees: null, spreadMs: null });
    expect(robustRun(run, result({ prediction: { madeAt: 'x' } }), 15_000)).toMatchObject({ noiseMs: null, agrees: null });
    expect(run.command).toBe('npm run scenario -- pause-client --idle 2 --interval 1 --count 3 --set-on listener');
  });

  it("counts a negative duration: the run's own, a measure or an ending before the fault began — not one inside the fault's span", () => {
    expect(negativeDuration(result())).toBeNull();
    expect(negativeDuration(result({ durationMs: -3 }))).toBe('the run lasted -3 ms');
    expect(negativeDuration(result({ measuredMs: -12 }))).toBe('measured -12 ms from the fault, before its injection began');
    expect(negativeDuration(result({ measuredMs: null, timeline: [{ atMs: -40, source: 'server', event: 'error' }] }))).toBe(
      "the server's error at -40 ms, before the fault's injection began",
    );
    expect(negativeDuration({ verdict: 'pass', reason: '', measuredMs: null, durationMs: 1 })).toBeNull();
  });
});

describe('the tally and the targets', () => {
  const runs = async () => {
    const agent = (concurrency: number, index: number) => planned('pause-client', 'agent', { idle: 2, interval: 1, count: 3 }, concurrency, index);
    return [
      robustRun(await agent(1, 1), result({ errorVsPredictionMs: 1, predictedMs: 5_011, prediction: { noiseMs: 0.2, agrees: true } }), 14_000),
      robustRun(await agent(1, 2), result({ errorVsPredictionMs: -3, predictedMs: 5_015, prediction: { noiseMs: 0.6, agrees: false } }), 14_000),
      robustRun(await planned('pause-client', 'redis', { idle: 3 }, 4, 3), result({ verdict: 'fail', reason: 'ETIMEDOUT 2 s after its window' }), 14_000),
      robustRun(await agent(4, 4), result({ verdict: 'invalid', reason: 'the capture lost 3 packets', measuredMs: -20 }), 14_000),
      robustRun(await agent(4, 5), result({ errorVsPredictionMs: 30, predictedMs: 4_982, verdict: 'skipped', reason: 'no sch_netem' }), 14_000),
      erroredRun(await agent(4, 6), 'the client did not answer', 9_000),
    ];
  };

  it('counts every FAIL as false, the invalid, the skipped, the errors and the negative durations', async () => {
    expect(tally(await runs())).toEqual({ runs: 6, passed: 2, falseFails: 1, skipped: 1, invalid: 1, errors: 1, negativeDurations: 1 });
  });

  it('lists each problem with its seed, concurrency and the command that reproduces it', async () => {
    const report = tallyRobustness({ seed: 77, levels: [1, 4], size: { runs: 6 }, refused: [] }, await runs());
    expect(report.problems.map((problem) => [problem.kind, problem.run, problem.concurrency, problem.seed])).toEqual([
      ['false FAIL', 3, 4, 77],
      ['invalid', 4, 4, 77],
      ['negative duration', 4, 4, 77],
      ['error', 6, 4, 77],
    ]);
    expect(report.problems[0]).toMatchObject({
      scenario: 'pause-client',
      server: 'redis',
      settings: 'idle 3',
      reason: 'ETIMEDOUT 2 s after its window',
      command: 'npm run scenario -- pause-client --idle 3 --server redis',
    });
  });

  it("summarises |measured − predicted| and the noise per concurrency level, and counts the model's disagreements", async () => {
    const all = await runs();
    const one = levelSummary(
      1,
      all.filter((run) => run.concurrency === 1),
    );
    expect(one).toMatchObject({
      runs: 2,
      predicted: 2,
      absErrorMs: { min: 1, median: 2, p95: 3, max: 3 },
      noiseMs: { median: 0.4, max: 0.6 },
      disagreements: 1,
    });
    expect(levelSummary(2, [])).toMatchObject({ runs: 0, absErrorMs: null, noiseMs: null });
  });

  it('meets the targets, misses them, or says why one was not checked', async () => {
    const all = await runs();
    const report = tallyRobustness({ seed: 77, levels: [1, 4], size: { runs: 6 }, refused: [] }, all);
    expect(report.targets.map((check) => [check.status, check.note ?? check.measured])).toEqual([
      ['missed', '1'],
      ['missed', '1'],
      ['missed', '1'],
      ['not checked', 'not enough runs for the target: --runs 6 asked for fewer'],
      ['met', '2.000 ms (2 runs)'],
      ['missed', '30.000 ms (1 runs)'],
    ]);
    const clean = all.slice(0, 2);
    const levels = [levelSummary(1, clean)];
    expect(checkTargets(tally(clean), levels, { minutes: 20 }).map((check) => check.status)).toEqual(['met', 'met', 'met', 'missed', 'met', 'not checked']);
    expect(checkTargets(tally(clean), levels, { minutes: 5 })[3]!.status).toBe('not checked');
    expect(checkTargets(tally(clean), levels, { runs: 300 })[3]!.status).toBe('missed');
  });

  it('renders the seed that replays the plan, the targets, the batches and the problems', async () => {
    const markdown = renderRobustnessMarkdown(tallyRobustness({ seed: 77, levels: [1, 4], size: { runs: 6 }, refused: [] }, await runs()));
    expect(markdown).toContain('Seed 77: `npm run bench -- robustness --seed 77 --runs 6 --concurrency 1,4` replays this plan.');
    expect(markdown).toContain('Out of scope: crowd scenarios (many-clients, many-clients-no-keepalive)');
    expect(markdown).toContain('| 0 false FAILs | 1 | missed |');
    expect(markdown).toContain('| 1 | 2 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | 2.000 | 3.000 | 3.000 | 0.400 | 0.600 | 0.600 | 1 |');
    expect(markdown).toContain(
      '- **false FAIL** — run 3: pause-client with redis, settings idle 3, 4 at a time, seed 77: ETIMEDOUT 2 s after its window. Reproduce: `npm run scenario -- pause-client --idle 3 --server redis`',
    );
  });
});

describe('bench robustness flags', () => {
  it('defaults to 20 minutes, batches of 1, 2 and 4, and a new seed', () => {
    const options = robustnessOptions({});
    expect([options.size, options.levels, Number.isInteger(options.seed)]).toEqual([{ minutes: 20 }, [1, 2, 4], true]);
    expect(robustnessOptions({ runs: '6', concurrency: '1,2', seed: '1' })).toEqual({ seed: 1, levels: [1, 2], size: { runs: 6 } });
    expect(robustnessOptions({ seed: '0' }).seed).toBe(0);
  });

  it.each([
    [{ runs: '6', minutes: '5' }, '--runs and --minutes exclude each other'],
    [{ runs: '0' }, "--runs must be a whole number from 1 to 10000, got '0'"],
    [{ minutes: '2.5' }, "--minutes must be a whole number from 1 to 1440, got '2.5'"],
    [{ concurrency: '1,x' }, "--concurrency takes whole numbers from 1 to 16, comma-separated (e.g. 1,2,4), got '1,x'"],
    [{ concurrency: '1,,2' }, "--concurrency takes whole numbers from 1 to 16, comma-separated (e.g. 1,2,4), got '1,,2'"],
    [{ concurrency: '2,2' }, "--concurrency names each level once, got '2,2'"],
    [{ seed: '-1' }, "--seed must be a whole number from 0 to 4294967295, got '-1'"],
    [{ seed: '4294967296' }, "--seed must be a whole number from 0 to 4294967295, got '4294967296'"],
  ])('refuses %o', (flags, message) => {
    expect(() => robustnessOptions(flags)).toThrow(UsageError);
    expect(() => robustnessOptions(flags)).toThrow(message);
  });

  it('refuses the flags of one benchmark given to another, before anything starts', async () => {
    const flags: BenchFlags = { settings: '1/1/3', connections: '10000', reportDir: '/nowhere' };
    await expect(benchCommand('precision', { ...flags, seed: '1' })).rejects.toThrow('--seed applies to bench robustness, not precision');
    await expect(benchCommand('robustness', { ...flags, repeat: '3' })).rejects.toThrow('--repeat applies to bench precision and scale, not robustness');
    await expect(benchCommand('speed', flags)).rejects.toThrow("unknown benchmark 'speed': choose one of precision, scale, robustness");
  });
});
