// A report's settings section, for every kind that gives keepalive settings to a server: what the lab set (or the
// server's profile did), where, what the observer's socket held, and what the wire shows the kernel did.
import { alignedTable as table } from '../format/format.ts';
import type { RunResult } from '../run/result.ts';
import { serverSettingsRows } from './server-sections.ts';

export function settingsSection(result: RunResult): string[] {
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
