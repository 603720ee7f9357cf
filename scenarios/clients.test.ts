// An application's client against a server the fault strikes (--client): real libraries (ioredis, pg, and a client
// profile of one's own from the docs), real servers, the client's kernel predicted from the wire, and what the
// application saw — its first error, its hung requests, its recovery after the lab healed the fault.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../lab/catalogue/index.ts';
import { findClient } from '../lab/clients/index.ts';
import { packagePath } from '../lab/paths.ts';
import type { RunResult } from '../lab/run/result.ts';
import { leftovers } from './lab-process.ts';
import { runAndRecord } from './record-run.ts';

const pauseServer = SCENARIOS.get('pause-server')!;
const freezeServer = SCENARIOS.get('freeze-server')!;
/** Behind the router, the pool's second query comes 8 s after its first: 3 s after the router forgot an idle flow. */
const afterTheForgetting = { requestAfterS: 8 };

/** The library heard of the ending from its kernel, as an error event ETIMEDOUT (its clock counts whole ms). */
function expectErrorEventAtTheEnding(result: RunResult): void {
  expect(result.application?.error).toMatchObject({ code: 'ETIMEDOUT', surfacedAs: 'an error event' });
  expect(result.application!.firstErrorMs!).toBeGreaterThanOrEqual(result.measuredMs! - 1);
}

/** The client's kernel ended it by keepalive, at the lab's prediction, and the application answered again after the heal. */
function expectDetectedAndRecovered(result: RunResult, idleS: number): void {
  expect(result.verdict, result.reason).toBe('pass');
  expect([result.outcome, result.mechanism, result.roles.observer]).toEqual(['ETIMEDOUT', 'keepalive', 'client']);
  expect(result.client?.observedKeepalive).toEqual({ idleS, intervalS: 1, count: 10 }); // Node's setKeepAlive: libuv's 1 s and 10
  expect(Math.abs(result.errorVsPredictionMs!)).toBeLessThanOrEqual(25);
  const app = result.application!;
  expect(app.healedAtMs!).toBeGreaterThanOrEqual(result.measuredMs!); // healed once the client's kernel had ended it
  expect(app.recoveredMs!).toBeGreaterThan(app.healedAtMs!);
}

describe.concurrent("an application's client against a server that vanished or froze", () => {
  it('pause-server --client ioredis --idle 1: ETIMEDOUT at the prediction, ioredis emits it, answers again after the heal on a new connection', async (context) => {
    const result = await runAndRecord(context, pauseServer, { client: await findClient('ioredis'), config: { idleS: 1 } });

    expectDetectedAndRecovered(result, 1);
    expectErrorEventAtTheEnding(result);
    expect(result.application?.error?.message).toBe('read ETIMEDOUT');
    expect(result.server?.profile).toBe('redis'); // the client's own server
    expect(result.timeline.filter((entry) => entry.source === 'wire' && entry.event === 'opened' && entry.atMs > 0)).toHaveLength(1);
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });

  it("pause-server --client node-http --idle 2: Node's keep-alive agent holds TCP keepalive on its pooled socket, ETIMEDOUT at the prediction", async (context) => {
    const result = await runAndRecord(context, pauseServer, { client: await findClient('node-http'), config: { idleS: 2 } });

    expectDetectedAndRecovered(result, 2);
    expect(result.server?.profile).toBe('node-http'); // the client's own server, from a profile file beside it
    expect(result.application?.error).toBeNull(); // the agent drops a dead pooled socket without a word: the next request takes a new one
  });

  it('pause-server with the client profile of docs/examples/my-client --idle 3', async (context) => {
    const mine = await findClient(packagePath('docs', 'examples', 'my-client', 'client.yaml'));
    const result = await runAndRecord(context, pauseServer, { client: mine, config: { idleS: 3 } });

    expectDetectedAndRecovered(result, 3);
    expectErrorEventAtTheEnding(result);
  });

  it('freeze-server --client ioredis --idle 1: every probe answered by the frozen server’s kernel, no error, a request hangs until the heal', async (context) => {
    const result = await runAndRecord(context, freezeServer, { client: await findClient('ioredis'), config: { idleS: 1 }, requestEveryMs: 4_000 });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('alive');
    expect(result.probes.every((probe) => probe.answered)).toBe(true);
    const app = result.application!;
    expect(app.error).toBeNull();
    expect(app.requests.hung).toBeGreaterThan(0);
    expect(app.hungMs!).toBeGreaterThan(app.requestTimeoutMs);
    expect(app.recoveredMs!).toBeGreaterThanOrEqual(app.healedAtMs!);
    expect(app.recoveredMs! - app.healedAtMs!).toBeLessThan(1_000); // the thawed Redis answers what waited at once
  });

  it('nat-forgets-idle --client pg: the pool without keepalive, its idle connection forgotten by the router — the next query fails ETIMEDOUT, as the kernel predicted', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('nat-forgets-idle')!, { client: await findClient('pg'), middlebox: afterTheForgetting });

    expect(result.verdict, result.reason).toBe('pass');
    expect([result.outcome, result.server?.profile]).toEqual(['ETIMEDOUT', 'postgres']);
    expect(result.application?.error).toMatchObject({ code: 'ETIMEDOUT', surfacedAs: 'a failed request' });
    expect(Math.abs(result.application!.firstErrorMs! - result.measuredMs!)).toBeLessThan(25); // the query fails as the kernel gives up
  });

  it('nat-keepalive-holds --client pg --keepalive-on client --idle 2: the pool keepalive the docs advise keeps the flow, the query is answered', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('nat-keepalive-holds')!, {
      client: await findClient('pg'),
      config: { idleS: 2 },
      middlebox: { ...afterTheForgetting, keepaliveOn: 'client' },
    });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('answered');
    expect(result.application?.error).toBeNull();
    expect(result.client?.settings).toEqual({ idle: 2 });
  });
});
