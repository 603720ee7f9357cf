// A real HAProxy (Debian's) between client and server closes a connection idle for its timeout, whatever keepalive
// does: the close on the client's wire at the timeout from the last data, the proxy's log naming its idle timeout,
// keepalive's probes answered by the proxy's kernel and not keeping the connection — with the lab's agents at the
// grid's settings (idle under, equal to and over the interval) and with node-postgres's Pool, whose error is quoted.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../lab/catalogue/index.ts';
import { findClient } from '../lab/clients/index.ts';
import type { ProxyResult } from '../lab/proxy/result.ts';
import { leftovers } from './lab-process.ts';
import { runAndRecord } from './record-run.ts';

const proxyClosesIdle = SCENARIOS.get('proxy-closes-idle')!;

/** Closed by the proxy at its timeout from the last data, its log saying why. */
function expectClosedAtTheTimeout(result: ProxyResult): void {
  expect(result.verdict, result.reason).toBe('pass');
  expect([result.outcome, result.proxy.close.by, result.proxy.log.termination?.[0]]).toEqual(['end', 'proxy', 'c']);
  expect(result.measuredMs!).toBeGreaterThanOrEqual(result.expected.earliestMs);
  expect(result.measuredMs!).toBeLessThanOrEqual(result.expected.latestMs);
  expect(result.proxy.serverSideClose?.by).toBe('proxy');
}

describe.concurrent('a proxy that closes idle connections (HAProxy, timeout 5 s)', () => {
  it('the agents, keepalive off: closed at the timeout', async (context) => {
    const result = (await runAndRecord(context, proxyClosesIdle)) as ProxyResult;

    expectClosedAtTheTimeout(result);
    expect(result.proxy.close.probes.sent).toBe(0);
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });

  it.for([
    [2, 1, 4],
    [3, 2, 2],
  ])(
    "the agents, the client's keepalive on at %i/%i/%i: its probes are answered by the proxy's kernel, and the close comes at the timeout all the same",
    async ([idleS, intervalS, count], context) => {
      const result = (await runAndRecord(context, proxyClosesIdle, {
        config: { idleS, intervalS, count },
        middlebox: { keepaliveOn: 'client' },
      })) as ProxyResult;

      expectClosedAtTheTimeout(result);
      expect(result.proxy.close.probes.sent).toBeGreaterThan(0);
      expect(result.proxy.close.probes.answered).toBe(result.proxy.close.probes.sent);
    },
  );

  it('pg with keepAlive under the timeout: closed all the same, pg says "Connection terminated unexpectedly", its next query answered on a new connection', async (context) => {
    const result = (await runAndRecord(context, proxyClosesIdle, {
      client: await findClient('pg'),
      config: { idleS: 2 },
      middlebox: { keepaliveOn: 'client' },
    })) as ProxyResult;

    expectClosedAtTheTimeout(result);
    expect(result.proxy.close.probes.sent).toBeGreaterThan(0);
    expect(result.application?.error).toMatchObject({ message: 'Connection terminated unexpectedly', surfacedAs: 'an error event' });
    expect(result.nextRequest).toEqual({ outcome: 'answered', afterTheClose: true, newConnection: true });
  });
});
