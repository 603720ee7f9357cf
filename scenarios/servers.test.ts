// Real servers in the agent's place, judged from the wire: Redis and PostgreSQL as Debian ships them, the real
// redis-cli and psql as their clients, and a user's profile file that is wrong in the ways users get it wrong.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docker } from '../lab/runtime/docker-client.ts';
import { OWNER_LABEL, RUN_LABEL } from '../lab/runtime/run-identity.ts';
import { packagePath } from '../lab/paths.ts';
import { findServer } from '../lab/servers/index.ts';
import { SCENARIOS } from '../lab/catalogue/index.ts';
import { leftovers, startLab } from './lab-process.ts';
import { runAndRecord } from './record-run.ts';

const pauseClient = SCENARIOS.get('pause-client')!;

describe.concurrent('servers under test', () => {
  it("pause-client --server redis --idle 3: Redis's tcp-keepalive 3 gives 3/1/3 on the wire, ETIMEDOUT after 3 probes, and Redis lets the client go", async (context) => {
    const result = await runAndRecord(context, pauseClient, { server: await findServer('redis'), config: { idleS: 3 } });

    expect(result.verdict, result.reason).toBe('pass');
    expect([result.outcome, result.mechanism, result.outcomeSeenBy]).toEqual(['ETIMEDOUT', 'keepalive', 'wire']);
    expect(result.appliedConfig).toMatchObject({ idle: 3, interval: 1, count: 3 }); // what the profile says Redis derives…
    expect(result.observedKeepalive).toEqual({ idleS: 3, intervalS: 1, count: 3 }); // …and what the wire shows it did
    expect(result.observedBy).toEqual(['wire', 'counters', 'server']);
    expect(result.app).toMatchObject({ before: 1, after: 0, source: 'redis-cli CLIENT LIST' });
    expect(result.app!.changedAtMs!).toBeGreaterThanOrEqual(result.measuredMs!); // Redis lets go after its kernel did
    expect(result.environment.server).toMatch(/^redis: Redis server v=7\.0\.15 /);
    expect(result.server?.log?.some((line) => line.includes('Ready to accept connections'))).toBe(true);
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });

  it('pause-client --server postgres --idle 1 --interval 1 --count 3: the GUCs reach the socket, ETIMEDOUT by keepalive, the backend ends', async (context) => {
    const result = await runAndRecord(context, pauseClient, { server: await findServer('postgres'), config: { idleS: 1, intervalS: 1, count: 3 } });

    expect(result.verdict, result.reason).toBe('pass');
    expect([result.outcome, result.mechanism]).toEqual(['ETIMEDOUT', 'keepalive']);
    expect(result.observedKeepalive).toEqual({ idleS: 1, intervalS: 1, count: 3 });
    expect(result.probes.map((probe) => probe.answered)).toEqual([false, false, false]);
    expect(result.app).toMatchObject({ before: 1, after: 0 });
    expect(result.environment.server).toMatch(/^postgres: postgres \(PostgreSQL\) 15\./);
  });

  it("reboot-client --server redis --idle 4: the rebooted client's kernel answers Redis's next probe with RST", async (context) => {
    // idle 4 (probes at 4, 5 and 6 s): Redis's chain outlasts the client's restart, up to 3.2 s in CI under load.
    const result = await runAndRecord(context, SCENARIOS.get('reboot-client')!, { server: await findServer('redis'), config: { idleS: 4 } });

    expect(result.verdict, result.reason).toBe('pass');
    expect([result.outcome, result.mechanism]).toEqual(['ECONNRESET', 'reset']);
    expect(result.wire?.ending).toMatchObject({ kind: 'rst', by: 'peer' });
    expect(result.appliedConfig).toMatchObject({ idle: 4, interval: 1, count: 3 }); // idle 4, through Redis
  });

  it("pause-client with the own-keepalive example --idle 6: the server derives interval 2 and count 3 from its --keepalive 6, as its profile's applies says, and the wire shows it", async (context) => {
    const ownKeepalive = await findServer(packagePath('docs', 'examples', 'own-keepalive', 'profile.yaml'));
    const result = await runAndRecord(context, pauseClient, { server: ownKeepalive, config: { idleS: 6 } });

    expect(result.verdict, result.reason).toBe('pass');
    expect([result.outcome, result.mechanism]).toEqual(['ETIMEDOUT', 'keepalive']);
    expect(result.appliedConfig).toMatchObject({ idle: 6, interval: 2, count: 3 });
    expect(result.observedKeepalive).toEqual({ idleS: 6, intervalS: 2, count: 3 });
  });

  it('pause-client --server postgres --server-defaults: keepalive on with the namespace defaults, the first probe two hours away', async (context) => {
    const result = await runAndRecord(context, pauseClient, { server: await findServer('postgres'), serverDefaults: true });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('alive');
    expect(result.observedForMs).toBe(30_000);
    expect(result.probesSent).toBe(0);
    expect(result.asShipped).toMatchObject({ applied: { idle: 7200, interval: 75, count: 9 }, detectionMs: 7_875_000 });
    expect(result.observerSocket?.timer).toMatchObject({ name: 'keepalive', probesUnanswered: 0 }); // ss: due in about 119 min
    expect(result.reason).toContain('as shipped, a client that vanishes is found 2 h 11 min 15 s after its last segment');
    expect(result.app).toMatchObject({ before: 1, after: 1, changedAtMs: null }); // PostgreSQL still holds the dead client
  });

  it('a profile file with an unknown key: one line naming the file, the key and the fix, exit 2, before anything starts', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'keepalive-lab-profile-'));
    const file = join(directory, 'my-server.yaml');
    await writeFile(file, 'name: mine\nsummary: mine\nimage: mine:1\nprot: 80\nready: { port: true }\nkeepalive: { takes: [], shipped: off, how: never }\n');
    const lab = await startLab('run', 'pause-client', '--server', file);

    expect(lab.exitCode).toBe(2);
    expect(lab.stderr.trim()).toBe(
      `keepalive-lab: ${file}: unknown key 'prot' at the top level: did you mean 'port'? Rename it (docs/servers.md › Your own server)`,
    );
  });

  it('a server that exits before it is ready: its last log lines in one line, exit 2, nothing left behind', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'keepalive-lab-profile-'));
    const file = join(directory, 'broken.yaml');
    await writeFile(
      file,
      [
        'name: broken',
        'summary: a Redis that cannot start',
        `image: { build: ${packagePath('containers', 'servers', 'redis')} }`,
        'port: 6379',
        'command: [redis-server, --no-such-option, "yes"]',
        'ready: { log: Ready to accept connections }',
        'keepalive: { arguments: [--tcp-keepalive, "{idle}"], takes: [idle], shipped: { idle: 300 }, how: tcp-keepalive }',
        '',
      ].join('\n'),
    );
    const lab = startLab('run', 'pause-client', '--server', file, '--idle', '1');
    const { exitCode, stderr } = await lab;

    expect(exitCode).toBe(2);
    expect(stderr.trim().split('\n').at(-1)).toMatch(
      /^keepalive-lab: the broken server printed no line holding 'Ready to accept connections' within 60 s( \(.*\))?; its first error: \*\*\* FATAL CONFIG FILE ERROR .*; its last log lines: .*Bad directive or wrong number of arguments$/,
    );
    const client = await docker();
    const owner = `${hostname()}/${lab.pid}/`;
    const containers = await client.listContainers({ all: true, filters: JSON.stringify({ label: [RUN_LABEL] }) });
    expect(containers.filter((container) => container.Labels[OWNER_LABEL]?.startsWith(owner))).toEqual([]);
  });
});
