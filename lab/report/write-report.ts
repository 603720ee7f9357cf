import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../run-scenario.ts';
import { renderMarkdown } from './markdown.ts';

/** Writes <dir>/<scenario>.md and .json; returns their paths. */
export async function writeReport(result: RunResult, directory: string): Promise<{ markdown: string; json: string }> {
  await mkdir(directory, { recursive: true });
  const markdown = join(directory, `${result.scenario}.md`);
  const json = join(directory, `${result.scenario}.json`);
  await Promise.all([
    writeFile(markdown, renderMarkdown(result)),
    writeFile(json, `${JSON.stringify(result, null, 2)}\n`),
  ]);
  return { markdown, json };
}
