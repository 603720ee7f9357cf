import { describe, expect, it } from 'vitest';
import { packagePath } from '../paths.ts';
import { appliedKeepalive } from '../servers/server-profile.ts';
import { parseKeepaliveConfig } from '../config/keepalive-config.ts';
import { clientFromText } from './client-file.ts';
import { builtInClients } from './index.ts';

const profile = (keepalive: string, rest = '') =>
  `name: mine\nsummary: mine\nserver: redis\ndirectory: .\ncommand: [node, client.mjs]\n${rest}keepalive:\n${keepalive}`;

describe('client profile files', () => {
  it('reads the built-in clients: each takes --idle alone, and the kernel then holds libuv’s interval 1 s and count 10', async () => {
    const clients = await builtInClients();
    expect(clients.map((client) => client.name)).toEqual(['ioredis', 'pg', 'node-http']);
    const asked = parseKeepaliveConfig({ idleS: 3, intervalS: 7, count: 9, userTimeoutMs: 0, setOn: 'accepted' });
    for (const client of clients) {
      expect(client.keepalive.takes).toEqual(['idle']);
      expect(appliedKeepalive(client, asked)).toMatchObject({ idleS: 3, intervalS: 1, count: 10 });
    }
  });

  it("finds a server given as a file from the client's own file", async () => {
    const [, , nodeHttp] = await builtInClients();
    expect(nodeHttp!.server).toBe(packagePath('containers', 'clients', 'node-http', 'server', 'profile.yaml'));
  });

  it.each([
    [
      '  env: { MY_MS: "{idle_ms}" }\n  takes: [idle]\n  shipped: off\n  how: never\n',
      "client.yaml: 'keepalive.env' uses {idle_ms}, which the lab does not fill in: use {idle}, {interval}, {count}, {userTimeoutMs}, {idleMs}",
    ],
    [
      '  env: { MY_MS: "{idleMs}" }\n  takes: []\n  shipped: off\n  how: never\n',
      "client.yaml: 'keepalive.env' uses {idleMs} but 'keepalive.takes' does not list idle: add it, or drop the placeholder",
    ],
    [
      '  arguments: [--keepalive, "{idle}"]\n  takes: [idle]\n  shipped: off\n  how: never\n',
      "client.yaml: 'keepalive' of a client gives its settings in env (the program reads them): move them there, and drop sysctls and arguments",
    ],
  ])('refuses a keepalive block that cannot work, in one line', (keepalive, message) => {
    expect(() => clientFromText(profile(keepalive), 'client.yaml')).toThrow(message);
  });

  it('names the key a misspelling meant', () => {
    expect(() => clientFromText(profile('  takes: []\n  shipped: off\n  how: never\n', 'comand: [x]\n'), 'client.yaml')).toThrow(
      "client.yaml: unknown key 'comand' at the top level: did you mean 'command'? Rename it (docs/clients.md › Your own client)",
    );
  });
});
