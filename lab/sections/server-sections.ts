// The parts of a report about a server other than the lab's agent: how it took the settings, what it does as it
// ships, its own view of its clients, and its log.
import type { RunResult } from '../run/result.ts';
import { alignedTable as table, duration, seconds as s } from '../format/format.ts';

const SETTING_VALUE = {
  idle: (c: RunResult['config']) => `${c.idle} s`,
  interval: (c: RunResult['config']) => `${c.interval} s`,
  count: (c: RunResult['config']) => String(c.count),
  'user-timeout': (c: RunResult['config']) => `${c.userTimeout} ms`,
} as const;

/** Settings rows for a profile's server or an application's client: what the lab gave it, and what the kernel holds by its profile. */
export function serverSettingsRows(result: RunResult): string[][] {
  const server = result.server!;
  const holder = result.client ?? server;
  const applied = result.appliedConfig;
  const given = result.asShipped
    ? `nothing: the ${result.client ? 'client ran as it ships (no keepalive flag given)' : 'server ran as it ships (--server-defaults)'}`
    : holder.takes.map((setting) => `${setting} ${SETTING_VALUE[setting as keyof typeof SETTING_VALUE](result.config)}`).join(', ') ||
      'nothing (it takes no setting)';
  const holds =
    result.asShipped && !result.asShipped.applied
      ? 'keepalive off'
      : `idle ${applied.idle} s, interval ${applied.interval} s, count ${applied.count}${applied.userTimeout > 0 ? `, user timeout ${applied.userTimeout} ms` : ''}`;
  const named = (profile: { profile: string; source: string; image: string }) =>
    `${profile.profile} (${profile.source === 'built-in' ? 'built-in profile' : `profile ${profile.source}`}), image ${profile.image}`;
  return [
    ...(result.client
      ? [
          ['client', `${named(result.client)}; a request every ${duration(result.client.requestEveryMs)}`],
          ['server', `${named(server)}, as it ships: ${server.how}`],
        ]
      : [['server', named(server)]]),
    ['how it sets keepalive', holder.how],
    ['the lab gave it', given],
    ['the kernel holds, by its profile', holds],
  ];
}

export function asShippedSection(result: RunResult): string[] {
  const shipped = result.asShipped;
  if (!shipped) return [];
  const socket = result.observerSocket;
  const timer =
    socket?.timer?.name === 'keepalive'
      ? `ss shows the keepalive timer due in ${socket.timer.expiresIn}, ${duration(socket.lastReceivedMsAgo ?? 0)} after the last segment received`
      : `ss shows ${socket?.timer ? `a ${socket.timer.name} timer` : 'no timer'} on the ${result.roles.observer}'s socket`;
  return [
    `## The ${result.client ? 'client' : 'server'} as it ships`,
    '',
    `${shipped.derivation}.`,
    '',
    `Watched for ${s(shipped.watchMs)} after the fault: ${result.outcome === 'alive' ? `still established; ${timer}` : `${result.outcome} ${s(result.measuredMs ?? 0)} after the fault`}.`,
    '',
  ];
}

export function serverViewSection(result: RunResult): string[] {
  const app = result.app;
  if (!app) return [];
  const released =
    app.changedAtMs === null
      ? `it still listed the client when the run ended (last seen ${s(app.heldUntilMs)} after the fault)`
      : `it let the client go between ${s(app.heldUntilMs)} and ${s(app.changedAtMs)} after the fault (polled every 250 ms)${result.measuredMs !== null ? `; its kernel had ended the connection at ${s(result.measuredMs)}` : ''}`;
  return [
    "## The server's own view",
    '',
    ...table(
      ['what', 'value'],
      [
        ['asked with', `\`${app.source}\``],
        ['clients before the fault', String(app.before)],
        ['clients after the outcome', app.after === null ? '—' : String(app.after)],
        ['the observed client', released],
      ],
    ),
  ];
}

export function serverLogSection(result: RunResult): string[] {
  const log = result.server?.log;
  if (!log || log.length === 0) return [];
  return [`## ${result.server!.profile}'s log`, '', `Its last ${log.length} lines, as the run left them.`, '', '```', ...log, '```', ''];
}
