import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuPressurePct, markCpuPressure } from './cpu-pressure.ts';

describe('CPU pressure over a stretch of a run', () => {
  it('reads the "some" total, and turns two marks into the share of the time some task waited', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'psi-'));
    const file = join(dir, 'cpu');
    await writeFile(file, 'some avg10=0.28 avg60=5.07 avg300=3.09 total=14490454\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n');
    expect((await markCpuPressure(file))?.stalledUs).toBe(14_490_454);
    expect(cpuPressurePct({ t: 0, stalledUs: 1_000_000 }, { t: 2_000, stalledUs: 1_500_000 })).toBe(25); // 0.5 s of 2 s
  });

  it('is unknown where the kernel keeps no pressure figures', async () => {
    expect(await markCpuPressure('/nonexistent/pressure/cpu')).toBeNull();
    expect(cpuPressurePct(null, { t: 1, stalledUs: 1 })).toBeNull();
  });
});
