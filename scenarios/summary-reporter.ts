// A vitest reporter: at the end of `npm test`, the runs the scenario tests recorded (task.meta.runs) become one
// summary, reports/test-summary.md, and their results reports/test-runs.json (which `report merge` reads).
// Under GitHub Actions the summary also goes to the job's page and failed runs become annotations.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import type { RunResult } from '../lab/run/result.ts';
import { publishToGitHub } from '../lab/report/github.ts';
import { renderSummaryMarkdown, type SummaryRow } from '../lab/report/summary-markdown.ts';
import { SCENARIOS } from '../lab/catalogue/index.ts';
import './record-run.ts'; // the TaskMeta it declares

export default class SummaryReporter implements Reporter {
  readonly directory: string;

  constructor(options: { directory?: string } = {}) {
    this.directory = options.directory ?? 'reports';
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const rows: SummaryRow[] = [];
    const failedTests: string[] = [];
    const states = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        states[result.state] += 1;
        if (result.state === 'failed') failedTests.push(`- ${test.fullName}: ${result.errors[0]?.message.split('\n')[0] ?? 'failed'}`);
        for (const run of test.meta().runs ?? []) rows.push({ scenario: run.scenario, result: run, origin: `the test “${test.fullName}”` });
      }
    }
    if (rows.length === 0) return; // a run without scenario tests (npm run test:unit) has nothing to summarise

    const directory = resolve(this.directory);
    const markdown = renderSummaryMarkdown(rows, {
      title: 'npm test, scenarios on real containers',
      scenarioOrder: [...SCENARIOS.keys()],
      preamble: [
        `Tests: ${states.passed} passed, ${states.failed} failed, ${states.skipped} skipped. Each lab run a test made is a row below.`,
        ...(failedTests.length > 0 ? ['', 'Failed tests:', ...failedTests] : []),
      ],
    });
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'test-summary.md'), markdown);
    await writeFile(
      join(directory, 'test-runs.json'),
      `${JSON.stringify(
        rows.map((row) => row.result as RunResult),
        null,
        2,
      )}\n`,
    );
    process.stderr.write(`\nsummary of ${rows.length} lab runs: ${join(directory, 'test-summary.md')} (results: test-runs.json)\n`);
    await publishToGitHub(markdown, rows);
  }
}
