// Bad input as a user gives it: one line that says what is wrong and how to fix it, exit 2, before anything starts.
// A child process each, as a user runs the lab; none of these reaches a Docker engine.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../paths.ts';

const lab = (env: Record<string, string>, ...args: string[]) =>
  execa(process.execPath, ['--disable-warning=ExperimentalWarning', 'lab/cli/main.ts', ...args], {
    cwd: PACKAGE_ROOT,
    reject: false,
    env: { GITHUB_ACTIONS: '', ...env },
  });

describe.concurrent('bad input, caught at the door', { timeout: 30_000 }, () => {
  // each case starts Node: slow on a loaded machine
  it.each([
    [['run', 'pause-client', '--report-dir', '/proc/nope'], '--report-dir /proc/nope cannot be written (ENOENT): give a directory you can write to'],
    [
      ['run', 'pause-client', '--report-dir', '/etc/hostname/reports'],
      '--report-dir /etc/hostname/reports cannot be written (ENOTDIR): give a directory you can write to',
    ],
    [
      ['run', 'pause-client', '--server', 'mysql'],
      "unknown server 'mysql': choose agent, redis, postgres, or give a profile file such as ./my-server.yaml (docs/servers.md › Your own server)",
    ],
    [['run', 'pause-client', '--server', 'redis', '--count', '5'], 'redis does not take --count: it takes only --idle'],
    [['run', 'pause-client', '--observe', 'wire', '--no-capture'], '--observe wire needs the capture: drop --no-capture'],
    [
      ['run', 'pause-server', '--client', 'jedis'],
      "unknown client 'jedis': choose ioredis, pg, node-http, or give a client profile file such as ./my-client.yaml (docs/clients.md › Your own client)",
    ],
    [['run', 'pause-server', '--client', 'ioredis', '--interval', '2'], 'ioredis does not take --interval: it takes only --idle'],
    [
      ['run', 'pause-client', '--client', 'pg'],
      "--client puts an application on the client's side, and pause-client's fault strikes the client: choose a scenario whose fault strikes the server (see: keepalive-lab list)",
    ],
    [
      ['run', 'pause-server', '--client', 'pg', '--server', 'agent'],
      "--client speaks to a real server, not the lab's agent: give --server postgres, or drop --server",
    ],
    [['run', 'pause-server', '--request-every', '3'], "--request-every and --request-timeout set an application's requests: they go with --client"],
    [['run', 'pause-server', '--client', 'pg', '--request-timeout', '0'], "--request-timeout must be a positive number of seconds, e.g. 5 or 0.5, got '0'"],
    [['run', 'many-clients', '--client', 'pg'], "--client puts one application on the client's side: many-clients runs a crowd of the lab's agents"],
    [['run', 'pause-client', '--connections', '10'], '--connections applies to the many-clients scenarios: pause-client watches one connection'],
    [['run', 'many-clients', '--dead', '2000'], "--dead must be a whole number from 0 to --connections (1000), got '2000'"],
    [['run', 'many-clients', '--connections', 'lots'], "--connections must be a whole number, got 'lots'"],
    [
      ['run', 'many-clients', '--fault', 'freezer'],
      "--fault must be a fault that strikes a client: one of vm-pause, freeze, blackhole, tc-blackhole, netem-loss, disconnect, icmp-unreachable, kill, reboot, reject-reset (got 'freezer')",
    ],
    [
      ['run', 'many-clients', '--watch', '5'],
      '--watch goes with a crowd expected to live (many-clients-no-keepalive): many-clients watches until every dead connection is detected',
    ],
    [['run', 'many-clients', '--no-capture'], 'many-clients judges every connection from the capture: drop --no-capture'],
    [['run', 'nat-forgets-idle', '--nat-timeout', '2.5'], "--nat-timeout must be a whole number of seconds, at least 1, got '2.5'"],
    [['run', 'nat-forgets-idle', '--nat-mode', 'bounce'], "--nat-mode must be one of drop, reset, loose, got 'bounce'"],
    [
      ['run', 'pause-client', '--nat-timeout', '5'],
      '--nat-timeout applies to the middlebox scenarios (nat-keepalive-holds, nat-forgets-idle, proxy-closes-idle): pause-client has no router or proxy',
    ],
    [
      ['run', 'proxy-closes-idle', '--keepalive-on', 'server'],
      "--keepalive-on must be client or none behind the proxy, got 'server': the server's probes stop at the proxy's kernel as the client's do",
    ],
    [
      ['run', 'proxy-closes-idle', '--nat-timeout', '5'],
      'proxy-closes-idle has a proxy, not a NAT router: give --proxy-timeout instead of --nat-timeout and --nat-mode',
    ],
    [
      ['run', 'proxy-closes-idle', '--idle', '2'],
      'proxy-closes-idle runs with keepalive off, so --idle would be ignored: give --keepalive-on client with them',
    ],
    [
      ['run', 'proxy-closes-idle', '--request-after', '9'],
      "proxy-closes-idle sends a request after the silence only with --client (the agent's connection is closed by then): drop --request-after",
    ],
    [
      ['run', 'nat-forgets-idle', '--proxy-timeout', '5'],
      '--proxy-timeout applies to proxy-closes-idle: nat-forgets-idle has a NAT router, give --nat-timeout',
    ],
    [
      ['run', 'proxy-closes-idle', '--client', 'pg', '--request-after', '3'],
      "--request-after must be at least the proxy's timeout and a second (6 s), so the request comes after the close: got '3'",
    ],
    [['run', 'nat-keepalive-holds', '--server', 'redis'], "nat-keepalive-holds runs the lab's agent on both sides of the router: drop --server"],
    [['run', 'pause-client', '--within', 'soon'], "--within must be a positive number of seconds, e.g. 7 or 4.5, got 'soon'"],
    [['run', 'freeze-client', '--within', '5'], '--within applies to scenarios where the connection must end; in freeze-client it must stay up'],
    [['run', '--all', '--within', '5'], "--within bounds one run's ending: use it without --all and --matrix"],
    [
      ['bench', 'precision', '--settings', '1/3'],
      "--settings takes idle/interval/count triples of whole numbers ≥ 1, comma-separated (e.g. 1/1/3,1/3/10,2/1/4), got '1/3'",
    ],
  ])('%j', async (args, message) => {
    const result = await lab({}, ...args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`keepalive-lab: ${message}`);
  });

  it('names the engine DOCKER_HOST names when it does not answer, and does not fall back to another', async () => {
    const result = await lab({ DOCKER_HOST: 'unix:///tmp/keepalive-lab-no-such.sock' }, 'run', 'pause-client', '--report-dir', '/tmp');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'keepalive-lab: Docker is not reachable at DOCKER_HOST=unix:///tmp/keepalive-lab-no-such.sock (connect ENOENT /tmp/keepalive-lab-no-such.sock): start that engine, or unset DOCKER_HOST to use the default one',
    );
  });
});
