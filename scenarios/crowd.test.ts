// Many clients on real containers: a crowd where half the connections die, the same without keepalive, the
// crowd of two against the single run, and ten thousand connections — run to the end, and interrupted.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CrowdResult } from '../lab/crowd/result.ts';
import { SCENARIOS } from '../lab/catalogue/index.ts';
import { leftovers, runIdOf, startLab, waitForLine } from './lab-process.ts';
import { recordRuns, runAndRecord } from './record-run.ts';

const fast = { idleS: 1, intervalS: 1, count: 3 } as const;

describe('many clients on real containers', () => {
  it('many-clients: of 1,000 connections the 500 dead ones detected, each inside its own window; none of the 500 live ones dropped', async (context) => {
    const result = (await runAndRecord(context, SCENARIOS.get('many-clients')!)) as CrowdResult;

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.connections).toMatchObject({
      total: 1_000,
      dead: 500,
      detected: 500,
      detectedInWindow: 500,
      liveDropped: 0,
      deadStillEstablished: 0,
      seenOnWire: 1_000,
    });
    expect(result.crowd.groups.map((group) => [group.name, group.connections, group.dead])).toEqual([
      ['client-live-1', 500, false],
      ['client-dead-1', 500, true],
    ]);
    // The server's resources over time: all 1,000 held before the fault, the live 500 after.
    const before = result.resources.points.filter((point) => point.atMs < 0).at(-1)!;
    const after = result.resources.points.at(-1)!;
    expect([before.established, after.established]).toEqual([1_000, 500]);
    expect(before.openFiles).toBeGreaterThanOrEqual(1_000);
    expect(after.openFiles).toBeLessThan(before.openFiles - 400);
    expect(result.wire?.droppedByKernel).toBe(0);
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });

  it('many-clients-no-keepalive: without keepalive every dead connection is still established when the watch ends — the pile-up', async (context) => {
    const result = (await runAndRecord(context, SCENARIOS.get('many-clients-no-keepalive')!)) as CrowdResult;

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.connections).toMatchObject({ total: 300, dead: 150, detected: 0, deadStillEstablished: 150, liveDropped: 0 });
    expect(result.observedForMs).toBeGreaterThanOrEqual(20_000);
    expect(result.resources.points.filter((point) => point.atMs > 0).every((point) => point.established === 300)).toBe(true);
  });

  it('a crowd of two with one dead: the dead connection judged as pause-client judges its one connection', async (context) => {
    const [crowd, single] = await Promise.all([
      runAndRecord(context, SCENARIOS.get('many-clients')!, { config: fast, crowd: { connections: 2, dead: 1 } }) as Promise<CrowdResult>,
      runAndRecord(context, SCENARIOS.get('pause-client')!, { config: fast }),
    ]);

    expect([crowd.verdict, single.verdict]).toEqual(['pass', 'pass']);
    expect(crowd.connections).toMatchObject({ total: 2, dead: 1, detected: 1, detectedInWindow: 1, liveDropped: 0 });
    expect([crowd.outcome, crowd.mechanism, crowd.probesSent]).toEqual([single.outcome, single.mechanism, single.probesSent]);
    expect(crowd.expected.reference).toBe(single.expected.reference);
  });

  it('10,000 connections, 5,000 dead, through the CLI: every one accounted for in the JSONL, nothing left behind', async (context) => {
    const reportDir = await mkdtemp(join(tmpdir(), 'keepalive-lab-crowd-'));
    const lab = startLab('run', 'many-clients', '--connections', '10000', '--dead', '5000', '--json', '--report-dir', reportDir);
    const finished = await lab;
    const result = JSON.parse(finished.stdout) as CrowdResult;
    recordRuns(context, result);

    expect(finished.exitCode, finished.stderr).toBe(0);
    expect(result.connections).toMatchObject({ total: 10_000, dead: 5_000, detectedInWindow: 5_000, liveDropped: 0, seenOnWire: 10_000 });
    expect(result.crowd.connectionsFile).toMatch(/^many-clients_agent_1-1-3_\d{8}T\d{6}Z_[0-9a-f]{6}\.connections\.jsonl$/);
    const lines = (await readFile(join(reportDir, result.crowd.connectionsFile!), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { verdict: string; dead: boolean });
    expect([lines.length, lines.filter((line) => line.dead).length, lines.filter((line) => line.verdict === 'pass').length]).toEqual([10_000, 5_000, 10_000]);
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });

  it('10,000 connections interrupted with Ctrl-C once established: exit 130, nothing left behind', async () => {
    const lab = startLab('run', 'many-clients', '--connections', '10000', '--report-dir', '/tmp/keepalive-lab-crowd-interrupted');
    const runId = await runIdOf(lab);
    await waitForLine(lab, /all 10000 established/);
    expect((await leftovers(runId)).containers).toBe(5); // the server, its sidecar, two clients, the dead one's sidecar

    lab.kill('SIGINT');
    expect((await lab).exitCode).toBe(130);
    expect(await leftovers(runId)).toEqual({ containers: 0, networks: 0 });
  });
});
