// A run as a Markdown page a person can read: verdict first, then why the window is what it is, what was
// measured, the timeline, the environment, and the command that reproduces it.
import { isCrowdResult } from '../crowd/result.ts';
import { isMiddleboxResult } from '../middlebox/result.ts';
import type { RunResult } from '../run/result.ts';
import { crowdSections } from './crowd-sections.ts';
import { alignedTable as table, plainMs, seconds as s, signedMs } from '../format/format.ts';
import { middleboxSections } from './middlebox-sections.ts';
import { renderPicture } from './picture.ts';
import { describeRun } from './run-sentence.ts';
import { asShippedSection, serverLogSection, serverSettingsRows, serverViewSection } from './server-sections.ts';
import { windowSection } from './window-section.ts';

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
    ...bodySections(result, ran),
    ...serverLogSection(result),
    ...environmentSection(result),
    '## Reproduce',
    '',
    '```sh',
    result.command,
    '```',
    '',
    `Run \`${result.runId}\`, started ${result.startedAt}, took ${s(result.durationMs)}.`,
    '',
  ].join('\n');
}

/** What sets the run apart: a crowd's connections, a middlebox's path and request, or one connection's window and probes. */
function bodySections(result: RunResult, ran: boolean): string[] {
  if (isMiddleboxResult(result)) return ran ? middleboxSections(result) : [];
  return [
    ...settingsSection(result),
    ...asShippedSection(result),
    ...(isCrowdResult(result) ? crowdSections(result) : []),
    ...(ran && !isCrowdResult(result)
      ? [
          ...(result.asShipped && result.expectation.outcome === 'alive' ? [] : windowSection(result)),
          ...measuredSection(result),
          ...probeSection(result),
          ...serverViewSection(result),
          ...pictureSection(result),
          ...timelineSection(result),
        ]
      : []),
  ];
}

function settingsSection(result: RunResult): string[] {
  const { config, observerSocketOptions: held, roles } = result;
  const asked = Object.keys(held).length > 0;
  const where =
    roles.observer === 'client'
      ? "the client's socket (setKeepAlive + net-keepalive)"
      : {
          listener: 'the listening socket (accepted sockets inherit them)',
          accepted: 'each accepted socket (setKeepAlive + net-keepalive)',
          'node-default': 'each accepted socket, with Node alone: setKeepAlive(true, idle) — libuv sets interval 1 s and count 10',
          'node-no-delay': 'each accepted socket, with Node alone: setKeepAlive(true) and no delay',
        }[config.setOn];
  const heldText = held.keepalive
    ? `keepalive on, idle ${held.idleS} s, interval ${held.intervalS} s, count ${held.count}, user timeout ${held.userTimeoutMs} ms`
    : 'keepalive off';
  const agentRows = [
    ['idle (TCP_KEEPIDLE)', `${config.idle} s`],
    ['interval (TCP_KEEPINTVL)', `${config.interval} s`],
    ['count (TCP_KEEPCNT)', String(config.count)],
    ['user timeout (TCP_USER_TIMEOUT)', config.userTimeout > 0 ? `${config.userTimeout} ms` : 'not set'],
    ['set on', where],
  ];
  const byAgent = !result.server || result.server.profile === 'agent';
  return [
    '## Settings',
    '',
    ...table(
      ['setting', 'value'],
      [
        ...(byAgent ? agentRows : serverSettingsRows(result)),
        ...(Object.keys(result.fault.options ?? {}).length > 0
          ? [
              [
                `${result.fault.kind} fault`,
                Object.entries(result.fault.options)
                  .map(([name, value]) => `${name} ${value}`)
                  .join(', '),
              ],
            ]
          : []),
        ...(asked ? [[`the ${roles.observer}'s socket held (getsockopt)`, heldText]] : []),
        ...(result.observedKeepalive ? [[`on the wire (what the kernel did)`, observedText(result)]] : []),
      ],
    ),
    ...keepaliveDifference(result),
  ];
}

function observedText({ observedKeepalive: seen }: RunResult): string {
  const part = (value: number | null | undefined, unit: string) => (value === null || value === undefined ? '—' : `${value}${unit}`);
  return `idle ${part(seen?.idleS, ' s')}, interval ${part(seen?.intervalS, ' s')}, count ${part(seen?.count, '')}`;
}

/** Says plainly where the wire shows other settings than the kernel was given, and what the wire could not show. */
function keepaliveDifference(result: RunResult): string[] {
  const seen = result.observedKeepalive;
  if (!seen) return [];
  const applied = result.appliedConfig ?? result.config;
  const given = { idleS: applied.idle, intervalS: applied.interval, count: applied.count };
  const names = { idleS: 'idle', intervalS: 'interval', count: 'count' } as const;
  const keys = Object.keys(names) as (keyof typeof names)[];
  const differing = keys.filter((key) => seen[key] !== null && seen[key] !== given[key]);
  const unseen = keys.filter((key) => seen[key] === null);
  const because = (key: keyof typeof names) =>
    key === 'count' && applied.userTimeout > 0 ? ' (the user timeout, not the count, decides when it gives up)' : '';
  return [
    ...differing.map((key) => `**The wire shows ${names[key]} ${seen[key]} where the kernel was given ${given[key]}**${because(key)}.`),
    ...(differing.length === 0 && unseen.length < keys.length ? ['What the wire shows matches what the kernel was given.'] : []),
    ...(unseen.length > 0
      ? [`Not on the wire: ${unseen.map((key) => `${names[key]} — ${result.observedKeepaliveReason?.[key] ?? 'not shown'}`).join('; ')}.`]
      : []),
    '',
  ];
}

