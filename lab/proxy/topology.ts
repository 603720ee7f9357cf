// Who runs where behind a proxy: two internal networks, the client's side and the server's, joined by HAProxy (in
// TCP mode, from Debian) on both. The client connects to the proxy's address on its side; the proxy opens its own
// connection to the server and relays, closing both once either side has been idle for its timeout (timeout client,
// timeout server), and logs each session as it ends (option tcplog, on stdout). The server and the client are the
// lab's agents or a profile's server and an application's program, each with a NET_ADMIN sidecar for its capture.
import type Docker from 'dockerode';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { ApplicationRun } from '../run/application-run.ts';
import { type SidesPlan, type StagedClient, stageApplicationClient, startAgentClient, startServerSide } from '../run/middlebox-sides.ts';
import type { Side } from '../run/topology.ts';
import { addressOn, createInternalNetwork, type LabNetwork } from '../runtime/network.ts';
import { LabContainer } from '../runtime/run-container.ts';
import { ROLE_LABEL } from '../runtime/run-identity.ts';
import { containerLog, LISTEN_TIMEOUT_MS } from '../runtime/server-container.ts';
import { Sidecar } from '../runtime/sidecar.ts';
import { EnvironmentError } from '../errors.ts';
import type { ProxyPlan } from './plan.ts';

export interface Proxy {
  name: string;
  /** Its address on the client's side (what the client connects to) and on the server's side (what the server sees). */
  clientSideIp: string;
  serverSideIp: string;
  /** The configuration it ran with, as written, and its version line. */
  config: string;
  version: string;
}

export interface ProxyTopology extends StagedClient {
  clientSide: LabNetwork;
  serverSide: LabNetwork;
  port: number;
  proxy: Proxy;
  server: Side;
}

export interface ProxyTopologyPlan extends SidesPlan {
  proxy: ProxyPlan;
  config: KeepaliveConfig;
  proxyImage: string;
  /** An application's client in place of the agent's, and its image. */
  application?: { run: ApplicationRun; image: string };
}

export async function startProxyTopology(docker: Docker, plan: ProxyTopologyPlan): Promise<ProxyTopology> {
  const { run } = plan;
  const [clientSide, serverSide] = await Promise.all([createInternalNetwork(docker, run, 4, 'c'), createInternalNetwork(docker, run, 4, 's')]);
  const server = await startServerSide(docker, plan, serverSide, null);
  const port = plan.server.profile.port;
  const proxy = await startProxy(docker, plan, { clientSide, serverSide }, `${server.container.ip}:${port}`, port);
  const reach = { connectTo: proxy.clientSideIp, sysctls: {} };
  const keepalive = plan.proxy.keepaliveOn === 'client' ? plan.config : null;
  const client = plan.application
    ? await stageApplicationClient(plan, clientSide, reach, plan.application)
    : await startAgentClient(docker, plan, clientSide, { ...reach, requestAfterMs: plan.proxy.requestAfterS * 1000, keepalive });
  return { clientSide, serverSide, port, proxy, server, ...client };
}

/** HAProxy's configuration: TCP mode, the idle timeout on both sides, each session logged as it ends. */
export function proxyConfig(timeoutS: number, port: number, server: string): string {
  return [
    'global',
    '  log stdout format raw local0',
    'defaults',
    '  mode tcp',
    '  log global',
    '  option tcplog',
    '  timeout connect 5s',
    `  timeout client ${timeoutS}s`,
    `  timeout server ${timeoutS}s`,
    'listen relay',
    `  bind :${port}`,
    `  server upstream ${server}`,
    '',
  ].join('\n');
}

async function startProxy(
  docker: Docker,
  plan: ProxyTopologyPlan,
  networks: { clientSide: LabNetwork; serverSide: LabNetwork },
  server: string,
  port: number,
): Promise<Proxy> {
  const name = `${plan.run.runId}-proxy`;
  const config = proxyConfig(plan.proxy.timeoutS, port, server);
  const container = await new LabContainer(plan.proxyImage)
    .withName(name)
    .withLabels({ ...plan.run.labels, [ROLE_LABEL]: 'proxy' })
    .withNetworkMode(networks.clientSide.name)
    .withEnvironment({ HAPROXY_CONFIG: config })
    .withEntrypoint(['sh', '-c', 'printf "%s" "$HAPROXY_CONFIG" > /tmp/haproxy.cfg && exec haproxy -db -f /tmp/haproxy.cfg'])
    .start();
  await docker.getNetwork(networks.serverSide.id).connect({ Container: container.getId() });
  const id = container.getId();
  const [clientSideIp, serverSideIp] = await Promise.all([addressOn(docker, id, networks.clientSide), addressOn(docker, id, networks.serverSide)]);
  const shell = new Sidecar(container, 'proxy');
  await awaitProxyListening(docker, name, shell, port);
  const version = (await shell.sh('haproxy -v')).split('\n')[0]!.trim();
  return { name, clientSideIp, serverSideIp, config, version };
}

/** HAProxy reads its configuration and binds in milliseconds, or exits saying why: its listening socket is awaited. */
async function awaitProxyListening(docker: Docker, name: string, shell: Sidecar, port: number): Promise<void> {
  const deadline = Date.now() + LISTEN_TIMEOUT_MS;
  while ((await shell.sh(`ss -ltnH 'sport = :${port}'`).catch(() => '')).trim() === '') {
    if (Date.now() > deadline)
      throw new EnvironmentError(`HAProxy does not listen on port ${port}: ${(await containerLog(docker, name)).trim() || 'it logged nothing'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
