// `keepalive-lab bench precision [--settings 1/1/3,1/3/10,2/1/4] [--repeat N] [--concurrency N] [--json]`,
// `keepalive-lab bench scale [--connections N] [--dead K] [--repeat N] [--json]` and
// `keepalive-lab bench robustness [--seed N] [--runs N | --minutes M] [--concurrency 1,2,4] [--json]`: performance
// and robustness targets live here, measured on real containers, not in timed unit tests.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { precisionBench, renderPrecisionMarkdown } from '../bench/precision-bench.ts';
import { DEFAULT_SETTINGS_TEXT, type Settings } from '../bench/precision-settings.ts';
import {
  type BenchSize,
  DEFAULT_LEVELS,
  DEFAULT_MINUTES,
  newSeed,
  planRobustness,
  type RobustnessOptions,
  type RobustnessPlan,
} from '../bench/random-settings.ts';
import { renderRobustnessMarkdown, robustnessBench } from '../bench/robustness-bench.ts';
import { renderScaleMarkdown, scaleBench } from '../bench/scale-bench.ts';
import { planCrowd } from '../crowd/plan.ts';
import { UsageError } from '../errors.ts';
import { docker } from '../runtime/docker-client.ts';
import { ensureImages } from '../runtime/images.ts';
import { ensureServerImage } from '../runtime/server-image.ts';
import { progressPrinter } from './progress.ts';
import { writableReportDir } from './report-dir.ts';

export interface BenchFlags {
  settings: string;
  repeat?: string;
  /** precision: one number (default 2); robustness: a comma list, a batch each (default 1,2,4). */
  concurrency?: string;
  connections: string;
  dead?: string;
  seed?: string;
  runs?: string;
  minutes?: string;
  json?: boolean;
  reportDir: string;
}

const BENCHMARKS = ['precision', 'scale', 'robustness'] as const;
const DEFAULT_REPEAT = { precision: 6, scale: 10 } as const;
/** Flags that belong to some benchmarks only (those with a default cannot be told apart from it, and are not here). */
const ONLY_FOR = { repeat: ['precision', 'scale'], dead: ['scale'], seed: ['robustness'], runs: ['robustness'], minutes: ['robustness'] } as const;

export async function benchCommand(name: string, flags: BenchFlags): Promise<number> {
  if (!(BENCHMARKS as readonly string[]).includes(name)) throw new UsageError(`unknown benchmark '${name}': choose one of ${BENCHMARKS.join(', ')}`);
  const benchmark = name as (typeof BENCHMARKS)[number];
  for (const [flag, benchmarks] of Object.entries(ONLY_FOR)) {
    if (flags[flag as keyof typeof ONLY_FOR] !== undefined && !(benchmarks as readonly string[]).includes(benchmark)) {
      throw new UsageError(`--${flag} applies to bench ${benchmarks.join(' and ')}, not ${benchmark}`);
    }
  }
  if (benchmark === 'robustness') return robustness(flags);
  const repeat = flags.repeat === undefined ? DEFAULT_REPEAT[benchmark] : wholeNumber('--repeat', flags.repeat);
  return benchmark === 'precision' ? precision(flags, repeat) : scale(flags, repeat);
}

async function precision(flags: BenchFlags, repeat: number): Promise<number> {
  const settings = parseSettings(flags.settings);
  const concurrency = wholeNumber('--concurrency', flags.concurrency ?? '2');
  const directory = await writableReportDir(flags.reportDir);
  const progress = progressPrinter();
  await ensureImages({ progress }); // once, so image builds do not count as run overhead
  const report = await precisionBench(settings, repeat, concurrency, progress);
  const markdown = renderPrecisionMarkdown(report);
  await publish(join(directory, 'bench-precision.md'), markdown, flags.json ? (({ environment: _, concurrency: __, ...json }) => json)(report) : undefined);
  return report.settings.every((s) => s.missed.length === 0) ? 0 : 1;
}

async function scale(flags: BenchFlags, repeat: number): Promise<number> {
  const connections = wholeNumber('--connections', flags.connections, 50_000);
  const dead = flags.dead === undefined ? Math.floor(connections / 2) : Number(flags.dead);
  planCrowd(connections, dead); // its checks, before anything starts
  const directory = await writableReportDir(flags.reportDir);
  const progress = progressPrinter();
  await ensureImages({ progress });
  const report = await scaleBench(connections, dead, repeat, progress);
  await publish(join(directory, 'bench-scale.md'), renderScaleMarkdown(report), flags.json ? (({ environment: _, ...json }) => json)(report) : undefined);
  return report.missed.length === 0 ? 0 : 1;
}

