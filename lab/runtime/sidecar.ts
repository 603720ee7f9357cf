// A net-admin sidecar: a base-image container that joins a peer's network namespace, so faults (iptables)
// and observations (ss, /proc/net) act on the peer's network while the peer itself has no extra capability.
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { ROLE_LABEL, type RunIdentity } from './run-identity.ts';

export class SidecarCommandError extends Error {
  override name = 'SidecarCommandError';
}

export class Sidecar {
  private readonly container: StartedTestContainer;
  readonly peerName: string;

  constructor(container: StartedTestContainer, peerName: string) {
    this.container = container;
    this.peerName = peerName;
  }

  /** Runs a shell script in the peer's network namespace; returns stdout, throws on a non-zero exit. */
  async sh(script: string): Promise<string> {
    const result = await this.container.exec(['sh', '-c', script]);
    if (result.exitCode !== 0) {
      const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
      throw new SidecarCommandError(`in ${this.peerName}'s network namespace, \`${script.split('\n')[0]}\` exited ${result.exitCode}: ${detail}`);
    }
    return result.stdout;
  }
}

export async function startSidecar(baseImage: string, run: RunIdentity, peer: { name: string; id: string }): Promise<Sidecar> {
  const container = await new GenericContainer(baseImage)
    .withName(`${peer.name}-sidecar`)
    .withLabels({ ...run.labels, [ROLE_LABEL]: 'sidecar' })
    .withNetworkMode(`container:${peer.id}`)
    .withAddedCapabilities('NET_ADMIN', 'NET_RAW')
    .withEntrypoint(['sleep', 'infinity'])
    .start();
  return new Sidecar(container, peer.name);
}
