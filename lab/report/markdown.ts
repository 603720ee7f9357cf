// A run as a Markdown page a person can read: verdict first, then why the window is what it is, what was
// measured, the timeline, the environment, and the command that reproduces it.
import type { Ending } from '../mechanism.ts';
import { ZERO_WINDOW_ALLOWANCE_MS } from '../model/allowances.ts';
import { endingOf } from '../scenario.ts';
import type { RunResult } from '../run/result.ts';
import { alignedTable as table, seconds as s, signedMs } from './format.ts';
import { renderPicture } from './picture.ts';
import { describeRun } from './run-sentence.ts';
import { asShippedSection, serverLogSection, serverSettingsRows, serverViewSection } from './server-sections.ts';

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
    ...settingsSection(result),
    ...asShippedSection(result),
    ...(ran ? [...(result.asShipped && result.expectation.outcome === 'alive' ? [] : windowSection(result)), ...measuredSection(result), ...probeSection(result), ...serverViewSection(result), ...pictureSection(result), ...timelineSection(result)] : []),
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


function settingsSection(result: RunResult): string[] {
  const { config, observerSocketOptions: held, roles } = result;
  const asked = Object.keys(held).length > 0;
  const where = roles.observer === 'client' ? "the client's socket (setKeepAlive + net-keepalive)" : {
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
    ...table(['setting', 'value'], [
      ...(byAgent ? agentRows : serverSettingsRows(result)),
      ...(Object.keys(result.fault.options ?? {}).length > 0 ? [[`${result.fault.kind} fault`, Object.entries(result.fault.options).map(([name, value]) => `${name} ${value}`).join(', ')]] : []),
      ...(asked ? [[`the ${roles.observer}'s socket held (getsockopt)`, heldText]] : []),
      ...(result.observedKeepalive ? [[`on the wire (what the kernel did)`, observedText(result)]] : []),
    ]),
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
  const because = (key: keyof typeof names) => key === 'count' && applied.userTimeout > 0 ? ' (the user timeout, not the count, decides when it gives up)' : '';
  return [
    ...differing.map((key) => `**The wire shows ${names[key]} ${seen[key]} where the kernel was given ${given[key]}**${because(key)}.`),
    ...(differing.length === 0 && unseen.length < keys.length ? ['What the wire shows matches what the kernel was given.'] : []),
    ...(unseen.length > 0 ? [`Not on the wire: ${unseen.map((key) => `${names[key]} — ${result.observedKeepaliveReason?.[key] ?? 'not shown'}`).join('; ')}.`] : []),
    '',
  ];
}

function windowSection(result: RunResult): string[] {
  const { expected: w, roles: { observer, peer } } = result;
  const ending = endingOf(result.expectation);
  const config = result.expectation.outcome === 'alive' && !result.asShipped ? result.config : result.appliedConfig ?? result.config;
  const sampled = result.outcomeSeenBy === 'counters' ? ', the counters\' sampling gap included' : '';
  const allowance = ending === 'immediate' ? `an "at once" allowance of ${w.deliveryAllowanceMs} ms` : `observation ${toFixed(w.deliveryAllowanceMs)} ms${sampled}`;
  const latestParts = ending === 'immediate'
    ? `+ ${allowance}`
    : `+ timer rounding ${s(w.timerRoundingMs)} (${hzText(result)}) + ${allowance}`;
  if (w.reference === 'first-zero-window-probe') {
    return [
      '## Expected window, from the first zero-window probe',
      '',
      `The ${peer}'s window is closed and the ${observer}'s data waits: its persist timer probes, and TCP_USER_TIMEOUT, counted`,
      'from the first zero-window probe, ends it: the timer is clamped to fire when the user timeout runs out.',
      '',
      ...table(['bound', 'from the fault', 'made of'], [
        ['earliest', s(w.earliestMs), `the first zero-window probe + the user timeout, ${config.userTimeout} ms; a timer never fires early`],
        ['latest', s(w.latestMs), `earliest ${latestParts}`],
      ]),
    ];
  }
  if (w.reference === 'first-retransmission') {
    const limit = w.mechanism === 'user-timeout' ? `the user timeout, ${config.userTimeout} ms` : 'T = 200 ms × (2^(tcp_retries2 + 1) − 1)';
    return [
      '## Expected window, from the first retransmission',
      '',
      `With data in flight keepalive stays quiet; the ${observer} retransmits with exponential backoff and fails at the first`,
      `retransmission tick where the time since its first retransmission (the kernel's retrans_stamp) reaches ${limit}.`,
      '',
      ...table(['bound', 'from the fault', 'made of'], [
        ['earliest', s(w.earliestMs), `the first retransmission + ${w.mechanism === 'user-timeout' ? 'the user timeout' : 'T'}; a timer never fires early`],
        ['latest', s(w.latestMs), w.mechanism === 'user-timeout' ? `earliest ${latestParts}` : `the tick past T comes before 2T + 2 × RTO ${latestParts}`],
      ]),
    ];
  }
  if (w.reference === 'last-received') {
    const first = result.probes.find((probe) => !probe.answered);
    const firstAt = first?.expectedAtMs != null ? ` at ${s(first.expectedAtMs)}` : '';
    const nominal = ending === 'next-probe'
      ? `the first probe after the fault${firstAt}, answered by the ${peer}'s RST`
      : `first probe${firstAt} + ${config.count} × ${config.interval} s`;
    return [
      '## Expected window, from the last segment received',
      '',
      `The kernel counts from the last segment the ${observer} *received* before the fault: here ${s(-(result.referenceMs ?? 0))} before it.`,
      'The first probe after the fault goes out at max(reference + idle, last probe sent + interval) — after every probe',
      'the timer re-arms for the interval, answered or not.',
      '',
      ...table(['bound', 'from the fault', 'made of'], [
        ['nominal (model)', s(w.nominalEarliestMs), `${nominal}; a timer never fires early`],
        ['latest', s(w.latestMs), `nominal ${latestParts}`],
      ]),
    ];
  }
  const period = `max(idle, interval) = ${Math.max(config.idle, config.interval)} s`;
  const formulas: Record<Ending | 'user-timeout', [string, string]> = {
    keepalive: [`count × interval = ${config.count} × ${config.interval} s`, `max(idle, interval) + count × interval = ${Math.max(config.idle, config.interval)} s + ${config.count} × ${config.interval} s`],
    'user-timeout': ['max(interval, user timeout − max(idle, interval))', 'max(user timeout, max(idle, interval)) + interval'],
    'next-probe': ['a probe right after the fault', `the next probe, within one probe period: ${period}`],
    immediate: ['at once', 'at once'],
    'zero-window': ['the user timeout', `the user timeout + ${ZERO_WINDOW_ALLOWANCE_MS / 1000} s for the window to close and the first zero-window probe`],
    retransmission: ['one RTO to the first retransmission + T = 200 ms × (2^(tcp_retries2 + 1) − 1)', 'the first tick past T, before 2T + 2 × RTO, + one RTO and one write period to the first retransmission'],
  };
  const userTimeoutRules = ending === 'keepalive' && w.mechanism === 'user-timeout';
  const [earliest, latest] = formulas[userTimeoutRules ? 'user-timeout' : ending];
  const intro = result.expectation.outcome === 'alive'
    ? [`The connection must outlive this window: it is when the ${observer} would have failed had the ${peer} died at the fault.`]
    : result.wire ? [] : [`Without a capture the lab cannot see the last segment the ${observer} received, so it bounds the ending from the fault.`];
  const timerText = ending === 'immediate' ? [] : [
    `Before the fault the ${observer}'s probes were answered, so the last segment received is at most one probe period —`,
    'max(idle, interval) — old. After each probe the timer re-arms for the interval, answered or not.',
  ];
  return [
    '## Expected window, from the fault',
    '',
    ...(intro.length + timerText.length > 0 ? [...intro, ...timerText, ''] : []),
    ...table(['bound', 'value', 'made of'], [
      ['earliest', s(w.earliestMs), `${earliest} = ${s(w.nominalEarliestMs)}, less the ${w.faultSpanMs.toFixed(1)} ms the fault took to inject`],
      ['latest', s(w.latestMs), `${latest} = ${s(w.nominalLatestMs)}, ${latestParts}`],
    ]),
    ...(userTimeoutRules
      ? ['With TCP_USER_TIMEOUT set the count is ignored: the socket dies at the first probe tick past the user timeout.', '']
      : []),
  ];
}

function hzText({ hz, wire, config }: RunResult): string {
  const spacing = wire && wire.hzFromSpacing.length > 0 ? `; probe spacing fits HZ ${wire.hzFromSpacing.join(' or ')}` : '';
  if (hz.source === 'kernel-config') return `HZ ${hz.hz}, from the kernel config${spacing}`;
  if (hz.source === 'probe-spacing') {
    return hz.hz !== null
      ? `HZ ${hz.hz}, inferred from the ${config.interval} s probe spacing`
      : `HZ ${hz.candidates?.join(' or ')} from the probe spacing: the worst of them`;
  }
  return 'HZ unknown: the worst case of 100/250/300/1000';
}

function measuredSection(result: RunResult): string[] {
  const { observer, peer } = result.roles;
  const probeSource = result.wire ? 'on the wire' : 'TcpExt.TCPKeepAlive, no capture';
  const rows = [
    [`outcome at the ${observer}`, `${result.outcome} (mechanism: ${result.mechanism})`],
    ['fault → outcome', result.measuredMs === null ? `none in ${s(result.observedForMs)}` : s(result.measuredMs)],
    ...(result.outcomeSeenBy ? [['seen by', seenByText(result)]] : []),
    ...(result.agentOutcome !== undefined ? [[`the ${observer}'s application saw`, `${result.agentOutcome}${result.agentOutcome === result.outcome ? ' (agrees with the wire)' : ' (disagrees with the wire)'}`]] : []),
    [`keepalive probes the ${observer} sent after the fault (${probeSource})`, String(result.probesSent)],
    ...(result.errorVsModelMs === null ? [] : [['error − model (kernel lateness + ours)', `${signedMs(result.errorVsModelMs)} ms`]]),
    ...(result.eventLatencyMs === null ? [] : [["agent's event − the packet that ended it on the wire (the lab's lateness)", `${signedMs(result.eventLatencyMs)} ms`]]),
    ...(result.wire ? [['capture', `${result.wire.packets} packets on the ${observer}'s interface${result.wire.ending ? `; ended by a ${result.wire.ending.kind.toUpperCase()} from the ${result.wire.ending.by === 'observer' ? observer : peer}` : ''}`]] : []),
    ...Object.entries(result.fault.evidence).map(([name, value]) => [`fault: ${name}`, String(value)]),
    ['fault in effect at', `${result.fault.at} (injecting took ${result.fault.spanMs.toFixed(1)} ms)`],
  ];
  const socket = result.observerSocket;
  if (socket) {
    rows.push([`${observer}'s kernel at the end (ss)`, `${socket.state}, ${socket.timer ? `${socket.timer.name} timer ${socket.timer.expiresIn}, ${socket.timer.probesUnanswered} probes unanswered` : 'no timer'}, last segment received ${socket.lastReceivedMsAgo ?? '?'} ms before`]);
  }
  return ['## Measured', '', ...table(['what', 'value'], rows)];
}

function seenByText(result: RunResult): string {
  const { observer, peer } = result.roles;
  if (result.outcomeSeenBy === 'counters') {
    return `the ${observer}'s namespace counting a timeout abort (TcpExt.TCPAbortOnTimeout), no packet on the wire; known to within ${toFixed(result.wire?.counterGapMs ?? 0)} ms, the longest gap between samples`;
  }
  if (result.outcomeSeenBy === 'agent') return `the ${observer}'s application (no capture)`;
  const ending = result.wire?.ending;
  return ending ? `a ${ending.kind.toUpperCase()} from the ${ending.by === 'observer' ? observer : peer} on the wire` : 'the wire';
}

function toFixed(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}

function probeSection({ probes }: RunResult): string[] {
  if (probes.length === 0) return [];
  return [
    '## Probes after the fault',
    '',
    ...table(['#', 'sent (from the fault)', 'since the reference', 'model', 'late by', 'answered'], probes.map((probe, k) => [
      String(k + 1),
      `${s(probe.atMs)}`,
      s(probe.sinceReferenceMs),
      probe.expectedAtMs === null ? '—' : s(probe.expectedAtMs),
      probe.expectedAtMs === null ? '—' : `${signedMs(probe.atMs - probe.expectedAtMs)} ms`,
      probe.answered ? 'yes' : 'no',
    ])),
  ];
}

function pictureSection(result: RunResult): string[] {
  return ['## Picture', '', ...renderPicture(result), 'Below, the same run as a table: every event in ms from the fault.', ''];
}

function timelineSection({ timeline }: RunResult): string[] {
  return [
    '## Timeline',
    '',
    'Times in ms relative to the moment the fault took effect, all in the Docker host\'s clock.',
    '',
    ...table(['t (ms)', 'source', 'event', 'detail'], timeline.map((entry) => [signedMs(entry.atMs), entry.source, entry.event, entry.detail])),
  ];
}

function environmentSection({ environment: e }: RunResult): string[] {
  return [
    '## Environment',
    '',
    ...table(['what', 'value'], [
      ['kernel', e.kernel],
      ['HZ', e.hz === null ? 'unknown (/proc/config.gz not readable)' : `${e.hz} (${e.hzSource})`],
      ['Docker engine', `${e.docker}, cgroup v${e.cgroupVersion}, ${e.storageDriver}`],
      ['iptables', e.iptables],
      ...(e.server && e.agentNode === '—' ? [['server', e.server]] : [['agent Node / libuv', `${e.agentNode} / ${e.agentLibuv}`]]),
      ['lab Node', e.labNode],
    ]),
  ];
}
