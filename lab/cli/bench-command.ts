// `keepalive-lab bench precision [--settings 1/1/3,1/3/10,2/1/4] [--repeat N] [--concurrency N] [--json]`:
// performance targets live here, measured on real containers, not in timed unit tests.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, precisionBench, renderPrecisionMarkdown, type Settings, settingsName } from '../bench/precision-bench.ts';
import { UsageError } from '../errors.ts';
import { ensureImages } from '../runtime/images.ts';
import { progressPrinter } from './progress.ts';
import { writableReportDir } from './report-dir.ts';

const BENCHMARKS = ['precision'];

export const DEFAULT_SETTINGS_TEXT = DEFAULT_SETTINGS.map(settingsName).join(',');

export async function benchCommand(name: string, flags: { settings: string; repeat: string; concurrency: string; json?: boolean; reportDir: string }): Promise<number> {
  if (!BENCHMARKS.includes(name)) throw new UsageError(`unknown benchmark '${name}': choose one of ${BENCHMARKS.join(', ')}`);
  const settings = parseSettings(flags.settings);
  const repeat = wholeNumber('--repeat', flags.repeat);
  const concurrency = wholeNumber('--concurrency', flags.concurrency);
  const directory = await writableReportDir(flags.reportDir);
  const progress = progressPrinter();
  await ensureImages({ progress }); // once, so image builds do not count as run overhead
  const report = await precisionBench(settings, repeat, concurrency, progress);
  const file = join(directory, 'bench-precision.md');
  await writeFile(file, renderPrecisionMarkdown(report));
  process.stderr.write(`report: ${file}\n`);
  if (flags.json) {
    const { environment: _, concurrency: __, ...json } = report;
    process.stdout.write(`${JSON.stringify(json)}\n`);
  } else {
    process.stdout.write(renderPrecisionMarkdown(report));
  }
  return report.settings.every((s) => s.missed.length === 0) ? 0 : 1;
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

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new UsageError(`${flag} must be a whole number from 1 to 1000, got '${text}'`);
  return value;
}
