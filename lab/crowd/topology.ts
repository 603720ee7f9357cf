// Who runs where in a crowd run: one internal network; the server (the lab's agent, or a profile's server) with
// an open-files limit for every connection; one sidecar in its network and process namespaces that captures and
// samples; and the client containers of the plan, each opening its share of the connections when told to — the
// dead ones with a NET_ADMIN sidecar of their own, so the fault can strike them.
import type Docker from 'dockerode';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { AgentEventLog } from '../observe/agent-events.ts';
import { startAgent } from '../runtime/agent-container.ts';
import { AGENT_PORT } from '../servers/agent-profile.ts';
import type { LabImages } from '../runtime/images.ts';
import { createInternalNetwork, type IpVersion, type LabNetwork } from '../runtime/network.ts';
import type { RunContainer } from '../runtime/run-container.ts';
import type { RunIdentity } from '../runtime/run-identity.ts';
import { awaitListening, startServer } from '../runtime/server-container.ts';
import { type Sidecar, startSidecar } from '../runtime/sidecar.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import type { ClientGroup, CrowdPlan } from './plan.ts';

/** How often the agents print a tally of their sockets' events. */
const TALLY_MS = 500;
/** Files a process opens besides its sockets, with room to spare. */
const OTHER_FILES = 4096;

export interface CrowdClient {
  group: ClientGroup;
  container: RunContainer;
  /** The dead ones' sidecar, for the fault. */
  sidecar?: Sidecar;
}

export interface CrowdTopology {
  network: LabNetwork;
  port: number;
  server: RunContainer;
  /** In the server's network and process namespaces: the capture and the resource sampler run here. */
  observer: Sidecar;
  clients: CrowdClient[];
}

export interface CrowdTopologyPlan {
  run: RunIdentity;
  images: LabImages;
  profile: ServerProfile;
  serverImage: string;
  /** The settings the lab sets on the server, or null: keepalive off (the agent), or as the server ships. */
  keepalive: KeepaliveConfig | null;
  crowd: CrowdPlan;
  agentLog: AgentEventLog;
  ipVersion: IpVersion;
}

/** The server and its observer sidecar: up before any client, so the capture sees every handshake. */
export async function startCrowdServer(docker: Docker, plan: CrowdTopologyPlan): Promise<Omit<CrowdTopology, 'clients'>> {
  const { run, profile } = plan;
  const network = await createInternalNetwork(docker, run, plan.ipVersion);
  const openFiles = plan.crowd.connections + OTHER_FILES;
  const server = profile.agent
    ? await startAgent(
        plan.images.agent,
        run,
        network,
        {
          role: 'server',
          port: profile.port,
          tallyMs: TALLY_MS,
          openFiles,
          ...(plan.keepalive ? { keepalive: plan.keepalive } : {}),
        },
        plan.agentLog,
      )
    : await startServer({ profile, image: plan.serverImage, keepalive: plan.keepalive, openFiles }, run, network);
  const observer = await startSidecar(plan.images.base, run, server, { seeProcesses: true });
  if (!profile.agent) await awaitListening(docker, server, observer, profile);
  return { network, port: profile.agent ? AGENT_PORT : profile.port, server, observer };
}

/** The client containers of the plan, ready to connect (on SIGUSR1); the dead ones get a sidecar. */
export async function startCrowdClients(plan: CrowdTopologyPlan, network: LabNetwork, server: RunContainer, port: number): Promise<CrowdClient[]> {
  return Promise.all(
    plan.crowd.groups.map(async (group) => {
      const container = await startAgent(
        plan.images.agent,
        plan.run,
        network,
        {
          role: 'client',
          name: group.name,
          connectTo: server.ip,
          port,
          connections: group.connections,
          connectRate: group.connectRate,
          tallyMs: TALLY_MS,
          openFiles: group.connections + OTHER_FILES,
        },
        plan.agentLog,
      );
      return { group, container, ...(group.dead ? { sidecar: await startSidecar(plan.images.base, plan.run, container) } : {}) };
    }),
  );
}
