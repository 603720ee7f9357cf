// What an application's client saw (--client), in a report: its first error after the fault and how it surfaced,
// its requests and how long one hung, the heal and its recovery — beside what its kernel did.
import { alignedTable as table, duration, plural, seconds as s } from '../format/format.ts';
import type { RunResult } from '../run/result.ts';

/** `from`: what its times count from — the fault, or behind a middlebox the application's request. */
export function applicationSection(result: RunResult, from = 'the fault'): string[] {
  const { application: app, client } = result;
  if (!app || !client) return [];
  const requests = app.requests;
  const reconnected = result.timeline.find((entry) => entry.source === 'wire' && entry.event === 'opened' && entry.atMs > 0);
  return [
    `## What the application saw (${client.profile})`,
    '',
    ...table(
      ['what', 'value'],
      [
        [`first error after ${from}`, firstErrorText(result)],
        [
          `requests sent from ${from} on`,
          `${requests.sent}: ${requests.ok} answered, ${requests.failed} failed, ${requests.hung} hung (unanswered ${duration(app.requestTimeoutMs)} after they were sent)`,
        ],
        ['the longest a request hung', app.hungMs === null ? 'none hung' : s(app.hungMs)],
        ...(app.healedAtMs === null ? [] : recoveryRows(app.healedAtMs, app.recoveredMs, reconnected?.atMs)),
      ],
    ),
    '',
  ];
}

/** The heal and what came after it (a run behind a middlebox heals nothing: the router's forgetting is its fault). */
function recoveryRows(healedAtMs: number, recoveredMs: number | null, reconnectedAtMs: number | undefined): string[][] {
  return [
    ['the lab healed the fault', s(healedAtMs)],
    ...(reconnectedAtMs === undefined ? [] : [['a new connection opened (its handshake on the wire)', s(reconnectedAtMs)]]),
    [
      'recovered: the first answer after the heal',
      recoveredMs === null ? 'none before the run ended' : `${s(recoveredMs)}, ${s(recoveredMs - healedAtMs)} after the heal`,
    ],
  ];
}

function firstErrorText({ application: app, client, measuredMs }: RunResult): string {
  if (!app?.error || app.firstErrorMs === null)
    return `none: ${client!.profile} surfaced no error (a library that queues and retries can hide a fault until the heal)`;
  const kernel = measuredMs === null ? '' : `; its kernel had ended the connection at ${s(measuredMs)}`;
  return `${s(app.firstErrorMs)}: ${app.error.code} "${app.error.message}", as ${app.error.surfacedAs}${kernel}`;
}

/** The application's side in one clause, for the run's sentence. */
export function applicationClause({ application: app, client }: RunResult): string {
  if (!app || !client) return '';
  const error = app.error ? `first saw ${app.error.code} ${s(app.firstErrorMs ?? 0)} after the fault` : 'saw no error';
  const hung = app.hungMs === null ? '' : `, a request hung ${s(app.hungMs)}`;
  const recovered = app.recoveredMs === null ? ', and no answer came after the heal' : `, and answered again ${s(app.recoveredMs)} after the fault`;
  return `; the application (${client.profile}) ${error}${hung}${recovered}${app.requests.failed > 0 ? ` (${plural(app.requests.failed, 'request')} failed)` : ''}`;
}
