// Many runs as one Markdown page a team can read: a table with a row per run, grouped by scenario with failures
// first, the environments the runs measured, then each run in one sentence with its picture. Used by
// `report merge`, `run --all`, `run --matrix` and the test reporter, so every summary reads the same way.
import { kindOfResult } from '../kinds.ts';
import type { RunResult } from '../run/result.ts';
import { shortEnvironment } from '../observe/fingerprint.ts';
import { alignedTable, plural, signedMs } from '../format/format.ts';
import { renderPicture } from './picture.ts';
import { spreadSection } from './spread.ts';
import { describeRun } from './run-sentence.ts';

/** A run's result, or why it could not run; `origin` says where it came from, as Markdown (a file, a test). */
export interface SummaryRow {
  scenario: string;
  result?: RunResult;
  error?: string;
  origin?: string;
}

export interface SummaryOptions {
  title?: string;
  /** Lines under the title, e.g. where the results were merged from. */
  preamble?: string[];
  /** Scenario names in the order their groups should come (the catalogue's); others follow, by name. */
  scenarioOrder?: readonly string[];
}

type Status = 'FAIL' | 'ERROR' | 'INVALID' | 'PASS' | 'SKIPPED';

const statusOf = (row: SummaryRow): Status => (row.result ? (row.result.verdict.toUpperCase() as Status) : 'ERROR');
const failed = (row: SummaryRow) => ['FAIL', 'ERROR'].includes(statusOf(row));
const RANK: Record<Status, number> = { FAIL: 0, ERROR: 1, INVALID: 2, PASS: 3, SKIPPED: 4 };

/**
 * Grouped by scenario: the groups with a failure first, then in `scenarioOrder` (else in order of appearance);
 * inside a group failures first, then by start time.
 */
export function orderRows(rows: SummaryRow[], scenarioOrder: readonly string[] = []): SummaryRow[] {
  const groups = new Map<string, SummaryRow[]>();
  for (const row of rows) groups.set(row.scenario, [...(groups.get(row.scenario) ?? []), row]);
  const place = (scenario: string) => (scenarioOrder.includes(scenario) ? scenarioOrder.indexOf(scenario) : scenarioOrder.length);
  const ordered = [...groups.values()].map((group) =>
    group.toSorted((a, b) => RANK[statusOf(a)] - RANK[statusOf(b)] || (a.result?.startedAt ?? '').localeCompare(b.result?.startedAt ?? '')),
  );
  return ordered.toSorted((a, b) => Number(b.some(failed)) - Number(a.some(failed)) || place(a[0]!.scenario) - place(b[0]!.scenario)).flat();
}

export function renderSummaryMarkdown(input: SummaryRow[], options: SummaryOptions = {}): string {
  const rows = orderRows(input, options.scenarioOrder);
  const count = (status: Status) => rows.filter((row) => statusOf(row) === status).length;
  const tally = [
    `${count('FAIL')} failed`,
    `${count('PASS')} passed`,
    `${count('SKIPPED')} skipped`,
    ...(count('INVALID') ? [`${count('INVALID')} invalid`] : []),
    ...(count('ERROR') ? [`${count('ERROR')} could not run`] : []),
  ];
  return [
    `# ${options.title ?? 'keepalive-lab results'}: ${plural(rows.length, 'run')} — ${tally.join(', ')}`,
    '',
    ...(options.preamble && options.preamble.length > 0 ? [...options.preamble, ''] : []),
    ...failureSection(rows),
    ...invalidSection(rows),
    '## Runs',
    '',
    "Times are from the moment the fault took effect, in the Docker host's clock. Settings are idle/interval/count",
    '(seconds, seconds, probes), then where they were set. − predicted is how far the ending was from the time the',
    "lab predicted when the fault took effect; error − model is how late it came after the model's nominal time.",
    ...kindNotes(rows),
    '',
    ...alignedTable(
      ['#', 'scenario', 'fault', 'settings', 'expected', 'measured', '− predicted', 'error − model', 'verdict', 'mechanism', 'environment'],
      rows.map((row, index) => [String(index + 1), row.scenario, ...cellsOf(row)]),
      ['right', 'left', 'left', 'left', 'right', 'right', 'right', 'right'],
    ),
    ...spreadSection(rows.flatMap((row) => (row.result ? [row.result] : []))),
    ...environmentSection(rows),
    '## Each run',
    '',
    ...rows.flatMap((row, index) => runSection(row, index + 1)),
  ].join('\n');
}

