// A single run as a Mermaid gantt chart (GitHub renders it): the fault, each probe (with where the prediction put
// it), the predicted abort, the window the verdict allows and the outcome, on one time axis from the fault.
import { ganttAxis } from '../format/gantt.ts';
import type { RunResult } from '../run/result.ts';

export function singlePicture(result: RunResult): string[] {
  const endsWithin = result.expectation.outcome === 'error';
  const end = Math.max(result.measuredMs ?? result.observedForMs, ...result.probes.map((probe) => probe.atMs), endsWithin ? result.expected.latestMs : 0) + 1;
  const { unit, at, when, milestone, tick, header } = ganttAxis(end);
  const outcomeMs = result.measuredMs ?? result.observedForMs;
  return [
    ...header(`${result.scenario}: ${unit} from the fault`),
    '  section fault',
    `  ${result.fault.kind} on the ${result.fault.target} :crit, 0, ${at(end)}`,
    ...(result.probes.length > 0 ? ['  section probes'] : []),
    ...result.probes.map(
      (probe, k) =>
        `  probe ${k + 1}${probe.answered ? ' (answered)' : ''} at ${when(probe.atMs)}${probe.predictedAtMs == null ? '' : ` (predicted ${when(probe.predictedAtMs)})`} ${tick(probe.atMs)}`,
    ),
    ...(endsWithin ? [`  section ${result.predictedMs == null ? 'model' : 'prediction'}`] : []),
    ...(endsWithin && result.predictedMs != null ? [`  predicted ETIMEDOUT at ${when(result.predictedMs)} ${milestone(result.predictedMs)}`] : []),
    ...(endsWithin
      ? [
          `  expected window ${when(result.expected.earliestMs)} – ${when(result.expected.latestMs)} :active, ${at(result.expected.earliestMs)}, ${at(result.expected.latestMs)}`,
        ]
      : []),
    `  section ${result.roles.observer}`,
    `  ${result.measuredMs === null ? 'still established' : result.outcome} at ${when(outcomeMs)} ${milestone(outcomeMs)}`,
    '```',
    '',
  ];
}
