// How a single run reads: its sentence, its report's body, its gantt chart, and the cells of a run struck by a fault.
import type { KindReport } from '../run/run-kind.ts';
import { FAULT_RUN_CELLS } from '../sections/run-labels.ts';
import { singlePicture } from './single-picture.ts';
import { singleSections } from './single-sections.ts';
import { describeSingle } from './single-sentence.ts';

export const singleReport: KindReport = {
  describe: describeSingle,
  sections: singleSections,
  picture: singlePicture,
  cells: FAULT_RUN_CELLS,
  timesFrom: 'the fault',
};
