// A router between client and server that forgets idle flows after 5 s (the NAT timeout), on real containers:
// keepalive below the timeout keeps the flow from either side; without it the request after 15 s of silence
// fails as the router's mode makes it fail; keepalive above the timeout meets the forgotten flow itself — and in
// loose mode the two directions differ. Every outcome asserted here was measured first (docs/middleboxes.md).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MiddleboxResult } from '../lab/middlebox/result.ts';
import type { RunOptions } from '../lab/run-scenario.ts';
import { removeOrphans } from '../lab/runtime/cleanup.ts';
import { docker } from '../lab/runtime/docker-client.ts';
import { SCENARIOS } from '../lab/catalogue/index.ts';
import { leftovers, startLab, waitForLine } from './lab-process.ts';
import { recordRuns, runAndRecord } from './record-run.ts';

const run = async (context: Parameters<typeof runAndRecord>[0], name: string, options: RunOptions = {}) =>
  (await runAndRecord(context, SCENARIOS.get(name)!, options)) as MiddleboxResult;

/** The entry was gone from the router's table before the request went out. */
const forgottenBeforeRequest = (result: MiddleboxResult) =>
  result.middlebox.entry.goneByMs !== null && result.middlebox.entry.goneByMs < result.request.sentAtMs!;

describe.concurrent('a middlebox that forgets idle flows, on real containers', () => {
  it("nat-keepalive-holds: the server's probes every 2 s refresh the router's entry, and the request after 15 s is answered", async (context) => {
    const result = await run(context, 'nat-keepalive-holds');

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('answered');
    expect(result.request.wire).toEqual({ answered: true, resetBy: null, retransmissions: 0, unansweredProbes: 0 });
    expect(result.middlebox.entry.goneByMs).toBeNull();
    expect(result.middlebox.entry.refreshesMs.length).toBeGreaterThanOrEqual(5); // a probe and its answer every 2 s
    const probes = result.middlebox.probes;
    expect(probes.length).toBeGreaterThanOrEqual(5);
    expect(probes.every((probe) => probe.by === 'server' && probe.answered)).toBe(true);
    expect(result.server.fate).toEqual({ saw: 'nothing: still established', atMs: null, gotRequest: true });
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });

  it.for(['client', 'both'] as const)('nat-keepalive-holds --keepalive-on %s: the same from that side', async (side, context) => {
    const result = await run(context, 'nat-keepalive-holds', { middlebox: { keepaliveOn: side } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('answered');
    expect(result.middlebox.entry.goneByMs).toBeNull();
    expect(result.middlebox.probes.some((probe) => probe.by === 'client')).toBe(true);
  });

  it('nat-forgets-idle, drop: the request retransmits into silence until tcp_retries2 = 3 gives up — ETIMEDOUT', async (context) => {
    const result = await run(context, 'nat-forgets-idle', { middlebox: { mode: 'drop' } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('ETIMEDOUT');
    expect(forgottenBeforeRequest(result)).toBe(true);
    expect(result.request.wire.retransmissions).toBeGreaterThanOrEqual(3);
    expect(result.request.wire.answered).toBe(false);
    expect(result.expected.reference).toBe('first-retransmission');
    expect(result.expected.earliestMs).toBeLessThanOrEqual(result.request.atMs!);
    expect(result.request.atMs).toBeLessThanOrEqual(result.expected.latestMs);
    // Predicted from its first 3 retransmissions, before it came (reported; the verdict holds to the kernel's rule).
    if (result.prediction) expect(result.prediction.madeAtMs).toBeLessThan(result.request.atMs!);
    else expect(result.predictionMissing).toMatch(/^no chain of the retransmission timer/);
    expect(result.server.fate).toEqual({ saw: 'nothing: still established', atMs: null, gotRequest: false });
  });

  it('nat-forgets-idle, reset: the router answers the request with an RST — ECONNRESET at once', async (context) => {
    const result = await run(context, 'nat-forgets-idle', { middlebox: { mode: 'reset' } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('ECONNRESET');
    expect(forgottenBeforeRequest(result)).toBe(true);
    expect(result.request.wire.resetBy).toBe('router');
    expect(result.request.atMs).toBeLessThan(100);
    expect(result.server.fate.gotRequest).toBe(false);
  });

  it('nat-forgets-idle, loose: the request re-creates the mapping on the same port, and is answered', async (context) => {
    const result = await run(context, 'nat-forgets-idle', { middlebox: { mode: 'loose' } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('answered');
    expect(forgottenBeforeRequest(result)).toBe(true);
    expect(result.server.fate.gotRequest).toBe(true);
  });

  it("loose mode, keepalive too slow (idle 8 s): the server's probe is reset by the router's own stack, so the request is too", async (context) => {
    const result = await run(context, 'nat-keepalive-holds', { config: { idleS: 8 }, middlebox: { mode: 'loose', keepaliveOn: 'server' } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('ECONNRESET');
    expect(result.server.fate.saw).toBe('ECONNRESET');
    expect(result.server.fate.atMs).toBeLessThan(0); // the server learnt at its first probe, before the request
  });

  it("loose mode, keepalive too slow (idle 8 s): the client's probe re-creates the mapping, and the request is answered", async (context) => {
    const result = await run(context, 'nat-keepalive-holds', { config: { idleS: 8 }, middlebox: { mode: 'loose', keepaliveOn: 'client' } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('answered');
    expect(result.middlebox.probes.filter((probe) => probe.by === 'client').some((probe) => probe.answered)).toBe(true);
  });

  it('the CLI with --matrix idle=2,8 --nat-timeout 5: idle below the timeout keeps the flow, above it the request is dropped', async (context) => {
    const reportDir = await mkdtemp(join(tmpdir(), 'keepalive-lab-nat-matrix-'));
    const lab = await startLab('run', 'nat-keepalive-holds', '--matrix', 'idle=2,8', '--nat-timeout', '5', '--json', '--report-dir', reportDir);

    expect(lab.exitCode, lab.stderr).toBe(0);
    const results = JSON.parse(lab.stdout) as MiddleboxResult[];
    recordRuns(context, ...results);
    expect(results.map((result) => [result.verdict, result.config.idle, result.middlebox.marginS, result.outcome])).toEqual([
      ['pass', 2, 3, 'answered'],
      ['pass', 8, -3, 'ETIMEDOUT'],
    ]);
    const report = await readFile(join(reportDir, 'nat-keepalive-holds-matrix.md'), 'utf8');
    expect(report).toContain('2 runs — 0 failed, 2 passed, 0 skipped');
  });

  it('Ctrl-C removes the router, both networks and every container; after kill -9 the next clean-up does', async () => {
    const networksUp = /on internal networks keepalive-lab-(kal-[0-9a-f]+)-c and/;
    for (const [signal, exitCode] of [
      ['SIGINT', 130],
      ['SIGKILL', null],
    ] as const) {
      const lab = startLab('run', 'nat-forgets-idle', '--report-dir', '/tmp/keepalive-lab-cleanup-test');
      const runId = (await waitForLine(lab, networksUp))[1]!;
      await waitForLine(lab, /the client falls silent/);
      expect(await leftovers(runId)).toEqual({ containers: 5, networks: 2 }); // client, server, their sidecars and the router

      lab.kill(signal);
      const ended = await lab;
      if (exitCode === null) {
        expect((await leftovers(runId)).networks).toBe(2);
        expect((await removeOrphans(await docker())).runs).toContain(runId);
      } else {
        expect(ended.exitCode).toBe(exitCode);
      }
      expect(await leftovers(runId)).toEqual({ containers: 0, networks: 0 });
    }
  });
});
