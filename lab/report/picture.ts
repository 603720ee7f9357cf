// A run as a Mermaid gantt chart (GitHub renders it): the fault, each probe, the window the model allows and
// the outcome, on one axis in ms from the fault.
import type { RunResult } from '../run/result.ts';

export function renderPicture(result: RunResult): string[] {
  const endsWithin = result.expectation.outcome === 'error';
  const end = Math.max(result.measuredMs ?? result.observedForMs, ...result.probes.map((probe) => probe.atMs), endsWithin ? result.expected.latestMs : 0) + 1;
  const at = (ms: number) => Math.max(0, Math.round(ms));
  const milestone = (ms: number) => `:milestone, ${at(ms)}, ${at(ms)}`; // start, end: a point in time
  return [
    '```mermaid',
    'gantt',
    `  title ${result.scenario}: ms from the fault`,
    '  dateFormat x',
    `  axisFormat ${end > 60_000 ? '%M:%S' : '%S.%L'}`,
    '  section fault',
    `  ${result.fault.kind} on the ${result.fault.target} :crit, 0, ${at(end)}`,
    ...(result.probes.length > 0 ? ['  section probes'] : []),
    ...result.probes.map((probe, k) => `  probe ${k + 1}${probe.answered ? ' (answered)' : ''} ${milestone(probe.atMs)}`),
    ...(endsWithin ? ['  section model', `  expected window :active, ${at(result.expected.earliestMs)}, ${at(result.expected.latestMs)}`] : []),
    `  section ${result.roles.observer}`,
    `  ${result.measuredMs === null ? 'still established' : result.outcome} ${milestone(result.measuredMs ?? result.observedForMs)}`,
    '```',
    '',
  ];
}
