// Profile files: the built-in ones as users' would be read, the mappings they declare, and the one-line errors a
// user gets for a file that is wrong.
import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { UsageError } from '../errors.ts';
import { findServer } from './index.ts';
import { profileFromText } from './profile-file.ts';
import { appliedKeepalive, fill, shippedKeepalive } from './server-profile.ts';

const asked = (idleS: number, intervalS = 1, count = 3, userTimeoutMs = 0): KeepaliveConfig => ({ idleS, intervalS, count, userTimeoutMs, setOn: 'listener' });
const settings = (config: KeepaliveConfig | null) => config && [config.idleS, config.intervalS, config.count, config.userTimeoutMs];

const MINIMAL = `
name: my-server
summary: my own server
image: my/server:1.0
port: 8080
ready: { log: listening }
keepalive:
  sysctls: true
  takes: [idle, interval, count]
  shipped: kernel
  how: it only switches SO_KEEPALIVE on
`;

describe('the built-in profiles', () => {
  it('redis takes idle only and derives the rest as anetKeepAlive does: interval max(1, idle/3), count 3', async () => {
    const redis = await findServer('redis');
    expect(redis.keepalive.takes).toEqual(['idle']);
    expect(settings(appliedKeepalive(redis, asked(3, 7, 9)))).toEqual([3, 1, 3, 0]);
    expect(settings(appliedKeepalive(redis, asked(1)))).toEqual([1, 1, 3, 0]);
    expect(settings(shippedKeepalive(redis, asked(1)))).toEqual([300, 100, 3, 0]); // tcp-keepalive 300 as shipped
    expect(fill(redis.keepalive.arguments, { idle: 3 })).toEqual(['--tcp-keepalive', '3']);
  });

  it('postgres takes all four, and as shipped leaves the namespace defaults', async () => {
    const postgres = await findServer('postgres');
    expect(settings(appliedKeepalive(postgres, asked(1, 1, 3, 5000)))).toEqual([1, 1, 3, 5000]);
    expect(settings(shippedKeepalive(postgres, asked(1)))).toEqual([7200, 75, 9, 0]);
    expect(fill(postgres.keepalive.arguments, { idle: 1, interval: 2, count: 3, userTimeoutMs: 0 })).toContain('tcp_keepalives_interval=2');
  });

  it('the agent applies what Node applies, and ships keepalive off', async () => {
    const agent = await findServer('agent');
    expect(settings(appliedKeepalive(agent, { ...asked(1, 5, 5), setOn: 'node-default' }))).toEqual([1, 1, 10, 0]);
    expect(shippedKeepalive(agent, asked(1))).toBeNull();
  });

  it('refuses a name that is neither built in nor a file, listing what there is', async () => {
    await expect(findServer('mysql')).rejects.toThrow(
      new UsageError(
        "unknown server 'mysql': choose agent, redis, postgres, or give a profile file such as ./my-server.yaml (docs/servers.md › Your own server)",
      ),
    );
  });
});

describe("a user's profile file", () => {
  it('reads a minimal one, with defaults for what it leaves out', () => {
    const profile = profileFromText(MINIMAL, 'my-server.yaml');
    expect(profile).toMatchObject({ name: 'my-server', image: { ref: 'my/server:1.0' }, port: 8080, client: 'agent', env: {}, source: 'my-server.yaml' });
    expect(settings(appliedKeepalive(profile, asked(5, 2, 4)))).toEqual([5, 2, 4, 0]);
  });

  it.each([
    [
      MINIMAL.replace('port: 8080', 'prot: 8080'),
      "my-server.yaml: unknown key 'prot' at the top level: did you mean 'port'? Rename it (docs/servers.md › Your own server)",
    ],
    [MINIMAL.replace('port: 8080\n', ''), "my-server.yaml: 'port' is missing: give the TCP port the server listens on"],
    [
      MINIMAL.replace('  sysctls: true', '  sysctl: true'),
      "my-server.yaml: unknown key 'sysctl' under 'keepalive': did you mean 'sysctls'? Rename it (docs/servers.md › Your own server)",
    ],
    [
      `${MINIMAL}comand: [my-server, --verbose]\n`,
      "my-server.yaml: unknown key 'comand' at the top level: did you mean 'command'? Rename it (docs/servers.md › Your own server)",
    ],
    [
      // Two mistakes at once: the misspelt key is named by its spelling, not by the key whose value is wrong.
      `${MINIMAL.replace('port: 8080', 'port: nine-thousand')}comand: [my-server]\n`,
      "my-server.yaml: unknown key 'comand' at the top level: did you mean 'command'? Rename it (docs/servers.md › Your own server)",
    ],
    [
      MINIMAL.replace('ready: { log: listening }', 'ready: { log: listening, timeout: 8 }'),
      "my-server.yaml: unknown key 'timeout' under 'ready': did you mean 'timeoutS'? Rename it (docs/servers.md › Your own server)",
    ],
    [`${MINIMAL}colour: blue\n`, "my-server.yaml: unknown key 'colour' at the top level: remove it or fix its spelling (docs/servers.md › Your own server)"],
    [
      MINIMAL.replace('port: 8080', 'port: nine-thousand'),
      'my-server.yaml: \'port\' must be the TCP port the server listens on, a number such as 9000, not "nine-thousand"',
    ],
    [
      MINIMAL.replace('  shipped: kernel\n', ''),
      "my-server.yaml: 'keepalive.shipped' is missing: what the program does when the lab sets nothing — kernel, off, or values such as { idle: 300 }",
    ],
    [
      MINIMAL.replace('takes: [idle, interval, count]', 'takes: [idle, intervals]'),
      "my-server.yaml: 'keepalive.takes.1' must be one of idle, interval, count, user-timeout",
    ],
    [
      MINIMAL.replace('  sysctls: true', '  arguments: [--ka, "{userTimeoutMs}"]'),
      "my-server.yaml: 'keepalive.arguments' uses {userTimeoutMs} but 'keepalive.takes' does not list user-timeout: add it, or drop the placeholder",
    ],
    [
      MINIMAL.replace('  shipped: kernel', '  shipped: kernel\n  applies: { count: idle // 2 }'),
      "my-server.yaml: 'keepalive.applies.count' in 'idle // 2': unknown '/' (it may use numbers",
    ],
    ['name: [', 'my-server.yaml: not valid YAML (line 1): '],
    [
      MINIMAL.replace('ready: { log: listening }', 'ready:\n  log: listening timeoutS: 8'),
      'my-server.yaml: not valid YAML (line 7): Nested mappings are not allowed in compact mappings at line 7, column 8: "log: listening timeoutS: 8"',
    ],
  ])('refuses a wrong file in one line naming the file, the key and the fix (%#)', (text, message) => {
    expect(() => profileFromText(text, 'my-server.yaml')).toThrow(UsageError);
    expect(() => profileFromText(text, 'my-server.yaml')).toThrow(message);
  });
});
