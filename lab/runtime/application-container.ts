// An application's client (a client profile's program) on the run's network, started namespace-first: a NET_ADMIN
// sidecar is created on the network, its capture can start, and only then does the program start inside the
// sidecar's network namespace — so the capture sees its first SYN, though the program connects as it starts.
import type { ClientProfile } from '../clients/client-profile.ts';
import { docker } from './docker-client.ts';
import type { LogFollower } from './agent-container.ts';
import { addressOn, type LabNetwork } from './network.ts';
import { LabContainer, type RunContainer } from './run-container.ts';
import { ROLE_LABEL, type RunIdentity } from './run-identity.ts';
import { clientExited } from './server-container.ts';
import { Sidecar } from './sidecar.ts';

export interface ApplicationStart {
  profile: ClientProfile;
  image: string;
  env: Record<string, string>;
  /** Where its lines go (observe/application-log.ts). */
  log: LogFollower;
}

/** The client's side before its program runs: the sidecar holding its network namespace, and its address there. */
export interface StagedApplication {
  sidecar: Sidecar;
  /** The sidecar as a container of the run: the namespace's address, and the side's container until the program runs. */
  holder: RunContainer;
  /** Starts the program in the sidecar's namespace; a program that exits at once is one line with its log. */
  start(): Promise<RunContainer>;
}

/** `sysctls`: its network namespace's kernel settings, set on the sidecar that holds it (e.g. net.ipv4.tcp_retries2). */
export async function stageApplication(
  baseImage: string,
  run: RunIdentity,
  network: LabNetwork,
  start: ApplicationStart,
  sysctls: Record<string, string> = {},
): Promise<StagedApplication> {
  const name = `${run.runId}-client`;
  const holder = await new LabContainer(baseImage)
    .withSysctls(sysctls)
    .withName(`${name}-sidecar`)
    .withLabels({ ...run.labels, [ROLE_LABEL]: 'sidecar' })
    .withNetworkMode(network.name)
    .withAddedCapabilities('NET_ADMIN', 'NET_RAW')
    .withEntrypoint(['sleep', 'infinity'])
    .start();
  const client = await docker();
  const ip = await addressOn(client, holder.getId(), network);
  return {
    sidecar: new Sidecar(holder, 'client'),
    holder: { role: 'client', name: `${name}-sidecar`, id: holder.getId(), ip, container: holder },
    start: async () => {
      const container = await new LabContainer(start.image)
        .withName(name)
        .withLabels({ ...run.labels, [ROLE_LABEL]: 'client' })
        .withNetworkMode(`container:${holder.getId()}`)
        .withWorkingDir('/client')
        .withEnvironment(start.env)
        .withEntrypoint(start.profile.command)
        .start();
      start.log.follow(await container.logs());
      const started: RunContainer = { role: 'client', name, id: container.getId(), ip, container };
      const exited = await applicationExited(started, start.profile);
      if (exited) throw exited;
      return started;
    },
  };
}

/** Why the application's program is not running (it crashed: a module missing, a typo), with its last log lines; null while it runs. */
export async function applicationExited(container: RunContainer, profile: ClientProfile): Promise<Error | null> {
  const where = profile.source === 'built-in' ? `the built-in ${profile.name} profile` : profile.file;
  return clientExited(await docker(), container, `check 'command' and 'directory' in ${where}, and that its node_modules are installed`);
}
