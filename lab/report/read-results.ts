// Finds run results for `report merge`: the .json each run writes, the array `run --all --json`,
// `--matrix` or the test reporter write, in directories (searched recursively, as CI artifacts arrive) or named
// files. A JSON file in a directory that holds no result (vitest's, a benchmark's) is passed over and listed; a
// named file that holds none, or a result missing what a summary needs, is an error that names the file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { RUN_KINDS } from '../kinds.ts';
import type { RunResult } from '../run/result.ts';
import type { SummaryRow } from './summary-markdown.ts';

/** What the summary reads from a result (a run's JSON); the rest of the object is carried along unchecked. */
export const runResultSchema = z.looseObject({
  scenario: z.string(),
  runId: z.string(),
  /** Absent in results written before runs had a kind: they are told apart by their fields as they are read. */
  kind: z
    .string()
    .refine((name) => RUN_KINDS.some((kind) => kind.name === name), { message: `not a run kind (${RUN_KINDS.map((kind) => kind.name).join(', ')})` })
    .optional(),
  verdict: z.enum(['pass', 'fail', 'skipped', 'invalid']),
  reason: z.string(),
  outcome: z.string(),
  mechanism: z.string(),
  measuredMs: z.number().nullable(),
  observedForMs: z.number(),
  referenceMs: z.number().nullable(),
  errorVsModelMs: z.number().nullable(),
  errorVsPredictionMs: z.number().nullable().optional(),
  probesSent: z.number(),
  probes: z.array(z.looseObject({ atMs: z.number(), answered: z.boolean() })),
  expected: z.looseObject({ earliestMs: z.number(), latestMs: z.number(), reference: z.string() }),
  expectation: z.looseObject({ outcome: z.enum(['error', 'alive', 'request', 'closed-by-proxy']) }),
  roles: z.looseObject({ observer: z.string(), peer: z.string() }),
  config: z.looseObject({ idle: z.number(), interval: z.number(), count: z.number(), userTimeout: z.number(), setOn: z.string() }),
  fault: z.looseObject({ kind: z.string(), target: z.string() }),
  environment: z.looseObject({ kernel: z.string(), agentNode: z.string(), docker: z.string() }),
  command: z.string(),
  startedAt: z.string(),
});
const couldNotRun = z.object({ scenario: z.string(), error: z.string(), label: z.string().optional() });

export interface FoundResults {
  rows: SummaryRow[];
  files: string[];
  /** JSON files in the directories that hold no run result. */
  passedOver: string[];
}

export async function readResults(paths: string[], cwd = process.cwd()): Promise<FoundResults> {
  const found: FoundResults = { rows: [], files: [], passedOver: [] };
  const seenRuns = new Set<string>();
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new UsageError(`${path} does not exist: give report directories or the .json files runs wrote`);
    });
    const named = !info.isDirectory();
    for (const file of named ? [path] : await jsonFilesUnder(path)) {
      const shown = relative(cwd, file).startsWith('..') ? file : relative(cwd, file);
      const rows = parseResults(await readFile(file, 'utf8'), shown, named);
      if (!rows) {
        found.passedOver.push(shown);
        continue;
      }
      found.files.push(shown);
      for (const row of rows) {
        const runId = row.result?.runId;
        if (runId && seenRuns.has(runId)) continue; // the same run in its own file and in a batch's
        if (runId) seenRuns.add(runId);
        found.rows.push(row);
      }
    }
  }
  if (found.rows.length === 0) {
    throw new UsageError(`no run results in ${paths.join(', ')}: give the directories runs wrote (--report-dir) or the .json files in them`);
  }
  return found;
}

async function jsonFilesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The rows a file holds; null when it is not a results file at all and was not named (so may be passed over). */
export function parseResults(text: string, file: string, named: boolean): SummaryRow[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    if (!named) return null;
    throw new UsageError(`${file} is not JSON (${(error as Error).message}): give a result a run wrote`);
  }
  const items = Array.isArray(data) ? data : [data];
  const looksLikeResults = items.length > 0 && items.every((item) => typeof item === 'object' && item !== null && 'scenario' in item);
  if (!looksLikeResults) {
    if (!named) return null;
    throw new UsageError(`${file} holds no run result: give the .json a run wrote, or a directory of them`);
  }
  return items.map((item: object, index) => {
    const where = Array.isArray(data) ? `item ${index + 1} of ${file}` : file;
    const problem = (error: z.ZodError) => {
      const issue = error.issues[0]!;
      return new UsageError(
        `${where} is not a complete run result (${issue.path.join('.') || 'the object'}: ${issue.message}): was it written by an older keepalive-lab?`,
      );
    };
    if ('error' in item && !('verdict' in item)) {
      // a run that could not start, as a batch reports it
      const parsed = couldNotRun.safeParse(item);
      if (!parsed.success) throw problem(parsed.error);
      const { scenario, label, error } = parsed.data;
      return { scenario, error: label ? `${label}: ${error}` : error, origin: `\`${file}\`` };
    }
    const parsed = runResultSchema.safeParse(item);
    if (!parsed.success) throw problem(parsed.error);
    const result = { ...parsed.data, kind: parsed.data.kind ?? kindBefore(parsed.data) } as unknown as RunResult;
    return { scenario: parsed.data.scenario, result, origin: `\`${file}\`` };
  });
}

/** The kind of a result written before runs had one: a crowd's has its connections, a middlebox's its request. */
function kindBefore(result: object): string {
  if ('middlebox' in result && 'request' in result) return 'middlebox';
  return 'connections' in result && typeof result.connections === 'object' ? 'crowd' : 'single';
}