function measuredSection(result: RunResult): string[] {
  const { observer, peer } = result.roles;
  const probeSource = result.wire ? 'on the wire' : 'TcpExt.TCPKeepAlive, no capture';
  const rows = [
    [`outcome at the ${observer}`, `${result.outcome} (mechanism: ${result.mechanism})`],
    ['fault → outcome', result.measuredMs === null ? `none in ${s(result.observedForMs)}` : s(result.measuredMs)],
    ...(result.outcomeSeenBy ? [['seen by', seenByText(result)]] : []),
    ...(result.agentOutcome !== undefined
      ? [
          [
            `the ${observer}'s application saw`,
            `${result.agentOutcome}${result.agentOutcome === result.outcome ? ' (agrees with the wire)' : ' (disagrees with the wire)'}`,
          ],
        ]
      : []),
    [`keepalive probes the ${observer} sent after the fault (${probeSource})`, String(result.probesSent)],
    ...(result.predictedMs == null
      ? []
      : [
          [
            'predicted at the fault',
            `${s(result.predictedMs)}; measured − predicted ${result.errorVsPredictionMs == null ? '—' : `${signedMs(result.errorVsPredictionMs, 3)} ms`}`,
          ],
        ]),
    ...(result.errorVsModelMs === null ? [] : [['error − model (nominal timers, before the wheel rounds them)', `${signedMs(result.errorVsModelMs)} ms`]]),
    ...(result.eventLatencyMs === null
      ? []
      : [["agent's event − the packet that ended it on the wire (the lab's lateness)", `${signedMs(result.eventLatencyMs)} ms`]]),
    ...(result.wire
      ? [
          [
            'capture',
            `${result.wire.packets} packets on the ${observer}'s interface${result.wire.ending ? `; ended by a ${result.wire.ending.kind.toUpperCase()} from the ${result.wire.ending.by === 'observer' ? observer : peer}` : ''}`,
          ],
        ]
      : []),
    ...Object.entries(result.fault.evidence).map(([name, value]) => [`fault: ${name}`, String(value)]),
    ['fault in effect at', `${result.fault.at} (injecting took ${result.fault.spanMs.toFixed(1)} ms)`],
  ];
  const socket = result.observerSocket;
  if (socket) {
    rows.push([
      `${observer}'s kernel at the end (ss)`,
      `${socket.state}, ${socket.timer ? `${socket.timer.name} timer ${socket.timer.expiresIn}, ${socket.timer.probesUnanswered} probes unanswered` : 'no timer'}, last segment received ${socket.lastReceivedMsAgo ?? '?'} ms before`,
    ]);
  }
  return ['## Measured', '', ...table(['what', 'value'], rows)];
}

function seenByText(result: RunResult): string {
  const { observer, peer } = result.roles;
  if (result.outcomeSeenBy === 'counters') {
    return `the ${observer}'s namespace counting a timeout abort (TcpExt.TCPAbortOnTimeout), no packet on the wire; known to within ${plainMs(result.wire?.counterGapMs ?? 0)} ms, the longest gap between samples`;
  }
  if (result.outcomeSeenBy === 'agent') return `the ${observer}'s application (no capture)`;
  const ending = result.wire?.ending;
  return ending ? `a ${ending.kind.toUpperCase()} from the ${ending.by === 'observer' ? observer : peer} on the wire` : 'the wire';
}

function probeSection({ probes }: RunResult): string[] {
  if (probes.length === 0) return [];
  const predicted = probes.some((probe) => probe.predictedAtMs !== undefined);
  const offset = (from: number | null | undefined, probe: { atMs: number }, decimals = 1) =>
    from == null ? '—' : `${signedMs(probe.atMs - from, decimals)} ms`;
  return [
    '## Probes after the fault',
    '',
    ...(predicted ? ["Each probe against the prediction stated at the fault, and against the model's nominal time.", ''] : []),
    ...table(
      ['#', 'sent (from the fault)', ...(predicted ? ['predicted', 'sent − predicted'] : []), 'since the reference', 'model', 'late by', 'answered'],
      probes.map((probe, k) => [
        String(k + 1),
        `${s(probe.atMs)}`,
        ...(predicted ? [probe.predictedAtMs == null ? '—' : s(probe.predictedAtMs), offset(probe.predictedAtMs, probe, 3)] : []),
        s(probe.sinceReferenceMs),
        probe.expectedAtMs === null ? '—' : s(probe.expectedAtMs),
        offset(probe.expectedAtMs, probe),
        probe.answered ? 'yes' : 'no',
      ]),
    ),
  ];
}

function pictureSection(result: RunResult): string[] {
  return ['## Picture', '', ...renderPicture(result), 'Below, the same run as a table: every event in ms from the fault.', ''];
}

function timelineSection({ timeline }: RunResult): string[] {
  return [
    '## Timeline',
    '',
    "Times in ms relative to the moment the fault took effect, all in the Docker host's clock.",
    '',
    ...table(
      ['t (ms)', 'source', 'event', 'detail'],
      timeline.map((entry) => [signedMs(entry.atMs), entry.source, entry.event, entry.detail]),
    ),
  ];
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
