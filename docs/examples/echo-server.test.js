// echo-server and clients that vanish, judged on real containers. Written by `npx keepalive-lab init`; run it with
// `npx vitest run keepalive-lab`. ESM syntax with no top-level await: vitest runs it in a CommonJS project as in an
// ESM one. A run takes its detection time plus about 5 s of set-up (the first also builds the server's image).
import { fileURLToPath } from 'node:url';
import { findServer, scenario } from 'keepalive-lab';
import { expectDetectedWithin, expectStillAliveAfter, runAndReport } from 'keepalive-lab/vitest';
import { describe, test } from 'vitest';

// The profile beside this file: change the server there.
const server = () => findServer(fileURLToPath(new URL('./echo-server/profile.yaml', import.meta.url)));
// Probe after 2 s of silence, then every 1 s; give up after 3 unanswered probes: about 5 s after the client vanished.
const config = { idleS: 2, intervalS: 1, count: 3 };

// Concurrent: each run has its own network and containers, so the two share the machine without sharing anything else.
describe.concurrent('echo-server and clients that vanish', () => {
  test('a client whose VM is paused is dropped by keepalive within 7 s', async () => {
    const run = await runAndReport(scenario('pause-client'), { server: await server(), config });
    expectDetectedWithin(run, 7_000, { by: 'keepalive' });
  }, 120_000);

  test('a docker-paused client is not a dead one: its kernel still answers the probes', async () => {
    const run = await runAndReport(scenario('freeze-client'), { server: await server(), config });
    expectStillAliveAfter(run, 10_000);
  }, 120_000);
});
