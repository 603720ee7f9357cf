// A time a run struck by a fault cannot have measured: an ending before the fault's injection began, where the lab
// only watches from then on (timebase.ts checks what every run shares).
import { seconds } from '../format/format.ts';
import type { RunResult } from './result.ts';

export function endingBeforeFault(result: RunResult): string | null {
  if (result.measuredMs === null || result.measuredMs >= 0) return null;
  return `the ending was timed ${seconds(-result.measuredMs)} before the fault's injection began, where the lab only watches from then on`;
}
