// A run as a Mermaid gantt chart (GitHub renders it): the fault, each probe (with where the prediction put it),
// the predicted abort, the window the verdict allows and the outcome, on one time axis from the fault. Mermaid's axis shows clock time in the reader's time zone, so only its
// seconds field is the same for every reader (zones differ by whole quarter hours): the axis shows seconds for a run
// up to a minute, and minutes — the chart drawn at 1/60 scale — for a longer one. Each point carries its time too.
import { isCrowdResult } from '../crowd/result.ts';
import type { RunResult } from '../run/result.ts';
import { renderResourceCharts } from './resource-chart.ts';

export function renderPicture(result: RunResult): string[] {
  if (isCrowdResult(result)) return renderResourceCharts(result).slice(0, renderResourceCharts(result).indexOf('') + 1); // the connections over time
  const endsWithin = result.expectation.outcome === 'error';
  const end = Math.max(result.measuredMs ?? result.observedForMs, ...result.probes.map((probe) => probe.atMs), endsWithin ? result.expected.latestMs : 0) + 1;
  const [scale, unit] = end > 60_000 ? [1 / 60, 'minutes'] : [1, 'seconds'];
  const at = (ms: number) => Math.max(0, Math.round(ms * scale));
  const when = (ms: number) => `${(ms / 1000).toFixed(scale === 1 ? 3 : 1)} s`;
  const milestone = (ms: number) => `:milestone, ${at(ms)}, ${at(ms)}`; // start, end: a point in time
  // Probes as thin bars, not milestones: a label Mermaid puts left of a milestone is drawn under its diamond.
  const tick = (ms: number) => `:done, ${at(ms)}, ${at(ms) + Math.max(1, Math.round(at(end) / 250))}`;
  const outcomeMs = result.measuredMs ?? result.observedForMs;
  return [
    '```mermaid',
    'gantt',
    `  title ${result.scenario}: ${unit} from the fault`,
    '  dateFormat x',
    '  axisFormat %S.%L',
    '  section fault',
    `  ${result.fault.kind} on the ${result.fault.target} :crit, 0, ${at(end)}`,
    ...(result.probes.length > 0 ? ['  section probes'] : []),
    ...result.probes.map((probe, k) => `  probe ${k + 1}${probe.answered ? ' (answered)' : ''} at ${when(probe.atMs)}${probe.predictedAtMs == null ? '' : ` (predicted ${when(probe.predictedAtMs)})`} ${tick(probe.atMs)}`),
    ...(endsWithin ? [`  section ${result.predictedMs == null ? 'model' : 'prediction'}`] : []),
    ...(endsWithin && result.predictedMs != null ? [`  predicted ETIMEDOUT at ${when(result.predictedMs)} ${milestone(result.predictedMs)}`] : []),
    ...(endsWithin ? [`  expected window ${when(result.expected.earliestMs)} – ${when(result.expected.latestMs)} :active, ${at(result.expected.earliestMs)}, ${at(result.expected.latestMs)}`] : []),
    `  section ${result.roles.observer}`,
    `  ${result.measuredMs === null ? 'still established' : result.outcome} at ${when(outcomeMs)} ${milestone(outcomeMs)}`,
    '```',
    '',
  ];
}
