// A single run's report body: its settings, the window the kernel's rules give, what was measured, the probes
// after the fault, the server's own view, the picture and the timeline.
import { alignedTable as table, plainMs, seconds as s, signedMs } from '../format/format.ts';
import type { RunResult } from '../run/result.ts';
import { asShippedSection, serverViewSection } from '../sections/server-sections.ts';
import { settingsSection } from '../sections/settings-section.ts';
import { applicationSection } from '../sections/application-section.ts';
import { singlePicture } from './single-picture.ts';
import { windowSection } from './window-section.ts';

export function singleSections(result: RunResult): string[] {
  if (result.verdict === 'skipped') return [...settingsSection(result), ...asShippedSection(result)]; // it measured nothing
  return [
    ...settingsSection(result),
    ...asShippedSection(result),
    ...(result.asShipped && result.expectation.outcome === 'alive' ? [] : windowSection(result)),
    ...measuredSection(result),
    ...applicationSection(result),
    ...probeSection(result),
    ...serverViewSection(result),
    ...pictureSection(result),
    ...timelineSection(result),
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
  return ['## Picture', '', ...singlePicture(result), 'Below, the same run as a table: every event in ms from the fault.', ''];
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
