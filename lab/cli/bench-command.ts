// `keepalive-lab bench precision [--repeat N] [--concurrency N] [--json]`: performance targets live here,
// measured on real containers, not in timed unit tests.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { precisionBench, renderPrecisionMarkdown } from '../bench/precision-bench.ts';
import { UsageError } from '../errors.ts';
import { ensureImages } from '../runtime/images.ts';
import { progressPrinter } from './progress.ts';
import { writableReportDir } from './report-dir.ts';

const BENCHMARKS = ['precision'];

export async function benchCommand(name: string, flags: { repeat: string; concurrency: string; json?: boolean; reportDir: string }): Promise<number> {
  if (!BENCHMARKS.includes(name)) throw new UsageError(`unknown benchmark '${name}': choose one of ${BENCHMARKS.join(', ')}`);
  const repeat = wholeNumber('--repeat', flags.repeat);
  const concurrency = wholeNumber('--concurrency', flags.concurrency);
  const directory = await writableReportDir(flags.reportDir);
  const progress = progressPrinter();
  await ensureImages({ progress }); // once, so image builds do not count as run overhead
  const report = await precisionBench(repeat, concurrency, progress);
  const file = join(directory, 'bench-precision.md');
  await writeFile(file, renderPrecisionMarkdown(report));
  process.stderr.write(`report: ${file}\n`);
  if (flags.json) {
    const { environment: _, concurrency: __, ...json } = report;
    process.stdout.write(`${JSON.stringify(json)}\n`);
  } else {
    process.stdout.write(renderPrecisionMarkdown(report));
  }
  return report.passed === report.runs ? 0 : 1;
}

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new UsageError(`${flag} must be a whole number from 1 to 1000, got '${text}'`);
  return value;
}
