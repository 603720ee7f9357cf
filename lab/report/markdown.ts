// A run as a Markdown page a person can read: verdict first, what happened and the finding, then the body its kind
// contributes (run-kind.ts: the window, what was measured, the timeline…), the environment, and the command that
// reproduces it.
import type { PhaseTimes } from '../run/phases.ts';
import { alignedTable as table, seconds as s } from '../format/format.ts';
import { kindOfResult } from '../kinds.ts';
import type { RunResult } from '../run/result.ts';
import { serverLogSection } from '../sections/server-sections.ts';
import { describeRun } from './run-sentence.ts';

export function renderMarkdown(result: RunResult): string {
  const ran = result.verdict !== 'skipped'; // a skipped run measured nothing: no window, probes or timeline
  return [
    `# ${result.scenario} — ${result.verdict.toUpperCase()}`,
    '',
    `> ${result.summary}`,
    '',
    `**Verdict: ${result.verdict.toUpperCase()}** — ${result.reason}.`,
    '',
    ...(ran ? [`**What happened:** ${describeRun(result)}`, ''] : []),
    '## Finding',
    '',
    result.finding,
    '',
    ...kindOfResult(result).report.sections(result),
    ...serverLogSection(result),
    ...environmentSection(result),
    '## Reproduce',
    '',
    '```sh',
    result.command,
    '```',
    '',
    `Run \`${result.runId}\`, started ${result.startedAt}, took ${s(result.durationMs)}${phasesText(result.phases)}.`,
    '',
  ].join('\n');
}

/** Where the run's time went, phase by phase, the teardown included: the overhead around what the kernel took. */
function phasesText(phases: PhaseTimes | undefined): string {
  if (!phases) return '';
  const total = Object.values(phases).reduce((sum, ms) => sum + ms, 0);
  const list = Object.entries(phases).map(([name, ms]) => `${name} ${s(ms)}`);
  return `; ${s(total)} with its set-up and teardown — ${list.join(', ')}`;
}

function environmentSection({ environment: e }: RunResult): string[] {
  return [
    '## Environment',
    '',
    ...table(
      ['what', 'value'],
      [
        ['kernel', e.kernel],
        ['HZ', e.hz === null ? 'unknown (/proc/config.gz not readable)' : `${e.hz} (${e.hzSource})`],
        ['Docker engine', `${e.docker}, cgroup v${e.cgroupVersion}, ${e.storageDriver}`],
        ['iptables', e.iptables],
        ...(e.server && e.agentNode === '—' ? [['server', e.server]] : [['agent Node / libuv', `${e.agentNode} / ${e.agentLibuv}`]]),
        ['lab Node', e.labNode],
      ],
    ),
  ];
}
