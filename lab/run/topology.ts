// Who runs where: one internal network, the server and the client agents on it, and a NET_ADMIN sidecar in each
// one's network namespace (faults and observation happen there, never in the agents). Everything carries the
// run's labels, so removing the run by label removes all of it.
import type Docker from 'dockerode';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { AgentEventLog } from '../observe/agent-events.ts';
import type { Role, Roles } from '../roles.ts';
import { AGENT_PORT, type AgentSpec, startAgent } from '../runtime/agent-container.ts';
import type { LabImages } from '../runtime/images.ts';
import { createInternalNetwork, type LabNetwork } from '../runtime/network.ts';
import type { RunContainer } from '../runtime/run-container.ts';
import type { RunIdentity } from '../runtime/run-identity.ts';
import { type Sidecar, startSidecar } from '../runtime/sidecar.ts';
import type { Scenario } from '../scenario.ts';

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

export interface TopologyPlan {
  run: RunIdentity;
  images: LabImages;
  scenario: Scenario;
  config: KeepaliveConfig;
  roles: Roles;
  /** Where the agents' log lines go (their readiness, and their events when the agent is a source). */
  agentLog: AgentEventLog;
}

export async function startTopology(client: Docker, plan: TopologyPlan): Promise<Topology> {
  const { run, images, roles, agentLog } = plan;
  // The observer holds keepalive (and the scenario's behaviour); the peer runs plain.
  const spec = (role: Role): Omit<AgentSpec, 'role'> => (role === roles.observer ? { keepalive: plan.config, ...plan.scenario.observer } : {});
  const network = await createInternalNetwork(client, run);
  const serverAgent = await startAgent(images.agent, run, network, { role: 'server', ...spec('server') }, agentLog);
  const clientAgent = await startAgent(images.agent, run, network, { role: 'client', connectTo: serverAgent.ip, ...spec('client') }, agentLog);
  const [serverSidecar, clientSidecar] = await Promise.all([startSidecar(images.base, run, serverAgent), startSidecar(images.base, run, clientAgent)]);
  const server = { container: serverAgent, sidecar: serverSidecar };
  const clientSide = { container: clientAgent, sidecar: clientSidecar };
  const sides = { server, client: clientSide };
  return { network, port: AGENT_PORT, server, client: clientSide, observer: sides[roles.observer], peer: sides[roles.peer] };
}

/** The client connects only now (the lab starts capturing first). */
export async function connectClient(client: Docker, topology: Topology): Promise<void> {
  await client.getContainer(topology.client.container.id).kill({ signal: 'SIGUSR1' });
}
