import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunResult } from '../run/result.ts';
import { publishToGitHub } from './github.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSummaryMarkdown, type SummaryOptions, type SummaryRow } from './summary-markdown.ts';

/**
 * Writes <dir>/<scenario>.md and .json and returns their paths; with `publish`, also puts the report on the
 * GitHub job's page (a run of its own, not one of a batch, which publishes its summary instead).
 */
export async function writeReport(result: RunResult, directory: string, options: { publish?: boolean } = {}): Promise<{ markdown: string; json: string }> {
  await mkdir(directory, { recursive: true });
  const markdown = join(directory, `${result.scenario}.md`);
  const json = join(directory, `${result.scenario}.json`);
  const report = renderMarkdown(result);
  await Promise.all([writeFile(markdown, report), writeFile(json, `${JSON.stringify(result, null, 2)}\n`)]);
  if (options.publish) await publishToGitHub(report, [{ scenario: result.scenario, result }]);
  return { markdown, json };
}

/** A summary of many runs, written to `file` and, under GitHub Actions, to the job's page. */
export async function writeSummary(file: string, rows: SummaryRow[], options: SummaryOptions): Promise<void> {
  const markdown = renderSummaryMarkdown(rows, options);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, markdown);
  await publishToGitHub(markdown, rows);
}
