import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { spreadSection } from './spread.ts';

const run = (scenario: string) => JSON.parse(readFileSync(new URL(`fixtures/runs/${scenario}.json`, import.meta.url), 'utf8')) as RunResult;
const unpadded = (lines: string[]) => lines.map((line) => line.replace(/ +\|/g, ' |').replace(/\| +/g, '| '));

describe('medians and ranges of repeated runs', () => {
  const pause = run('pause-client');
  const again = (measuredMs: number, errorVsModelMs: number): RunResult => ({ ...pause, measuredMs, errorVsModelMs });

  it('gives each scenario, fault and settings run twice or more its median and range', () => {
    const lines = unpadded(spreadSection([pause, again(33_561, 725.5), again(33_900, 953.2), run('pause-server')]));
    expect(lines[0]).toBe('## Medians and ranges');
    expect(lines).toContain('| pause-client | vm-pause client | 1/3/10 listener | 3 | 33.654 s | 33.561 … 33.900 s | +822.9 ms | +725.5 … +953.2 ms |');
    expect(lines.filter((line) => line.startsWith('| pause-server'))).toEqual([]); // one run is no spread
  });

  it('keeps other settings apart, and leaves out runs that measured no ending', () => {
    const otherSettings: RunResult = { ...pause, config: { ...pause.config, interval: 1 } };
    expect(spreadSection([pause, otherSettings])).toEqual([]);
    expect(spreadSection([run('freeze-client'), run('freeze-client'), run('netem-loss-client'), run('netem-loss-client')])).toEqual([]);
  });
});
