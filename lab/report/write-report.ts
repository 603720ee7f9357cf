import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunResult } from '../run/result.ts';
import { publishToGitHub } from './github.ts';
import { renderMarkdown } from './markdown.ts';
import { namingOf, type RunFiles, runFiles } from './run-files.ts';
import { writeRunIndex } from './run-index.ts';
import { renderSummaryMarkdown, type SummaryOptions, type SummaryRow } from './summary-markdown.ts';

export interface ReportOptions {
  /** The run's files, named before it started (the CLI's, so its capture lies beside them); else named from the result. */
  files?: RunFiles;
  /** Also put the report on the GitHub job's page (a run of its own, not one of a batch, which publishes its summary). */
  publish?: boolean;
  /** Rewrite the directory's index.md (a batch does it once, at its end). */
  index?: boolean;
}

/** Writes the run's .md and .json into `directory` under the run's own name (run-files.ts), and the directory's index. */
export async function writeReport(
  result: RunResult,
  directory: string,
  options: ReportOptions = {},
): Promise<{ markdown: string; json: string; index?: string }> {
  await mkdir(directory, { recursive: true });
  const { markdown, json } = options.files ?? runFiles(directory, namingOf(result));
  const report = renderMarkdown(result);
  await Promise.all([writeFile(markdown, report), writeFile(json, `${JSON.stringify(result, null, 2)}\n`)]);
  if (options.publish) await publishToGitHub(report, [{ scenario: result.scenario, result }]);
  const index = options.index === false ? undefined : await writeRunIndex(directory);
  return { markdown, json, ...(index ? { index } : {}) };
}

/** A summary of many runs, written to `file` and, under GitHub Actions, to the job's page. */
export async function writeSummary(file: string, rows: SummaryRow[], options: SummaryOptions): Promise<void> {
  const markdown = renderSummaryMarkdown(rows, options);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, markdown);
  await publishToGitHub(markdown, rows);
}
