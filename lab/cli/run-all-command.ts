// `keepalive-lab run --all`: the whole catalogue, a few scenarios at once on their own networks, each with its
// report, then one summary line per scenario. Keepalive flags apply to every scenario (e.g. a fast 1/1/3).
import { join, resolve } from 'node:path';
import { firstLine, UsageError } from '../errors.ts';
import { writeReport } from '../report/write-report.ts';
import { type RunResult, runScenario } from '../run-scenario.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { EXIT } from './exit-codes.ts';
import { progressPrinter } from './progress.ts';
import { configFromFlags, reproduceCommand, type RunFlags } from './run-command.ts';

const AT_ONCE = 4; // each run is 4 containers; more on a small machine delays the agents' events

interface Row {
  scenario: string;
  result?: RunResult;
  error?: string;
}

export async function runAllCommand(flags: RunFlags): Promise<number> {
  if (flags.direction || flags.backend) throw new UsageError('--direction and --backend set one scenario\'s fault: use them without --all');
  const planned = [...SCENARIOS.values()].map((scenario) => ({ scenario, config: configFromFlags(scenario, flags) }));
  const reportDir = resolve(flags.reportDir);
  const rows: Row[] = [];
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const { scenario, config } = planned[next++]!;
      const progress = progressPrinter(`${scenario.name}: `);
      try {
        const result = await runScenario(scenario, { config, progress, command: reproduceCommand(scenario, config), capture: flags.capture, captureFile: flags.capture ? join(reportDir, `${scenario.name}.pcap`) : undefined });
        await writeReport(result, reportDir);
        rows.push({ scenario: scenario.name, result });
      } catch (error) {
        progress(`error: ${firstLine(error)}`);
        rows.push({ scenario: scenario.name, error: firstLine(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  rows.sort((a, b) => planned.findIndex((p) => p.scenario.name === a.scenario) - planned.findIndex((p) => p.scenario.name === b.scenario));
  process.stdout.write(flags.json ? `${JSON.stringify(rows.map((row) => row.result ?? { scenario: row.scenario, error: row.error }))}\n` : renderSummary(rows));
  process.stderr.write(`reports: ${reportDir}\n`);
  if (rows.some((row) => row.error)) return EXIT.usage;
  return rows.some((row) => row.result?.verdict === 'fail') ? EXIT.fail : EXIT.pass;
}

export function renderSummary(rows: Row[]): string {
  const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(3)} s`);
  const lines = rows.map((row) => {
    const r = row.result;
    if (!r) return [row.scenario, 'ERROR', row.error ?? '', '', '', ''];
    const window = r.verdict === 'skipped' ? '' : `${s(r.expected.earliestMs)} … ${s(r.expected.latestMs)}`;
    return [r.scenario, r.verdict.toUpperCase(), r.outcome, s(r.measuredMs), window, r.verdict === 'skipped' ? r.reason : r.mechanism];
  });
  const header = ['scenario', 'verdict', 'outcome', 'measured', 'window (from the fault)', 'mechanism'];
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (line: string[]) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const count = (verdict: string) => rows.filter((row) => row.result?.verdict === verdict).length;
  const errors = rows.filter((row) => row.error).length;
  return [format(header), ...lines.map(format), '', `${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped${errors ? `, ${errors} could not run` : ''}`, ''].join('\n');
}
