// Who runs where behind a middlebox: two internal networks, the client's side and the server's, joined by a router
// container on both — NET_ADMIN, its own network namespace and conntrack table, the NAT timeout and loose pick-up
// set as it is created (the kernel refuses them later). The client connects to the router's address on its side,
// the router DNATs to the server and masquerades on the server's side (a load balancer's virtual IP: the engine's
// host rules drop bridged traffic routed to another network's addresses). What it does with a packet of a flow it
// forgot is the mode: drop it, reset it, or pick the flow up again. The server is the lab's agent or a profile's;
// the client the agent or an application's program (--client), started namespace-first. Client and server get no
// capability; each has a NET_ADMIN sidecar for its capture.
import type Docker from 'dockerode';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { ApplicationRun } from '../run/application-run.ts';
import { type SidesPlan, type StagedClient, stageApplicationClient, startAgentClient, startServerSide } from '../run/middlebox-sides.ts';
import type { Side } from '../run/topology.ts';
import { addressOn, createInternalNetwork, type LabNetwork } from '../runtime/network.ts';
import { LabContainer } from '../runtime/run-container.ts';
import { ROLE_LABEL, type RunIdentity } from '../runtime/run-identity.ts';
import { Sidecar } from '../runtime/sidecar.ts';
import type { NatMode } from '../scenario.ts';
import { CLIENT_RETRIES2, type MiddleboxPlan } from './plan.ts';

export interface Router {
  name: string;
  id: string;
  /** Its address on the client's side (what the client connects to) and on the server's side (what the server sees). */
  clientSideIp: string;
  serverSideIp: string;
  /** Commands in its namespace (it has NET_ADMIN itself: it is the middlebox). */
  shell: Sidecar;
}

export interface MiddleboxTopology extends StagedClient {
  clientSide: LabNetwork;
  serverSide: LabNetwork;
  port: number;
  router: Router;
  server: Side;
}

export interface MiddleboxTopologyPlan extends SidesPlan {
  middlebox: MiddleboxPlan;
  config: KeepaliveConfig;
  /** An application's client in place of the agent's, and its image. */
  application?: { run: ApplicationRun; image: string };
}

export async function startMiddleboxTopology(docker: Docker, plan: MiddleboxTopologyPlan): Promise<MiddleboxTopology> {
  const { run, images, middlebox } = plan;
  const [clientSide, serverSide] = await Promise.all([createInternalNetwork(docker, run, 4, 'c'), createInternalNetwork(docker, run, 4, 's')]);
  const server = await startServerSide(docker, plan, serverSide, keepaliveOn(middlebox, 'server') ? plan.config : null);
  const port = plan.server.profile.port;
  const router = await startRouter(docker, images.base, run, clientSide, serverSide, middlebox);
  await configureNat(router, server.container.ip, port, middlebox.mode);
  const reach = { connectTo: router.clientSideIp, sysctls: CLIENT_SYSCTLS };
  const client = plan.application
    ? await stageApplicationClient(plan, clientSide, reach, plan.application)
    : await startAgentClient(docker, plan, clientSide, {
        ...reach,
        requestAfterMs: middlebox.requestAfterS * 1000,
        keepalive: keepaliveOn(middlebox, 'client') ? plan.config : null,
      });
  return { clientSide, serverSide, port, router, server, ...client };
}

const keepaliveOn = (middlebox: MiddleboxPlan, side: 'server' | 'client') => middlebox.keepaliveOn === side || middlebox.keepaliveOn === 'both';

/** The client's kernel gives up on a request into silence in seconds (middlebox/plan.ts). */
const CLIENT_SYSCTLS = { 'net.ipv4.tcp_retries2': String(CLIENT_RETRIES2) };

async function startRouter(
  docker: Docker,
  baseImage: string,
  run: RunIdentity,
  clientSide: LabNetwork,
  serverSide: LabNetwork,
  middlebox: MiddleboxPlan,
): Promise<Router> {
  const name = `${run.runId}-router`;
  const container = await new LabContainer(baseImage)
    .withName(name)
    .withLabels({ ...run.labels, [ROLE_LABEL]: 'router' })
    .withNetworkMode(clientSide.name)
    .withAddedCapabilities('NET_ADMIN', 'NET_RAW')
    .withSysctls({
      'net.ipv4.ip_forward': '1',
      'net.netfilter.nf_conntrack_tcp_timeout_established': String(middlebox.natTimeoutS),
      'net.netfilter.nf_conntrack_tcp_loose': middlebox.mode === 'loose' ? '1' : '0',
    })
    .withEntrypoint(['sleep', 'infinity'])
    .start();
  await docker.getNetwork(serverSide.id).connect({ Container: container.getId() });
  const id = container.getId();
  const [clientSideIp, serverSideIp] = await Promise.all([addressOn(docker, id, clientSide), addressOn(docker, id, serverSide)]);
  return { name, id, clientSideIp, serverSideIp, shell: new Sidecar(container, 'router') };
}

/** DNAT the router's client-side address to the server, masquerade on the server's side, and treat forgotten flows by mode. */
async function configureNat(router: Router, serverIp: string, port: number, mode: NatMode): Promise<void> {
  const serverSideInterface = (
    await router.shell.sh(`ip -o -4 addr show | awk '$4 ~ /^${router.serverSideIp.replaceAll('.', '\\.')}\\// { print $2 }'`)
  ).trim();
  const forgotten = { drop: '-j DROP', reset: '-j REJECT --reject-with tcp-reset', loose: null }[mode];
  await router.shell.sh(
    [
      `iptables -t nat -A PREROUTING -d ${router.clientSideIp} -p tcp --dport ${port} -j DNAT --to-destination ${serverIp}:${port}`,
      `iptables -t nat -A POSTROUTING -o ${serverSideInterface} -j MASQUERADE`,
      // A packet of a forgotten flow is INVALID with loose pick-up off; addressed to the router, it would reach the router's own stack.
      ...(forgotten ? ['INPUT', 'FORWARD'].map((chain) => `iptables -A ${chain} -p tcp -m conntrack --ctstate INVALID ${forgotten}`) : []),
    ].join(' && '),
  );
}
