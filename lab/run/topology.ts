// Who runs where: one internal network, the server (the lab's agent or a profile's server) and its client on it,
// and a NET_ADMIN sidecar in each one's network namespace (faults and observation happen there, never in the
// containers under test). Everything carries the run's labels, so removing the run by label removes all of it.
import type Docker from 'dockerode';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { AgentEventLog } from '../observe/agent-events.ts';
import type { Role, Roles } from '../roles.ts';
import { type AgentSpec, startAgent } from '../runtime/agent-container.ts';
import { type ApplicationStart, stageApplication } from '../runtime/application-container.ts';
import type { LabImages } from '../runtime/images.ts';
import { createInternalNetwork, type IpVersion, type LabNetwork } from '../runtime/network.ts';
import type { RunContainer } from '../runtime/run-container.ts';
import type { RunIdentity } from '../runtime/run-identity.ts';
import { awaitListening, clientExited, serverName, startClient, startServer } from '../runtime/server-container.ts';
import { type Sidecar, startSidecar } from '../runtime/sidecar.ts';
import type { FaultScenario } from '../scenario.ts';
import type { ServerProfile } from '../servers/server-profile.ts';

export interface Side {
  container: RunContainer;
  sidecar: Sidecar;
}

export interface Topology {
  network: LabNetwork;
  /** The port the server listens on. */
  port: number;
  server: Side;
  client: Side;
  /** The side that holds keepalive and must notice, and the side the fault strikes. */
  observer: Side;
  peer: Side;
}

/** The topology before the client connects: the observer's side is up, so its capture can start first. */
export interface StagedTopology {
  network: LabNetwork;
  port: number;
  server: Side;
  observer: Side;
  /** Makes the client connect, and returns the whole topology. */
  connect(): Promise<Topology>;
}

export interface TopologyPlan {
  run: RunIdentity;
  images: LabImages;
  scenario: FaultScenario;
  roles: Roles;
  profile: ServerProfile;
  /** The profile's server image (the agent's for the agent). */
  serverImage: string;
  /** The keepalive settings the lab sets on the observer, or null to leave the server as it ships. */
  keepalive: KeepaliveConfig | null;
  /** Where the agents' log lines go (their readiness, and their events when the agent is a source). */
  agentLog: AgentEventLog;
  ipVersion: IpVersion;
  /** An application's client instead of the agent's or the server profile's: it holds keepalive, the server runs as it ships. */
  application?: ApplicationStart;
}

/**
 * The server and, where the agent is the client, the client start at once, each with its sidecar: the agent client
 * is given the server's name, looked up when it connects. A profile's own client starts in `connect`.
 */
export async function stageTopology(docker: Docker, plan: TopologyPlan): Promise<StagedTopology> {
  const { run, profile, roles } = plan;
  const network = await createInternalNetwork(docker, run, plan.ipVersion);
  if (plan.application) return stageWithApplication(docker, plan, network, plan.application);
  const [server, agentClient] = await Promise.all([startServerSide(docker, plan, network), startAgentClient(plan, network)]);
  const whole = (client: Side): Topology => {
    const sides = { server, client };
    return { network, port: profile.port, server, client, observer: sides[roles.observer], peer: sides[roles.peer] };
  };
  if (agentClient) {
    // The agent client connects on SIGUSR1, so when it is the observer its capture can start before that.
    return {
      network,
      port: profile.port,
      server,
      observer: roles.observer === 'server' ? server : agentClient,
      connect: async () => {
        await docker.getContainer(agentClient.container.id).kill({ signal: 'SIGUSR1' });
        return whole(agentClient);
      },
    };
  }
  // A profile's own client connects as it starts; the observer is then always the server.
  return {
    network,
    port: profile.port,
    server,
    observer: server,
    connect: async () => {
      const started = await startClient(profile, plan.serverImage, run, network, server.container);
      const sidecar = await startSidecar(plan.images.base, run, started).catch(async (error: unknown) => {
        throw (await clientExited(docker, started)) ?? error; // a client that exited at once has no namespace to join
      });
      return whole({ container: started, sidecar });
    },
  };
}

/** The server and the application's sidecar at once; the application's program starts in `connect`, its capture already running. */
async function stageWithApplication(docker: Docker, plan: TopologyPlan, network: LabNetwork, application: ApplicationStart): Promise<StagedTopology> {
  const [server, staged] = await Promise.all([startServerSide(docker, plan, network), stageApplication(plan.images.base, plan.run, network, application)]);
  const observer: Side = { container: staged.holder, sidecar: staged.sidecar };
  return {
    network,
    port: plan.profile.port,
    server,
    observer,
    connect: async () => {
      const client = { container: await staged.start(), sidecar: staged.sidecar };
      return { network, port: plan.profile.port, server, client, observer: client, peer: server };
    },
  };
}

/** The server (the agent or a profile's), its sidecar, and, for a profile's server, the proof that it listens. */
async function startServerSide(docker: Docker, plan: TopologyPlan, network: LabNetwork): Promise<Side> {
  const { run, profile } = plan;
  const container = profile.agent
    ? await startAgent(plan.images.agent, run, network, { role: 'server', port: profile.port, ...agentSpec(plan, 'server') }, plan.agentLog)
    : await startServer({ profile, image: plan.serverImage, keepalive: plan.keepalive }, run, network);
  const side = { container, sidecar: await startSidecar(plan.images.base, run, container) };
  if (!profile.agent) await awaitListening(docker, container, side.sidecar, profile);
  return side;
}

/** The agent client and its sidecar, waiting to connect to the server by name; none where the profile has a client of its own. */
async function startAgentClient(plan: TopologyPlan, network: LabNetwork): Promise<Side | undefined> {
  if (plan.profile.client !== 'agent') return undefined;
  const spec = { role: 'client' as const, connectTo: serverName(plan.run), family: plan.ipVersion, port: plan.profile.port, ...agentSpec(plan, 'client') };
  const agent = await startAgent(plan.images.agent, plan.run, network, spec, plan.agentLog);
  return { container: agent, sidecar: await startSidecar(plan.images.base, plan.run, agent) };
}

/** The observer's agent holds keepalive (and the scenario's behaviour); the other side runs plain. */
function agentSpec(plan: TopologyPlan, role: Role): Omit<AgentSpec, 'role'> {
  if (role !== plan.roles.observer || !plan.keepalive) return {};
  return { keepalive: plan.keepalive, ...plan.scenario.observer };
}