function failureSection(rows: SummaryRow[]): string[] {
  const failures = rows.map((row, index) => ({ row, number: index + 1 })).filter(({ row }) => failed(row));
  if (failures.length === 0) return [];
  return [
    '## Failures',
    '',
    ...failures.map(({ row, number }) =>
      row.result
        ? `- **#${number} ${row.scenario}**: ${describeRun(row.result)} Why it failed: ${row.result.reason}.`
        : `- **#${number} ${row.scenario}** could not run: ${row.error}`,
    ),
    '',
  ];
}

/** Runs whose observation cannot be trusted: apart from the failures, for they say nothing about the kernel. */
function invalidSection(rows: SummaryRow[]): string[] {
  const invalid = rows.map((row, index) => ({ row, number: index + 1 })).filter(({ row }) => statusOf(row) === 'INVALID');
  if (invalid.length === 0) return [];
  return [
    '## Invalid runs',
    '',
    'What these runs observed cannot be trusted, so they neither pass nor fail: run them again.',
    '',
    ...invalid.map(({ row, number }) => `- **#${number} ${row.scenario}**: ${row.result!.reason}.`),
    '',
  ];
}

function cellsOf({ result: r, error }: SummaryRow): string[] {
  if (!r) return ['—', '—', '—', '—', '—', '—', 'ERROR', error ?? '', '—'];
  const ran = r.verdict !== 'skipped';
  const { cells } = kindOfResult(r).report;
  return [
    cells.fault(r),
    cells.settings(r),
    !ran ? '—' : cells.expected(r),
    !ran ? '—' : cells.measured(r),
    r.errorVsPredictionMs == null ? '—' : `${signedMs(r.errorVsPredictionMs, 3)} ms`,
    r.errorVsModelMs === null ? '—' : `${signedMs(r.errorVsModelMs)} ms`,
    r.verdict.toUpperCase(),
    ran ? r.mechanism : '—',
    shortEnvironment(r.environment),
  ];
}

/** What the kinds of the runs here say about their rows (a middlebox's times are from the request). */
function kindNotes(rows: SummaryRow[]): string[] {
  const notes = new Set(rows.flatMap((row) => (row.result ? [kindOfResult(row.result).report.note] : [])));
  return [...notes].filter((note) => note !== undefined);
}

function environmentSection(rows: SummaryRow[]): string[] {
  const seen = new Map<string, RunResult['environment']>();
  for (const { result } of rows) if (result) seen.set(shortEnvironment(result.environment), result.environment);
  if (seen.size === 0) return [];
  return [
    '## Environments',
    '',
    ...alignedTable(
      ['environment', 'kernel', 'HZ', 'Docker engine', 'iptables', 'server', 'agent Node / libuv', 'lab Node'],
      [...seen].map(([short, e]) => [
        short,
        e.kernel,
        e.hz === null ? 'unknown' : `${e.hz} (${e.hzSource})`,
        `${e.docker}, cgroup v${e.cgroupVersion}, ${e.storageDriver}`,
        e.iptables,
        e.server ?? 'agent',
        `${e.agentNode} / ${e.agentLibuv}`,
        e.labNode,
      ]),
    ),
  ];
}

function runSection(row: SummaryRow, number: number): string[] {
  const heading = `### ${number}. ${row.scenario} — ${statusOf(row)}`;
  const origin = row.origin ? [`From ${row.origin}.`, ''] : [];
  const r = row.result;
  if (!r) return [heading, '', `Could not run: ${row.error}`, '', ...origin];
  return [
    heading,
    '',
    describeRun(r),
    '',
    ...(r.verdict === 'fail' ? [`**Why it failed:** ${r.reason}.`, ''] : r.verdict === 'invalid' ? [`**Why it is invalid:** ${r.reason}.`, ''] : []),
    ...(r.verdict === 'skipped' ? [] : renderPicture(r)),
    `Reproduce: \`${r.command}\` (run \`${r.runId}\`, ${r.startedAt}).`,
    '',
    ...origin,
  ];
}
