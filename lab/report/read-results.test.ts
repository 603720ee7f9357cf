import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { readResults } from './read-results.ts';

const fixtures = new URL('fixtures/runs/', import.meta.url).pathname;

/** A directory laid out as CI artifacts arrive: one sub-directory per job. */
async function artifacts(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'keepalive-lab-merge-'));
  await cp(join(fixtures, 'pause-client.json'), join(root, 'report-pause-client-node22', 'pause-client.json'), { recursive: true });
  await cp(join(fixtures, 'kill-client.json'), join(root, 'report-kill-client-node24', 'kill-client.json'), { recursive: true });
  await writeFile(join(root, 'report-kill-client-node24', 'vitest-results.json'), JSON.stringify({ numTotalTests: 3 }));
  return root;
}

describe('finding run results to merge', () => {
  it('searches directories recursively and passes over JSON that holds no result', async () => {
    const root = await artifacts();
    const found = await readResults([root], root);
    expect(found.rows.map((row) => [row.scenario, row.result?.verdict, row.origin])).toEqual([
      ['kill-client', 'pass', '`report-kill-client-node24/kill-client.json`'],
      ['pause-client', 'pass', '`report-pause-client-node22/pause-client.json`'],
    ]);
    expect(found.passedOver).toEqual(['report-kill-client-node24/vitest-results.json']);
  });

  it("reads a batch's array, with the runs that could not start, and counts a run found twice once", async () => {
    const root = await mkdtemp(join(tmpdir(), 'keepalive-lab-merge-'));
    const pause = JSON.parse(await readFile(join(fixtures, 'pause-client.json'), 'utf8'));
    await writeFile(join(root, 'all.json'), JSON.stringify([pause, { scenario: 'pause-client', label: '1/1/3', error: 'no Docker engine' }]));
    await writeFile(join(root, 'pause-client.json'), JSON.stringify(pause));
    const found = await readResults([root], root);
    expect(found.rows.map((row) => row.error ?? row.result?.runId)).toEqual([pause.runId, '1/1/3: no Docker engine']);
  });

  it('reads a run behind a middlebox', async () => {
    const file = new URL('fixtures/nat-forgets-idle-drop-result.json', import.meta.url).pathname;
    const found = await readResults([file], tmpdir());
    expect(found.rows.map((row) => [row.scenario, row.result?.verdict, row.result?.outcome])).toEqual([['nat-forgets-idle', 'pass', 'ETIMEDOUT']]);
  });

  it('gives a result written before runs had a kind its kind by its fields, and refuses a kind it does not know', async () => {
    const root = await mkdtemp(join(tmpdir(), 'keepalive-lab-merge-'));
    const read = async (name: string, change: (result: Record<string, unknown>) => void) => {
      const result = JSON.parse(await readFile(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
      change(result);
      await writeFile(join(root, name), JSON.stringify(result));
      return (await readResults([join(root, name)], root)).rows[0]!.result!.kind;
    };
    const before = (result: Record<string, unknown>) => delete result.kind;
    expect(await read('nat-forgets-idle-drop-result.json', before)).toBe('middlebox');
    expect(await read('many-clients-result.json', before)).toBe('crowd');
    expect(await read('pause-client-result.json', before)).toBe('single');
    await expect(read('pause-client-result.json', (result) => (result.kind = 'teleport'))).rejects.toThrow(
      /^pause-client-result\.json is not a complete run result \(kind: not a run kind \(middlebox, proxy, crowd, single\)\)/,
    );
  });

  it('refuses, in one line, what cannot be merged', async () => {
    const root = await mkdtemp(join(tmpdir(), 'keepalive-lab-merge-'));
    await writeFile(join(root, 'vitest-results.json'), JSON.stringify({ numTotalTests: 3 }));
    await writeFile(join(root, 'old.json'), JSON.stringify({ scenario: 'pause-client', verdict: 'pass' }));
    await writeFile(join(root, 'broken.json'), '{"scenario": ');

    await expect(readResults([join(root, 'missing')], root)).rejects.toThrow(
      new UsageError(`${join(root, 'missing')} does not exist: give report directories or the .json files runs wrote`),
    );
    await expect(readResults([join(root, 'vitest-results.json')], root)).rejects.toThrow(
      /^vitest-results\.json holds no run result: give the \.json a run wrote/,
    );
    await expect(readResults([join(root, 'old.json')], root)).rejects.toThrow(
      /^old\.json is not a complete run result \(runId: .*\): was it written by an older keepalive-lab\?$/,
    );
    await expect(readResults([join(root, 'broken.json')], root)).rejects.toThrow(/^broken\.json is not JSON \(/);
    const empty = await mkdtemp(join(tmpdir(), 'keepalive-lab-merge-'));
    await expect(readResults([empty], empty)).rejects.toThrow(/^no run results in .*: give the directories runs wrote/);
  });
});
