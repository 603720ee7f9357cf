// `keepalive-lab report merge <dir|files…> [--out file]`: results from many runs (many CI jobs) as one summary.
import { resolve } from 'node:path';
import { plural } from '../format/format.ts';
import { publishToGitHub } from '../report/github.ts';
import { readResults } from '../report/read-results.ts';
import { renderSummaryMarkdown, type SummaryOptions } from '../report/summary-markdown.ts';
import { writeSummary } from '../report/write-report.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { EXIT } from '../exit-codes.ts';

export async function reportMergeCommand(paths: string[], flags: { out?: string; title?: string }): Promise<number> {
  const found = await readResults(paths);
  const options: SummaryOptions = {
    title: flags.title,
    scenarioOrder: [...SCENARIOS.keys()],
    preamble: [`Merged by \`keepalive-lab report merge\` on ${new Date().toISOString()} from ${plural(found.files.length, 'result file')}.`],
  };
  for (const file of found.passedOver) process.stderr.write(`passed over ${file}: no run result in it\n`);
  if (flags.out) {
    const out = resolve(flags.out);
    await writeSummary(out, found.rows, options);
    process.stderr.write(`merged ${plural(found.rows.length, 'run')} from ${plural(found.files.length, 'file')} into ${out}\n`);
  } else {
    const markdown = renderSummaryMarkdown(found.rows, options);
    process.stdout.write(markdown);
    await publishToGitHub(markdown, found.rows);
  }
  return EXIT.pass;
}
