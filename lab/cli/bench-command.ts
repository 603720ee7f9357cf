// `keepalive-lab bench precision [--settings 1/1/3,1/3/10,2/1/4] [--repeat N] [--concurrency N] [--json]` and
// `keepalive-lab bench scale [--connections N] [--dead K] [--repeat N] [--json]`: performance targets live here,
// measured on real containers, not in timed unit tests.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, precisionBench, renderPrecisionMarkdown, type Settings, settingsName } from '../bench/precision-bench.ts';
import { renderScaleMarkdown, scaleBench } from '../bench/scale-bench.ts';
import { planCrowd } from '../crowd/plan.ts';
import { UsageError } from '../errors.ts';
import { ensureImages } from '../runtime/images.ts';
import { progressPrinter } from './progress.ts';
import { writableReportDir } from './report-dir.ts';

export interface BenchFlags {
  settings: string;
  repeat?: string;
  concurrency: string;
  connections: string;
  dead?: string;
  json?: boolean;
  reportDir: string;
}

const BENCHMARKS = ['precision', 'scale'] as const;
const DEFAULT_REPEAT = { precision: 6, scale: 10 } as const;

export const DEFAULT_SETTINGS_TEXT = DEFAULT_SETTINGS.map(settingsName).join(',');

export async function benchCommand(name: string, flags: BenchFlags): Promise<number> {
  if (!(BENCHMARKS as readonly string[]).includes(name)) throw new UsageError(`unknown benchmark '${name}': choose one of ${BENCHMARKS.join(', ')}`);
  const benchmark = name as (typeof BENCHMARKS)[number];
  const repeat = flags.repeat === undefined ? DEFAULT_REPEAT[benchmark] : wholeNumber('--repeat', flags.repeat);
  return benchmark === 'precision' ? precision(flags, repeat) : scale(flags, repeat);
}

async function precision(flags: BenchFlags, repeat: number): Promise<number> {
  const settings = parseSettings(flags.settings);
  const concurrency = wholeNumber('--concurrency', flags.concurrency);
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
