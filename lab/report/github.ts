// GitHub Actions: the summary goes to the job's page ($GITHUB_STEP_SUMMARY) and each failed run becomes an
// error annotation (a workflow command on stdout) that names the scenario and says what happened.
import { appendFile } from 'node:fs/promises';
import { describeRun } from './run-sentence.ts';
import type { SummaryRow } from './summary-markdown.ts';

/** GitHub keeps at most 1 MiB of step summary; past that the per-run sections give way to a pointer. */
const STEP_SUMMARY_LIMIT = 1024 * 1024;

export function fitForStepSummary(markdown: string): string {
  if (Buffer.byteLength(markdown) <= STEP_SUMMARY_LIMIT) return markdown;
  const cut = markdown.indexOf('## Each run');
  const head = cut >= 0 ? markdown.slice(0, cut) : markdown.slice(0, STEP_SUMMARY_LIMIT / 2);
  return `${head}\n_The per-run sections are too long for a step summary (1 MiB): read them in the uploaded report._\n`;
}

// Workflow command escaping (actions/toolkit): data escapes %, CR, LF; properties also : and ,.
const escapeData = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

export function failureAnnotations(rows: SummaryRow[]): string[] {
  return rows.flatMap((row) => {
    if (row.result && row.result.verdict !== 'fail') return [];
    const title = `keepalive-lab ${row.scenario}: ${row.result ? 'FAIL' : 'could not run'}`;
    const message = row.result ? `${describeRun(row.result)} Why it failed: ${row.result.reason}.` : (row.error ?? '');
    return [`::error title=${escapeProperty(title)}::${escapeData(message)}`];
  });
}

/** Does nothing outside GitHub Actions. */
export async function publishToGitHub(markdown: string, rows: SummaryRow[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.GITHUB_ACTIONS !== 'true') return;
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, fitForStepSummary(markdown));
  for (const annotation of failureAnnotations(rows)) process.stdout.write(`${annotation}\n`);
}
