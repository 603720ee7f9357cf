import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { spreadSection } from './spread.ts';

const run = (scenario: string) => JSON.parse(readFileSync(new URL(`fixtures/runs/${scenario}.json`, import.meta.url), 'utf8')) as RunResult;
const unpadded = (lines: string[]) => lines.map((line) => line.replace(/ +\|/g, ' |').replace(/\| +/g, '| '));

describe('medians and ranges of repeated runs', () => {
  const pause = run('pause-client');
  const again = (measuredMs: number, errorVsModelMs: number, errorVsPredictionMs?: number): RunResult => ({
    ...pause,
    measuredMs,
    errorVsModelMs,
    errorVsPredictionMs,
  });

  it('gives each scenario, fault and settings run twice or more its median and range', () => {
    const lines = unpadded(spreadSection([pause, again(33_561, 725.5), again(33_900, 953.2), run('pause-server')]));
    expect(lines[0]).toBe('## Medians and ranges');
    expect(lines).toContain('| pause-client | vm-pause client | 1/3/10 listener | 3 | 33.654 s | 33.561 … 33.900 s | — | — | +822.9 ms | +725.5 … +953.2 ms |');
    expect(lines.filter((line) => line.startsWith('| pause-server'))).toEqual([]); // one run is no spread
  });

  it('gives the distance from the prediction its median and range, to the microsecond, where the runs made one', () => {
    const lines = unpadded(spreadSection([again(33_706, 792, 0.003), again(33_710, 796, 0.016), again(33_702, 788, -0.004)]));
    expect(lines).toContain(
      '| pause-client | vm-pause client | 1/3/10 listener | 3 | 33.706 s | 33.702 … 33.710 s | +0.003 ms | −0.004 … +0.016 ms | +792.0 ms | +788.0 … +796.0 ms |',
    );
  });

  it('keeps other settings apart, and leaves out runs that measured no ending', () => {
    const otherSettings: RunResult = { ...pause, config: { ...pause.config, interval: 1 } };
    expect(spreadSection([pause, otherSettings])).toEqual([]);
    expect(spreadSection([run('freeze-client'), run('freeze-client'), run('netem-loss-client'), run('netem-loss-client')])).toEqual([]);
  });
});
