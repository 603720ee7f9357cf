// A profile's server and client containers on the run's internal network, labelled like everything else and with
// no added capability (faults and observation stay in the sidecars). A server that exits, never becomes ready,
// or does not listen on its port is one line with its last log lines.
import type Docker from 'dockerode';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { EnvironmentError, firstLine } from '../errors.ts';
import { fill, type ServerProfile } from '../servers/server-profile.ts';
import { docker } from './docker-client.ts';
import { addressOn, type LabNetwork } from './network.ts';
import { LabContainer, type RunContainer } from './run-container.ts';
import { ROLE_LABEL, type RunIdentity } from './run-identity.ts';
import type { Sidecar } from './sidecar.ts';

const READY_TIMEOUT_S = 60;
export const LISTEN_TIMEOUT_MS = 10_000;

export interface ServerStart {
  profile: ServerProfile;
  image: string;
  /** The settings the lab sets, or null to leave the server as it ships. */
  keepalive: KeepaliveConfig | null;
  /** Its open-files limit, when it must hold many connections. */
  openFiles?: number;
}

/** The server's container name in a run, the agent's as a profile's: a name the run's network resolves. */
export const serverName = (run: RunIdentity): string => `${run.runId}-server`;

export async function startServer(start: ServerStart, run: RunIdentity, network: LabNetwork): Promise<RunContainer> {
  const { profile, keepalive } = start;
  const name = serverName(run);
  const values = keepalive && { idle: keepalive.idleS, interval: keepalive.intervalS, count: keepalive.count, userTimeoutMs: keepalive.userTimeoutMs };
  const command = [...(profile.command ?? []), ...(values && !profile.keepalive.sysctls ? fill(profile.keepalive.arguments, values) : [])];
  const early: string[] = []; // the log as it comes: a server that fails to start is removed with its log
  let builder = new LabContainer(start.image)
    .withLogConsumer((stream) => stream.on('data', (chunk: Buffer | string) => early.push(...chunk.toString().split('\n').filter(Boolean))))
    .withName(name)
    .withLabels({ ...run.labels, [ROLE_LABEL]: 'server' })
    .withNetworkMode(network.name)
    .withEnvironment(profile.env);
  if (command.length > 0) builder = builder.withCommand(command);
  if (start.openFiles) builder = builder.withOpenFiles(start.openFiles);
  if (values && profile.keepalive.sysctls) {
    builder = builder.withSysctls({
      'net.ipv4.tcp_keepalive_time': String(values.idle),
      'net.ipv4.tcp_keepalive_intvl': String(values.interval),
      'net.ipv4.tcp_keepalive_probes': String(values.count),
    });
  }
  if ('log' in profile.ready) builder = builder.waitingForLine(profile.ready.log, (profile.ready.timeoutS ?? READY_TIMEOUT_S) * 1000);
  try {
    const container = await builder.start();
    return { role: 'server', name, id: container.getId(), ip: await addressOn(await docker(), container.getId(), network), container };
  } catch (error) {
    const waited = `${profile.ready.timeoutS ?? READY_TIMEOUT_S} s`;
    const what =
      'log' in profile.ready
        ? `printed no line holding '${profile.ready.log}' within ${waited} (ready.log is text a line holds, not a pattern; ready.timeoutS waits longer)`
        : `did not start within ${waited}`;
    // The wait's own timeout says again what `what` says; another cause (the container exited) is worth its words.
    const cause = /^no line holding/.test(firstLine(error)) ? '' : ` (${firstLine(error)})`;
    throw new EnvironmentError(`the ${profile.name} server ${what}${cause}; ${lastLines(early)}`, { cause: error });
  }
}

/** Waits until something listens on the profile's port in the server's namespace (seen from its sidecar). */
export async function awaitListening(docker: Docker, server: RunContainer, sidecar: Sidecar, profile: ServerProfile): Promise<void> {
  const deadline = Date.now() + LISTEN_TIMEOUT_MS;
  while ((await sidecar.sh(`ss -ltnH 'sport = :${profile.port}'`)).trim() === '') {
    if (Date.now() > deadline) {
      throw new EnvironmentError(
        `the ${profile.name} server does not listen on port ${profile.port} (check 'port' in its profile); ${await lastLogLines(docker, server.name)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The profile's client, connecting to the server as it starts (its command, in its image or the server's). */
export async function startClient(
  profile: ServerProfile,
  serverImage: string,
  run: RunIdentity,
  network: LabNetwork,
  server: RunContainer,
): Promise<RunContainer> {
  if (profile.client === 'agent') throw new Error('the agent client is started by startAgent');
  const name = `${run.runId}-client`;
  const container = await new LabContainer(profile.client.image ?? serverImage)
    .withName(name)
    .withLabels({ ...run.labels, [ROLE_LABEL]: 'client' })
    .withNetworkMode(network.name)
    .withCommand(fill(profile.client.command, { server: server.ip, port: profile.port }))
    .start();
  return { role: 'client', name, id: container.getId(), ip: await addressOn(await docker(), container.getId(), network), container };
}

/** Why a profile's client is not running (it exited at once), with its last log lines; null while it runs. */
export async function clientExited(docker: Docker, client: RunContainer, check = "check 'client' in the server's profile"): Promise<EnvironmentError | null> {
  const state = await docker
    .getContainer(client.id)
    .inspect()
    .then(
      (info) => info.State,
      () => null,
    );
  if (state?.Running) return null;
  const exit = state ? `exited with code ${state.ExitCode}` : 'is gone';
  return new EnvironmentError(`the client ${exit} as soon as it started (${check}); ${await lastLogLines(docker, client.name)}`);
}

/** A container's log (stdout and stderr, interleaved as written), as text; empty when it is gone. */
export async function containerLog(docker: Docker, name: string): Promise<string> {
  try {
    return demultiplex(await docker.getContainer(name).logs({ stdout: true, stderr: true, follow: false }));
  } catch {
    return '';
  }
}

/** The engine's log of a container without a TTY: frames of an 8-byte header (stream, 0, 0, 0, size) and data. */
function demultiplex(raw: Buffer): string {
  const parts: Buffer[] = [];
  for (let offset = 0; offset + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString();
}

async function lastLogLines(docker: Docker, name: string): Promise<string> {
  return lastLines((await containerLog(docker, name)).split('\n'));
}

/** Its first line that reads as an error (a crash's cause comes before its stack), then its last lines. */
export function lastLines(log: string[]): string {
  const lines = log.map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) return 'it logged nothing';
  const last = lines.slice(-3);
  const cause = lines.find((line) => /\b(error|cannot|can't|fatal|failed|denied|not found|no such|exception|panic)\b/i.test(line));
  return `${cause && !last.includes(cause) ? `its first error: ${cause}; ` : ''}its last log lines: ${last.join(' | ')}`;
}
