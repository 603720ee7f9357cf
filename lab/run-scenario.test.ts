// The library refuses what a run kind cannot take, in the CLI's one-line words, before anything starts (no Docker
// engine is reached by any of these).
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from './catalogue/index.ts';
import { UsageError } from './errors.ts';
import { kindOf } from './kinds.ts';
import { runScenario } from './run-scenario.ts';
import type { RunOptions } from './run/run-options.ts';
import { middleboxKind } from './middlebox/middlebox-kind.ts';
import { findServer } from './servers/index.ts';

const scenario = (name: string) => SCENARIOS.get(name)!;
const refused = (name: string, options: RunOptions) =>
  runScenario(scenario(name), options).then(
    () => 'ran',
    (error: unknown) => (error instanceof UsageError ? error.message : `not a UsageError: ${String(error)}`),
  );

describe('a run kind per scenario, and what it refuses', () => {
  it('picks the kind by the scenario', () => {
    expect(['pause-client', 'many-clients', 'nat-forgets-idle'].map((name) => kindOf(scenario(name)).name)).toEqual(['single', 'crowd', 'middlebox']);
  });

  it.each([
    ['nat-keepalive-holds', { ipVersion: 6 }, 'nat-keepalive-holds runs over IPv4: the router masquerades with iptables for IPv4 only, drop --ip-version 6'],
    ['nat-keepalive-holds', { capture: false }, "nat-keepalive-holds judges the request from both sides' wires: drop --no-capture"],
    [
      'nat-keepalive-holds',
      { observe: 'wire' },
      "nat-keepalive-holds judges the request by the client's application and both wires together: drop --observe wire",
    ],
    [
      'nat-forgets-idle',
      { faultOptions: { direction: 'out' } },
      "nat-forgets-idle has no fault to set: the router's forgetting is the fault, drop --direction and --backend",
    ],
    ['nat-forgets-idle', { strict: true }, "nat-forgets-idle takes no --strict: its request is judged by the retransmission limit's window, from both wires"],
    [
      'nat-forgets-idle',
      { captureFile: '/tmp/x.pcap' },
      "nat-forgets-idle takes no capture file: its request is judged by the retransmission limit's window, from both wires",
    ],
    ['many-clients', { capture: false }, 'many-clients judges every connection from the capture: drop --no-capture'],
    [
      'many-clients',
      { middlebox: { natTimeoutS: 5 } },
      '--nat-timeout, --nat-mode, --proxy-timeout, --keepalive-on and --request-after apply to the middlebox scenarios (nat-keepalive-holds, nat-forgets-idle, proxy-closes-idle): many-clients has no router or proxy',
    ],
    [
      'pause-client',
      { crowd: { connections: 10 } },
      '--connections, --dead, --connect-rate and --fault apply to the many-clients scenarios: pause-client watches one connection',
    ],
    ['pause-client', { observe: 'wire', capture: false }, '--observe wire needs the capture: drop --no-capture'],
    [
      'frozen-zero-window',
      { config: { userTimeoutMs: 19_600 } },
      '--user-timeout does not apply to frozen-zero-window: it shows a frozen reader kept alive forever, and a user timeout ends exactly that: run frozen-zero-window-user-timeout',
    ],
  ] as const)('%s refuses %j', async (name, options, message) => {
    expect(await refused(name, options as RunOptions)).toBe(message);
  });

  it('refuses a server a scenario cannot take, as --server does', async () => {
    const redis = await findServer('redis');
    expect(await refused('busy-server', { server: redis })).toMatch(/^busy-server runs only with the lab's agent as the server: /);
    expect(await refused('nat-forgets-idle', { server: redis })).toBe("nat-forgets-idle runs the lab's agent on both sides of the router: drop --server");
  });

  it("refuses the settings a server's profile cannot take in --server's words, and takes those it can", async () => {
    const [redis, postgres] = await Promise.all([findServer('redis'), findServer('postgres')]);
    const config = { idleS: 3, intervalS: 2, count: 5 };
    expect(await refused('pause-client', { server: redis, config })).toMatch(/^redis does not take --interval or --count: it takes only --idle \(/);
    expect(await refused('many-clients', { server: redis, config })).toMatch(/^redis does not take --interval or --count: it takes only --idle \(/);
    expect(kindOf(scenario('pause-client')).refuses(scenario('pause-client'), { server: redis, config: { idleS: 3 } })).toBeNull();
    expect(await refused('pause-client', { server: postgres, config: { ...config, setOn: 'accepted' } })).toMatch(
      /^--set-on chooses where the lab's agent sets keepalive; postgres sets it itself/,
    );
    expect(await refused('pause-client', { server: postgres, serverDefaults: true, config: { idleS: 3 } })).toBe(
      '--server-defaults leaves keepalive as postgres ships it: drop --idle',
    );
  });
});

describe('options a kind takes', () => {
  it('takes an option set to false as not asked (the CLI passes strict: false)', () => {
    expect(middleboxKind.refuses(scenario('nat-forgets-idle'), { strict: false, capture: true, observe: 'wire+agent', ipVersion: 4 })).toBeNull();
  });
});
