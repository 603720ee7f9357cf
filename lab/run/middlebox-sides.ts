// The two ends of a connection through a middlebox (a router, a proxy), each on its own internal network: the
// server (the lab's agent answering requests, or a profile's, proven listening) and the client (the agent, which
// connects to the middlebox's address on SIGUSR1 and sends its request after a silence, or an application's
// program, started namespace-first so its capture sees the first SYN). Each has a NET_ADMIN sidecar for its capture.
import type Docker from 'dockerode';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { AgentEventLog } from '../observe/agent-events.ts';
import type { Fact, FactLog } from '../observe/facts.ts';
import { EnvironmentError } from '../errors.ts';
import { startAgent } from '../runtime/agent-container.ts';
import { applicationExited, stageApplication } from '../runtime/application-container.ts';
import type { LabImages } from '../runtime/images.ts';
import type { LabNetwork } from '../runtime/network.ts';
import type { RunIdentity } from '../runtime/run-identity.ts';
import { awaitListening, startServer } from '../runtime/server-container.ts';
import { startSidecar } from '../runtime/sidecar.ts';
import type { ClientProfile } from '../clients/client-profile.ts';
import { agentProfile } from '../servers/agent-profile.ts';
import { findServer } from '../servers/index.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import type { MiddleboxChoice, RunOptions } from './run-options.ts';
import { type ApplicationRun, applicationRun, applicationStart } from './application-run.ts';
import type { Side } from './topology.ts';

/** What both ends are made from. */
export interface SidesPlan {
  run: RunIdentity;
  images: LabImages;
  agentLog: AgentEventLog;
  /** The server: the agent, or a profile's (running as it ships unless given keepalive). */
  server: { profile: ServerProfile; image: string };
}

/** How the client reaches the server: the middlebox's address on its side, and the sysctls its kernel runs with. */
export interface ClientPlan {
  connectTo: string;
  sysctls: Record<string, string>;
  /** The agent's silence before its request, and its keepalive (null: off). */
  requestAfterMs: number;
  keepalive: KeepaliveConfig | null;
}

/** A client ready to connect: the agent on SIGUSR1, an application's program as it starts (its capture already running). */
export interface StagedClient {
  client: Side;
  connect(): Promise<void>;
}

export async function startServerSide(docker: Docker, plan: SidesPlan, network: LabNetwork, keepalive: KeepaliveConfig | null): Promise<Side> {
  const { run, images } = plan;
  const { profile, image } = plan.server;
  const container = profile.agent
    ? await startAgent(images.agent, run, network, { role: 'server', answer: true, ...(keepalive ? { keepalive } : {}) }, plan.agentLog)
    : await startServer({ profile, image, keepalive }, run, network);
  const side = { container, sidecar: await startSidecar(images.base, run, container) };
  if (!profile.agent) await awaitListening(docker, container, side.sidecar, profile);
  return side;
}

/** The agent client, waiting to connect until SIGUSR1. */
export async function startAgentClient(docker: Docker, plan: SidesPlan, network: LabNetwork, client: ClientPlan): Promise<StagedClient> {
  const { run, images } = plan;
  const spec = {
    role: 'client' as const,
    connectTo: client.connectTo,
    requestAfterMs: client.requestAfterMs,
    sysctls: client.sysctls,
    ...(client.keepalive ? { keepalive: client.keepalive } : {}),
  };
  const container = await startAgent(images.agent, run, network, spec, plan.agentLog);
  const side = { container, sidecar: await startSidecar(images.base, run, container) };
  return { client: side, connect: async () => void (await docker.getContainer(container.id).kill({ signal: 'SIGUSR1' })) };
}

/** An application's client, namespace-first: its program starts on `connect`, speaking to the middlebox's address. */
export async function stageApplicationClient(
  plan: SidesPlan,
  network: LabNetwork,
  client: Pick<ClientPlan, 'connectTo' | 'sysctls'>,
  application: { run: ApplicationRun; image: string },
): Promise<StagedClient> {
  const start = applicationStart(application.run, plan.run, plan.server.profile.port, application.image, client.connectTo);
  const staged = await stageApplication(plan.images.base, plan.run, network, start, client.sysctls);
  const side = { container: staged.holder, sidecar: staged.sidecar };
  return {
    client: side,
    connect: async () => {
      side.container = await staged.start();
    },
  };
}

/** How long the client has to connect through the middlebox (its handshake on its wire). */
export const CONNECT_TIMEOUT_MS = 15_000;

/** Lets the client connect through `middlebox` ("the router"), and returns its handshake on its wire; a program that exited says why. */
export async function connectThrough(
  staged: StagedClient,
  facts: FactLog,
  application: ApplicationRun | undefined,
  middlebox: string,
): Promise<Extract<Fact, { kind: 'opened' }>> {
  await staged.connect();
  const opened = await facts.waitFor((fact) => fact.kind === 'opened' && fact.source === 'wire', CONNECT_TIMEOUT_MS);
  if (opened?.kind === 'opened') return opened;
  const crashed = application && (await applicationExited(staged.client.container, application.profile));
  throw crashed ?? new EnvironmentError(`the client did not connect through ${middlebox} within ${CONNECT_TIMEOUT_MS / 1000} s (no handshake on its wire)`);
}

/** What a run through a middlebox (a router, a proxy) is given. */
export interface BehindOptions {
  config?: Partial<KeepaliveConfig>;
  middlebox?: MiddleboxChoice;
  progress?: (line: string) => void;
  command?: string;
  /** The server behind it: the agent unless given (with an application's client, its own). */
  server?: ServerProfile;
  /** An application's client in place of the agent's: its first request as it connects, its next after the silence. */
  client?: ClientProfile;
  /** After how long an unanswered request counts as hung (ms). */
  requestTimeoutMs?: number;
}

/** A run's options as a run through a middlebox takes them: the server and request timeout only with an application's client. */
export function behindOptions(options: RunOptions): BehindOptions {
  const { config, middlebox, progress, command, client, server, requestTimeoutMs } = options;
  return { config, middlebox, progress, command, ...(client ? { client, requestTimeoutMs, ...(server ? { server } : {}) } : {}) };
}

/** Who takes part behind the middlebox: the server, and an application's client with its requests spaced by the silence (`keepalive`: its own, or null). */
export async function participantsBehind(
  options: BehindOptions,
  requestAfterS: number,
  keepalive: KeepaliveConfig | null,
): Promise<{ profile: ServerProfile; application: ApplicationRun | undefined }> {
  const { client } = options;
  const profile = options.server ?? (client ? await findServer(client.server) : agentProfile);
  const application = client && applicationRun(client, { requestEveryMs: requestAfterS * 1000, requestTimeoutMs: options.requestTimeoutMs }, keepalive, null);
  return { profile, application };
}
