// An agent container (server or client role) on the run's internal network, its events followed from its log.
import { Wait } from 'testcontainers';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { EnvironmentError, firstLine } from '../errors.ts';
import type { AgentEventLog } from '../observe/agent-events.ts';
import type { Role } from '../roles.ts';
import { docker } from './docker-client.ts';
import { addressOn, type LabNetwork } from './network.ts';
import { LabContainer, type RunContainer } from './run-container.ts';
import { ROLE_LABEL, type RunIdentity } from './run-identity.ts';

export const AGENT_PORT = 7000;

export interface AgentSpec {
  role: Role;
  /** Keepalive options and where to set them; none for a peer that leaves keepalive off. */
  keepalive?: KeepaliveConfig;
  /** The server's address, for a client. */
  connectTo?: string;
  /** The port the server listens on, or the client connects to (AGENT_PORT unless given). */
  port?: number;
  /** A server that writes `writeBytes` (default 100) this often (ms), keeping data in flight. */
  writeEveryMs?: number;
  writeBytes?: number;
  /** Per-container kernel settings of its network namespace, e.g. net.ipv4.tcp_retries2. */
  sysctls?: Record<string, string>;
}



export function agentArguments(spec: AgentSpec): string[] {
  const args = ['--role', spec.role, '--port', String(spec.port ?? AGENT_PORT)];
  if (spec.connectTo) args.push('--connect', spec.connectTo);
  if (spec.writeEveryMs) args.push('--write-every-ms', String(spec.writeEveryMs));
  if (spec.writeBytes) args.push('--write-bytes', String(spec.writeBytes));
  const keepalive = spec.keepalive;
  if (keepalive) {
    const setOn = spec.role === 'client' ? 'socket' : keepalive.setOn;
    args.push('--set-on', setOn, '--idle-ms', String(keepalive.idleS * 1000), '--interval-ms', String(keepalive.intervalS * 1000),
      '--count', String(keepalive.count), '--user-timeout-ms', String(keepalive.userTimeoutMs));
  }
  return args;
}

export async function startAgent(
  image: string, run: RunIdentity, network: LabNetwork, spec: AgentSpec, events: AgentEventLog,
): Promise<RunContainer> {
  const name = `${run.runId}-${spec.role}`;
  const readyEvent = spec.role === 'server' ? 'listening' : 'ready';
  try {
    const container = await new LabContainer(image)
      .withSysctls(spec.sysctls ?? {})
      .withName(name)
      .withLabels({ ...run.labels, [ROLE_LABEL]: spec.role })
      .withNetworkMode(network.name)
      .withCommand(agentArguments(spec))
      .withWaitStrategy(Wait.forLogMessage(`"event":"${readyEvent}"`))
      .withStartupTimeout(20_000)
      .start();
    events.follow(await container.logs());
    return { role: spec.role, name, id: container.getId(), ip: await addressOn(await docker(), container.getId(), network), container };
  } catch (error) {
    throw new EnvironmentError(`the ${spec.role} agent did not start (${firstLine(error)}); try: npm run lab -- doctor`, { cause: error });
  }
}