async function robustness(flags: BenchFlags): Promise<number> {
  const options = robustnessOptions(flags);
  const directory = await writableReportDir(flags.reportDir);
  const progress = progressPrinter();
  progress(`seed ${options.seed} (--seed ${options.seed} replays this plan)`);
  const plan = await planRobustness(options);
  if (plan.runs.length === 0)
    throw new UsageError(`--minutes ${'minutes' in options.size ? options.size.minutes : ''} leaves no room for a single run: give more minutes, or --runs`);
  progress(
    `${plan.runs.length} runs planned, ${plan.levels.map((level) => `${plan.runs.filter((run) => run.concurrency === level).length} at concurrency ${level}`).join(', ')}; about ${Math.ceil(plan.estimateMs / 60_000)} min${plan.refused.length > 0 ? `; ${plan.refused.length} draws refused as the CLI would` : ''}`,
  );
  await ensurePlanImages(plan, progress); // once, before the runs: concurrent runs would build a missing image together
  const report = await robustnessBench(plan, progress);
  await publish(
    join(directory, 'bench-robustness.md'),
    renderRobustnessMarkdown(report),
    flags.json ? (({ environment: _, ...json }) => json)(report) : undefined,
  );
  return report.missed.length === 0 ? 0 : 1;
}

async function ensurePlanImages(plan: RobustnessPlan, progress: (line: string) => void): Promise<void> {
  await ensureImages({ progress });
  const profiles = new Map(plan.runs.filter((run) => !run.server.profile.agent).map((run) => [run.server.profile.name, run.server.profile]));
  const client = await docker();
  for (const profile of profiles.values()) await ensureServerImage(client, profile, 'auto', progress);
}

/** --seed, --runs or --minutes, --concurrency: checked before anything starts. */
export function robustnessOptions(flags: Pick<BenchFlags, 'seed' | 'runs' | 'minutes' | 'concurrency'>): RobustnessOptions {
  if (flags.runs !== undefined && flags.minutes !== undefined)
    throw new UsageError('--runs and --minutes exclude each other: --runs sets the number of runs, --minutes the time they are drawn to fill');
  const size: BenchSize =
    flags.runs !== undefined
      ? { runs: wholeNumber('--runs', flags.runs, 10_000) }
      : { minutes: flags.minutes === undefined ? DEFAULT_MINUTES : wholeNumber('--minutes', flags.minutes, 1440) };
  const levels = flags.concurrency === undefined ? [...DEFAULT_LEVELS] : parseLevels(flags.concurrency);
  return { seed: flags.seed === undefined ? newSeed() : parseSeed(flags.seed), levels, size };
}

/** "1,2,4": runs at once, each level a batch of its own, run in the order given. */
export function parseLevels(text: string): number[] {
  const levels = text.split(',').map((item) => Number(item.trim() === '' ? Number.NaN : item));
  if (levels.some((level) => !Number.isInteger(level) || level < 1 || level > MAX_LEVEL)) {
    throw new UsageError(`--concurrency takes whole numbers from 1 to ${MAX_LEVEL}, comma-separated (e.g. ${DEFAULT_LEVELS.join(',')}), got '${text}'`);
  }
  if (new Set(levels).size < levels.length) throw new UsageError(`--concurrency names each level once, got '${text}'`);
  return levels;
}

/** More runs at once than this on a few cores measures the machine, not the lab. */
const MAX_LEVEL = 16;

/** mulberry32 takes 32 bits: 0 to 4294967295. */
export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\d+$/.test(text.trim()) || seed > 2 ** 32 - 1) throw new UsageError(`--seed must be a whole number from 0 to ${2 ** 32 - 1}, got '${text}'`);
  return seed;
}

/** Writes the report, and prints it — or, with --json, the numbers as one JSON object. */
async function publish(file: string, markdown: string, json: unknown): Promise<void> {
  await writeFile(file, markdown);
  process.stderr.write(`report: ${file}\n`);
  process.stdout.write(json === undefined ? markdown : `${JSON.stringify(json)}\n`);
}

/** "1/1/3,1/3/10": idle/interval/count triples of whole numbers ≥ 1. */
export function parseSettings(text: string): Settings[] {
  return text.split(',').map((item) => {
    const parts = item.trim().split('/').map(Number);
    if (parts.length !== 3 || parts.some((part) => !Number.isInteger(part) || part < 1)) {
      throw new UsageError(`--settings takes idle/interval/count triples of whole numbers ≥ 1, comma-separated (e.g. ${DEFAULT_SETTINGS_TEXT}), got '${item}'`);
    }
    return { idleS: parts[0]!, intervalS: parts[1]!, count: parts[2]! };
  });
}

function wholeNumber(flag: string, text: string, max = 1000): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got '${text}'`);
  return value;
}
