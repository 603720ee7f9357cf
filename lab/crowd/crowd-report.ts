// How a crowd's results read: one sentence over every connection, the report's sections, the connections over
// time as its picture, and the cells of a run struck by a fault.
import { plural, seconds } from '../format/format.ts';
import type { KindReport } from '../run/run-kind.ts';
import { FAULT_RUN_CELLS } from '../sections/run-labels.ts';
import { asShippedSection } from '../sections/server-sections.ts';
import { settingsSection } from '../sections/settings-section.ts';
import { crowdSections } from './crowd-sections.ts';
import type { CrowdResult } from './result.ts';
import { renderResourceCharts } from './resource-chart.ts';

export const crowdReport: KindReport = {
  describe: (result) => describeCrowd(result as CrowdResult),
  sections: (result) => [...settingsSection(result), ...asShippedSection(result), ...crowdSections(result as CrowdResult)],
  picture: (result) => connectionsOverTime(result as CrowdResult),
  cells: FAULT_RUN_CELLS,
  timesFrom: 'the fault',
};

/** The first of the resource charts: the connections the server held over time. */
function connectionsOverTime(result: CrowdResult): string[] {
  const charts = renderResourceCharts(result);
  return charts.slice(0, charts.indexOf('') + 1);
}

/** "of 10000 connections, the 5000 dead ones ended by keepalive (median …); 0 of the 5000 live ones dropped". */
function describeCrowd({ connections: c, expectation, mechanism }: CrowdResult): string {
  const live = c.total - c.dead;
  const dead =
    c.dead === 0
      ? 'none was struck'
      : expectation.outcome === 'alive'
        ? `${c.deadStillEstablished} of the ${c.dead} dead ones were still established at the end`
        : `${c.detected} of the ${c.dead} dead ones were ended (${mechanism}), ${c.detectedInWindow} inside their own windows${c.detectionMs ? `, a median ${seconds(c.detectionMs.median)} after the fault (${seconds(c.detectionMs.min)} … ${seconds(c.detectionMs.max)})` : ''}`;
  return `of ${plural(c.total, 'connection')}, ${dead}; ${c.liveDropped} of the ${live} live ones dropped`;
}
