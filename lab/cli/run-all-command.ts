// `keepalive-lab run --all`: the whole catalogue, each scenario with its report, then a summary. Keepalive flags
// apply to every scenario (e.g. a fast 1/1/3).
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { writeSummary } from '../report/write-report.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { writableReportDir } from './report-dir.ts';
import { captureFileFor, configFromFlags, ipVersionFromFlags, observeFromFlags, plannedFiles, type RunFlags } from '../flags/run-flags.ts';
import { serverFromFlags } from '../flags/server-flags.ts';
import { exitCodeOfRows, renderSummary, runPlans } from './run-many.ts';

export async function runAllCommand(flags: RunFlags): Promise<number> {
  if (flags.direction || flags.backend) throw new UsageError("--direction and --backend set one scenario's fault: use them without --all");
  const reportDir = await writableReportDir(flags.reportDir);
  const observe = observeFromFlags(flags);
  // Another server runs the scenarios it can take the agent's place in; the rest measure the agent itself.
  const scenarios = [...SCENARIOS.values()].filter((scenario) => !flags.server || flags.server === 'agent' || !scenario.agentOnly);
  const server = await serverFromFlags(flags, scenarios);
  if (scenarios.length < SCENARIOS.size) {
    process.stderr.write(
      `running the ${scenarios.length} scenarios ${server.profile.name} can take the agent's place in; the other ${SCENARIOS.size - scenarios.length} measure the lab's agent itself\n`,
    );
  }
  const plans = scenarios.map((scenario) => {
    const config = configFromFlags(scenario, flags);
    const files = plannedFiles(reportDir, scenario, server, config);
    const common = { capture: flags.capture, observe, server, ipVersion: ipVersionFromFlags(flags), strict: flags.strict };
    return { label: scenario.name, scenario, config, ...common, reportDir, files, captureFile: captureFileFor(scenario, flags, files) };
  });
  const rows = await runPlans(plans);
  await writeSummary(
    join(reportDir, 'summary.md'),
    rows.map((row) => ({ ...row, scenario: row.label })),
    { title: 'keepalive-lab, every scenario' },
  );
  process.stdout.write(flags.json ? `${JSON.stringify(rows.map((row) => row.result ?? { scenario: row.label, error: row.error }))}\n` : renderSummary(rows));
  process.stderr.write(`reports: ${reportDir} (summary.md of this batch; index.md lists every run there, each with its report)\n`);
  return exitCodeOfRows(rows);
}
