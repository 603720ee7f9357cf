// One run is an anecdote: where a summary holds several runs of the same scenario, fault and settings, it gives
// the median and the range of what they measured (across every environment in the summary).
import type { RunResult } from '../run/result.ts';
import { summarize } from '../model/stats.ts';
import { alignedTable, seconds, secondsRange, signedMs } from '../format/format.ts';
import { kindOfResult } from '../kinds.ts';

export function spreadSection(results: RunResult[]): string[] {
  const groups = new Map<string, RunResult[]>();
  for (const result of results) {
    if (result.measuredMs === null || result.verdict === 'skipped') continue; // nothing ended: nothing to spread
    const key = [result.scenario, ...labels(result)].join('\0');
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const repeated = [...groups.values()].filter((group) => group.length >= 2);
  if (repeated.length === 0) return [];
  return [
    '## Medians and ranges',
    '',
    'Runs of the same scenario, fault and settings, in every environment above: the median and the range of',
    'what they measured, and of how far that was from the prediction and from the model.',
    '',
    ...alignedTable(
      ['scenario', 'fault', 'settings', 'runs', 'measured: median', 'min … max', '− predicted: median', 'min … max', 'error − model: median', 'min … max'],
      repeated.map((group) => {
        const measured = summarize(group.map((result) => result.measuredMs!))!;
        const ofPrediction = summarize(group.flatMap((result) => (result.errorVsPredictionMs == null ? [] : [result.errorVsPredictionMs])));
        const errors = summarize(group.flatMap((result) => (result.errorVsModelMs === null ? [] : [result.errorVsModelMs])));
        const cells = (summary: typeof errors, decimals: number) =>
          summary ? [`${signedMs(summary.median, decimals)} ms`, `${signedMs(summary.min, decimals)} … ${signedMs(summary.max, decimals)} ms`] : ['—', '—'];
        return [
          group[0]!.scenario,
          ...labels(group[0]!),
          String(group.length),
          seconds(measured.median),
          secondsRange(measured.min, measured.max),
          ...cells(ofPrediction, 3),
          ...cells(errors, 1),
        ];
      }),
      ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  ];
}

/** The run's fault and settings, as its kind says them in a summary. */
function labels(result: RunResult): [string, string] {
  const { cells } = kindOfResult(result).report;
  return [cells.fault(result), cells.settings(result)];
}
