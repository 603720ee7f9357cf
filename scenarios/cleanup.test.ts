// Nothing a run creates outlives it: not after Ctrl-C, and after a kill -9 the leftovers go with the next
// clean-up, which never touches a run still in progress beside them.
import { describe, expect, it } from 'vitest';
import { removeOrphans } from '../lab/runtime/cleanup.ts';
import { docker } from '../lab/runtime/docker-client.ts';
import { leftovers, runIdOf, startLab, waitForLine } from './lab-process.ts';

const slowRun = ['run', 'pause-client', '--report-dir', '/tmp/keepalive-lab-cleanup-test'];

describe.concurrent('cleanup', () => {
  it("SIGINT during the fault removes the run's containers (a paused one included) and network, exit 130", async () => {
    const lab = startLab(...slowRun);
    const runId = await runIdOf(lab);
    await waitForLine(lab, /fault vm-pause on the client/);
    expect((await leftovers(runId)).containers).toBe(4);

    lab.kill('SIGINT');
    expect((await lab).exitCode).toBe(130);
    expect(await leftovers(runId)).toEqual({ containers: 0, networks: 0 });
  });

  it('after kill -9, clean-up removes the dead run (even two clean-ups at once) and spares a live one', async () => {
    const dead = startLab(...slowRun);
    const live = startLab(...slowRun);
    const [deadRun, liveRun] = await Promise.all([runIdOf(dead), runIdOf(live)]);
    await waitForLine(dead, /fault vm-pause on the client/);

    dead.kill('SIGKILL');
    await dead;
    expect((await leftovers(deadRun)).containers).toBe(4);

    // Every run reaps dead runs as it starts, so clean-ups race: two at once must both succeed.
    const client = await docker();
    const [first, second] = await Promise.all([removeOrphans(client), removeOrphans(client)]);
    const removed = [...first.runs, ...second.runs];
    expect(removed).toContain(deadRun);
    expect(removed).not.toContain(liveRun);
    expect(await leftovers(deadRun)).toEqual({ containers: 0, networks: 0 });
    expect((await leftovers(liveRun)).networks).toBe(1);

    live.kill('SIGTERM');
    expect((await live).exitCode).toBe(143);
    expect(await leftovers(liveRun)).toEqual({ containers: 0, networks: 0 });
  });
});
