// An agent container (server or client role) on the run's internal network, its events followed from its log.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { EnvironmentError, firstLine } from '../errors.ts';
import type { Role } from '../roles.ts';
import { docker } from './docker-client.ts';
import { addressOn, type LabNetwork } from './network.ts';
import { LabContainer, type RunContainer } from './run-container.ts';
import { ROLE_LABEL, type RunIdentity } from './run-identity.ts';
import { AGENT_PORT } from '../servers/agent-profile.ts';

export interface AgentSpec {
  role: Role;
  /** Keepalive options and where to set them; none for a peer that leaves keepalive off. */
  keepalive?: KeepaliveConfig;
  /** The server's address or name, for a client; a name is looked up when it connects, in `family` (4 or 6). */
  connectTo?: string;
  family?: 4 | 6;
  /** The port the server listens on, or the client connects to (AGENT_PORT unless given). */
  port?: number;
  /** A server that writes `writeBytes` (default 100) this often (ms), keeping data in flight. */
  writeEveryMs?: number;
  writeBytes?: number;
  /** Per-container kernel settings of its network namespace, e.g. net.ipv4.tcp_retries2. */
  sysctls?: Record<string, string>;
  /** Its name within the run (the role's name unless given, e.g. client-dead-1). */
  name?: string;
  /** A client that opens this many connections, `connectRate` a second; events tallied every `tallyMs`. */
  connections?: number;
  connectRate?: number;
  tallyMs?: number;
  /** The container's open-files limit, for a crowd of sockets. */
  openFiles?: number;
  /** A client that sends a request this long after it connected; a server that answers every request. */
  requestAfterMs?: number;
  answer?: boolean;
}

export function agentArguments(spec: AgentSpec): string[] {
  const args = ['--role', spec.role, '--port', String(spec.port ?? AGENT_PORT)];
  if (spec.connectTo) args.push('--connect', spec.connectTo);
  if (spec.family) args.push('--family', String(spec.family));
  if (spec.writeEveryMs) args.push('--write-every-ms', String(spec.writeEveryMs));
  if (spec.writeBytes) args.push('--write-bytes', String(spec.writeBytes));
  if (spec.connections) args.push('--connections', String(spec.connections), '--connect-rate', String(spec.connectRate ?? 1000));
  if (spec.tallyMs) args.push('--tally-ms', String(spec.tallyMs));
  if (spec.requestAfterMs) args.push('--request-after-ms', String(spec.requestAfterMs));
  if (spec.answer) args.push('--answer');
  const keepalive = spec.keepalive;
  if (keepalive) {
    const setOn = spec.role === 'client' ? 'socket' : keepalive.setOn;
    args.push(
      '--set-on',
      setOn,
      '--idle-ms',
      String(keepalive.idleS * 1000),
      '--interval-ms',
      String(keepalive.intervalS * 1000),
      '--count',
      String(keepalive.count),
      '--user-timeout-ms',
      String(keepalive.userTimeoutMs),
    );
  }
  return args;
}

/** What reads an agent's output: its JSON-lines events (observe/agent-events.ts's log). */
export interface LogFollower {
  follow(stream: NodeJS.ReadableStream): void;
}

export async function startAgent(image: string, run: RunIdentity, network: LabNetwork, spec: AgentSpec, events: LogFollower): Promise<RunContainer> {
  const name = `${run.runId}-${spec.name ?? spec.role}`;
  const readyEvent = spec.role === 'server' ? 'listening' : 'ready';
  try {
    let builder = new LabContainer(image).withSysctls(spec.sysctls ?? {});
    if (spec.openFiles) builder = builder.withOpenFiles(spec.openFiles);
    const container = await builder
      .withName(name)
      .withLabels({ ...run.labels, [ROLE_LABEL]: spec.role })
      .withNetworkMode(network.name)
      .withCommand(agentArguments(spec))
      .waitingForLine(`"event":"${readyEvent}"`, 20_000)
      .start();
    events.follow(await container.logs());
    return { role: spec.role, name, id: container.getId(), ip: await addressOn(await docker(), container.getId(), network), container };
  } catch (error) {
    throw new EnvironmentError(`the ${spec.name ?? spec.role} agent did not start (${firstLine(error)}); try: npm run lab -- doctor`, { cause: error });
  }
}
