// reports/index.md: every run in a report directory, newest first, with its verdict and a link to its report, and
// above them the latest run of each scenario with each server — rewritten after every run from the results the directory holds.
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { alignedTable } from '../format/format.ts';
import { kindOfResult } from '../kinds.ts';
import type { RunResult } from '../run/result.ts';
import { parseResults } from './read-results.ts';
import { namingOf } from './run-files.ts';

interface Listed {
  result: RunResult;
  /** Its Markdown report, relative to the directory. */
  report: string;
}

/** Rewrites `<directory>/index.md` (whole, by a rename: a reader never sees half of it) and returns its path. */
export async function writeRunIndex(directory: string): Promise<string> {
  const listed = await listRuns(directory);
  const file = join(directory, 'index.md');
  const draft = `${file}.${process.pid}.tmp`;
  await writeFile(draft, renderRunIndex(listed, directory));
  await rename(draft, file);
  return file;
}

/** Every run result directly in the directory (one per .json a run wrote), newest first. */
async function listRuns(directory: string): Promise<Listed[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.json'));
  const listed: Listed[] = [];
  for (const name of names) {
    const rows = await readFile(join(directory, name), 'utf8').then(
      (text) => parseResults(text, name, false),
      () => null, // gone since it was listed (another run's cleaning up)
    );
    const result = rows?.length === 1 ? rows[0]!.result : undefined; // a batch's array is listed through its runs' own files
    if (result) listed.push({ result, report: name.replace(/\.json$/, '.md') });
  }
  return listed.sort((a, b) => b.result.startedAt.localeCompare(a.result.startedAt));
}

export function renderRunIndex(listed: readonly Listed[], directory: string): string {
  // The latest of each scenario with each server: a Redis run does not hide the agent's.
  const key = ({ result }: Listed) => `${result.scenario} ${namingOf(result).server}`;
  const latest = [...new Map([...listed].reverse().map((run) => [key(run), run])).values()].sort((a, b) => key(a).localeCompare(key(b)));
  const row = ({ result, report }: Listed) => {
    const { cells } = kindOfResult(result).report;
    const measured = result.verdict === 'skipped' ? '—' : cells.measured(result);
    return [
      result.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      result.scenario,
      cells.settings(result),
      result.verdict.toUpperCase(),
      measured,
      `[report](${report})`,
    ];
  };
  const header = ['started (UTC)', 'scenario', 'settings', 'verdict', 'measured', ''];
  return [
    `# Runs in ${basename(directory)}`,
    '',
    `${listed.length} run${listed.length === 1 ? '' : 's'}; each run's report and result (.json) share its name, with its capture (.pcap) where the run kept one (the command line does). \`keepalive-lab report merge <this directory>\` summarises them all.`,
    '',
    '## The latest of each scenario and server',
    '',
    ...alignedTable(header, latest.map(row)),
    '## Every run, newest first',
    '',
    ...alignedTable(header, listed.map(row)),
  ].join('\n');
}
