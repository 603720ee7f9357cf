// Every run's files under a name of its own, and the directory's index of them.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../run/result.ts';
import { heldSettings, namingOf, newRunFiles, runFiles } from './run-files.ts';
import { writeReport } from './write-report.ts';

const fixture = (name: string) => readFile(new URL(`fixtures/${name}`, import.meta.url), 'utf8').then((text) => JSON.parse(text) as RunResult);

describe("a run's files", () => {
  it('are named by scenario, server, the settings the kernel held, when, and digits of their own', () => {
    const naming = {
      scenario: 'pause-client',
      server: 'redis',
      settings: heldSettings({ idle: 3, interval: 1, count: 3, userTimeout: 0 }),
      at: new Date('2026-12-04T20:45:16.123Z'),
      unique: '3f2a',
    };
    expect(runFiles('reports', naming)).toEqual({
      stem: 'pause-client_redis_3-1-3_20261204T204516Z_3f2a',
      markdown: 'reports/pause-client_redis_3-1-3_20261204T204516Z_3f2a.md',
      json: 'reports/pause-client_redis_3-1-3_20261204T204516Z_3f2a.json',
      capture: 'reports/pause-client_redis_3-1-3_20261204T204516Z_3f2a.pcap',
      connections: 'reports/pause-client_redis_3-1-3_20261204T204516Z_3f2a.connections.jsonl',
    });
    expect(heldSettings({ idle: 1, interval: 1, count: 3, userTimeout: 3000 })).toBe('1-1-3-ut3000');
    expect(heldSettings('shipped')).toBe('shipped');
  });

  it('never share a name, however many runs of the same settings start in the same second', () => {
    const names = Array.from({ length: 2000 }, () => newRunFiles('reports', { scenario: 'pause-client', server: 'agent', settings: '1-1-3' }).stem);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toMatch(/^pause-client_agent_1-1-3_\d{8}T\d{6}Z_[0-9a-f]{6}$/);
  });

  it('are named from the result when the API writes the report', async () => {
    const result = await fixture('pause-client-result.json');
    const held = result.appliedConfig ?? result.config;
    const stamp = result.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    expect(runFiles('r', namingOf(result)).stem).toBe(`pause-client_agent_${held.idle}-${held.interval}-${held.count}_${stamp}_${result.runId.slice(-4)}`);
  });

  it('sit beside those of other runs of the same scenario, and the index lists them all, newest first', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'keepalive-lab-reports-'));
    const older = await fixture('pause-client-result.json');
    const newer = { ...older, runId: 'kal-0000beef', startedAt: '2030-01-01T00:00:00.000Z', verdict: 'fail' as const };
    await writeFile(join(directory, 'vitest-results.json'), '{"numTotalTests": 3}'); // not a run: passed over
    await writeReport(older, directory);
    const { index } = await writeReport(newer, directory);
    expect((await readdir(directory)).filter((name) => name.startsWith('pause-client')).length).toBe(4); // two runs, .md and .json each
    const text = await readFile(index!, 'utf8');
    expect(text).toMatch(/^# Runs in .*\n\n2 runs;/);
    const rows = text
      .split('## Every run, newest first')[1]!
      .split('\n')
      .filter((line) => line.startsWith('|') && line.includes('pause-client'));
    expect(rows.map((row) => row.includes('2030-01-01'))).toEqual([true, false]);
    expect(text.split('## Every run')[0]).toContain('| FAIL '); // the latest of the scenario is the newer run
  });
});
