// `keepalive-lab run <scenario> --matrix idle=1 interval=1,3 count=3,10`: the grid of keepalive settings, run in
// parallel on their own networks, summarised in one report with a row per combination (the summary every batch gets).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { writeSummary } from '../report/write-report.ts';
import { configFromFlags, findScenario, ipVersionFromFlags, observeFromFlags, type RunFlags } from '../flags/run-flags.ts';
import { appliedKeepalive } from '../servers/server-profile.ts';
import { writableReportDir } from './report-dir.ts';
import { middleboxFromFlags } from '../flags/middlebox-flags.ts';
import type { MiddleboxChoice } from '../middlebox/plan.ts';
import { isMiddleboxScenario, isProxyScenario, type Scenario } from '../scenario.ts';
import { serverFromFlags } from '../flags/server-flags.ts';
import { exitCodeOfRows, renderSummary, runPlans } from './run-many.ts';

const AXES = { idle: 'idle', interval: 'interval', count: 'count', 'user-timeout': 'userTimeout' } as const;
type Axis = keyof typeof AXES;
const MAX_COMBINATIONS = 64;

export type Combination = Partial<Record<(typeof AXES)[Axis], string>>;

/** `idle=1 interval=1,3` → every combination, in the order given (the last axis varies fastest). */
export function parseMatrix(specs: string[]): Combination[] {
  let combinations: Combination[] = [{}];
  const seen = new Set<string>();
  for (const spec of specs) {
    const match = /^([a-z-]+)=(.+)$/.exec(spec);
    const axis = match?.[1] as Axis | undefined;
    if (!match || !axis || !(axis in AXES)) {
      throw new UsageError(`--matrix takes name=v1,v2,… with a name from ${Object.keys(AXES).join(', ')} (got '${spec}')`);
    }
    if (seen.has(axis)) throw new UsageError(`--matrix names ${axis} twice: give all its values once, comma-separated`);
    seen.add(axis);
    const values = match[2]!.split(',').map((value) => value.trim());
    if (values.some((value) => value === '')) throw new UsageError(`--matrix ${axis} has an empty value in '${spec}'`);
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [AXES[axis]]: value })));
  }
  if (combinations.length > MAX_COMBINATIONS) throw new UsageError(`--matrix makes ${combinations.length} runs, more than ${MAX_COMBINATIONS}: split it up`);
  return combinations;
}

export async function matrixCommand(name: string, specs: string[], flags: RunFlags): Promise<number> {
  const scenario = findScenario(name);
  if (flags.direction || flags.backend) throw new UsageError('--direction and --backend are not varied by --matrix: run the scenario on its own');
  const observe = observeFromFlags(flags);
  const combinations = parseMatrix(specs);
  if (flags.serverDefaults) throw new UsageError('--matrix varies keepalive settings, and --server-defaults sets none: use one or the other');
  const server = await serverFromFlags({ ...flags, ...combinations[0] }, [scenario]); // an axis counts as a typed flag
  const reportDir = await writableReportDir(flags.reportDir);
  const plans = combinations.map((combination) => {
    const config = configFromFlags(scenario, { ...flags, ...combination }); // validates every combination first
    const middlebox = middleboxFromFlags(scenario, flags, config);
    const held = server.profile.agent ? config : appliedKeepalive(server.profile, config); // what another server derives
    const userTimeout = held.userTimeoutMs > 0 ? `/${held.userTimeoutMs}ms` : '';
    return {
      label: `${held.idleS}/${held.intervalS}/${held.count}${userTimeout}`,
      scenario,
      config,
      capture: flags.capture,
      observe,
      server,
      ipVersion: ipVersionFromFlags(flags),
      strict: flags.strict,
      middlebox,
    };
  });
  const rows = await runPlans(plans);
  const base = join(reportDir, `${scenario.name}-matrix`);
  const results = rows.map((row) => row.result ?? { scenario: scenario.name, label: row.label, error: row.error });
  await writeSummary(
    `${base}.md`,
    rows.map((row) => ({ ...row, scenario: scenario.name })),
    {
      title: `${scenario.name}, a matrix of keepalive settings`,
      preamble: [
        `> ${scenario.summary}`,
        '',
        `One run per combination of settings, each on its own network, run in parallel${behind(plans[0]?.middlebox, scenario)}.`,
      ],
    },
  );
  await writeFile(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(flags.json ? `${JSON.stringify(results)}\n` : renderSummary(rows, 'idle/interval/count'));
  process.stderr.write(`report: ${base}.md (and .json)\n`);
  return exitCodeOfRows(rows);
}

/** ", behind a router that forgets an idle flow after 5 s (drop mode)" for a middlebox scenario, ", behind HAProxy …" for the proxy. */
function behind(choice: MiddleboxChoice | undefined, scenario: Scenario): string {
  if (isProxyScenario(scenario)) return `, behind HAProxy closing a connection idle ${choice?.proxyTimeoutS ?? scenario.proxy.timeoutS} s`;
  if (!isMiddleboxScenario(scenario)) return '';
  const { natTimeoutS, mode } = { ...scenario.middlebox, ...choice };
  return `, behind a router that forgets an idle flow after ${natTimeoutS} s (${mode} mode)`;
}
