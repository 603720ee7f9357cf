// A run as a Markdown page a person can read: verdict first, then why the window is what it is, what was
// measured, the timeline, the environment, and the command that reproduces it.
import type { RunResult } from '../run-scenario.ts';

const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const signedMs = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)}`;

export function renderMarkdown(result: RunResult): string {
  return [
    `# ${result.scenario} — ${result.verdict.toUpperCase()}`,
    '',
    `> ${result.summary}`,
    '',
    `**Verdict: ${result.verdict.toUpperCase()}** — ${result.reason}.`,
    '',
    '## Finding',
    '',
    result.finding,
    '',
    ...settingsSection(result),
    ...windowSection(result),
    ...measuredSection(result),
    ...timelineSection(result),
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

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`), ''];
}

function settingsSection({ config, serverSocketOptions: held }: RunResult): string[] {
  const where = config.setOn === 'listener'
    ? 'the listening socket (accepted sockets inherit them)'
    : 'each accepted socket (setKeepAlive + net-keepalive)';
  const heldText = held.keepalive
    ? `keepalive on, idle ${held.idleS} s, interval ${held.intervalS} s, count ${held.count}, user timeout ${held.userTimeoutMs} ms`
    : 'keepalive off';
  return [
    '## Settings',
    '',
    ...table(['setting', 'value'], [
      ['idle (TCP_KEEPIDLE)', `${config.idle} s`],
      ['interval (TCP_KEEPINTVL)', `${config.interval} s`],
      ['count (TCP_KEEPCNT)', String(config.count)],
      ['user timeout (TCP_USER_TIMEOUT)', config.userTimeout > 0 ? `${config.userTimeout} ms` : 'not set'],
      ['set on', where],
      ["the server's accepted socket held (getsockopt)", heldText],
    ]),
  ];
}

function windowSection({ expected: w, config }: RunResult): string[] {
  const hz = w.hz.hz === null ? 'HZ unknown: the worst case of 100/250/300/1000' : `HZ ${w.hz.hz}, from the kernel config`;
  const nominal = w.mechanism === 'keepalive'
    ? [`count × interval = ${config.count} × ${config.interval} s`, `max(idle, interval) + count × interval = ${Math.max(config.idle, config.interval)} s + ${config.count} × ${config.interval} s`]
    : [`max(interval, user timeout − max(idle, interval))`, `max(user timeout, max(idle, interval)) + interval`];
  return [
    '## Expected window, from the fault',
    '',
    ...table(['bound', 'value', 'made of'], [
      ['earliest', s(w.earliestMs), `${nominal[0]} = ${s(w.nominalEarliestMs)}, less the ${w.faultSpanMs.toFixed(1)} ms the fault took to inject`],
      ['latest', s(w.latestMs), `${nominal[1]} = ${s(w.nominalLatestMs)}, + timer rounding ${s(w.timerRoundingMs)} (${hz}) + event delivery ${w.deliveryAllowanceMs} ms`],
    ]),
    'The kernel counts from the last segment it *received*, not from the fault. Before the fault the server\'s probes',
    'were answered, so that last segment is at most one probe period old — max(idle, interval): after each probe the',
    'timer re-arms for the interval, answered or not. Each timer can fire late by one timer-wheel step, never early.',
    ...(w.mechanism === 'user-timeout'
      ? ['With TCP_USER_TIMEOUT set the count is ignored: the socket dies at the first probe tick past the user timeout.']
      : []),
    '',
  ];
}

function measuredSection(result: RunResult): string[] {
  const probes = result.probesExpected
    ? `${result.probesSent} (the mechanism needs ${result.probesExpected.min === result.probesExpected.max ? result.probesExpected.min : `${result.probesExpected.min}–${result.probesExpected.max}`})`
    : String(result.probesSent);
  const rows = [
    ['outcome at the server', result.outcome],
    ['fault → outcome', result.measuredMs === null ? `none in ${s(result.observedForMs)}` : s(result.measuredMs)],
    ['keepalive probes the server sent after the fault (TcpExt.TCPKeepAlive)', probes],
    ...Object.entries(result.fault.evidence).map(([name, value]) => [`fault: ${name}`, String(value)]),
    ['fault in effect at', `${result.fault.at} (injecting took ${result.fault.spanMs.toFixed(1)} ms)`],
  ];
  const socket = result.serverSocket;
  if (socket) {
    rows.push(["server's kernel at the end (ss)", `${socket.state}, ${socket.timer ? `${socket.timer.name} timer ${socket.timer.expiresIn}, ${socket.timer.probesUnanswered} probes unanswered` : 'no timer'}, last segment received ${socket.lastReceivedMsAgo ?? '?'} ms before`]);
  }
  return ['## Measured', '', ...table(['what', 'value'], rows)];
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
      ['agent Node / libuv', `${e.agentNode} / ${e.agentLibuv}`],
      ['lab Node', e.labNode],
    ]),
  ];
}
