// A net-admin sidecar: a base-image container that joins a peer's network namespace, so faults (iptables)
// and observations (ss, /proc/net) act on the peer's network while the peer itself has no extra capability.
import { PassThrough } from 'node:stream';
import { docker } from './docker-client.ts';
import { LabContainer, type StartedContainer } from './run-container.ts';
import { ROLE_LABEL, type RunIdentity } from './run-identity.ts';

/** A long-running command in the peer's namespace, its output read as it comes. */
export interface StreamingCommand {
  stdout: PassThrough;
  /** Its stderr so far. */
  stderr(): string;
  /** Resolves when the command's output has ended (it exited). */
  ended: Promise<void>;
  /** Signals the command (a script that ends in `exec` passes its PID on) and waits until it has ended. */
  stop(signal?: 'INT' | 'TERM'): Promise<void>;
}

export class SidecarCommandError extends Error {
  override name = 'SidecarCommandError';
}

export class Sidecar {
  private readonly container: StartedContainer;
  readonly peerName: string;

  constructor(container: StartedContainer, peerName: string) {
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

  /** Starts a script in the peer's network namespace and streams its stdout (binary-safe); keeps its stderr. */
  async stream(script: string, shell: 'sh' | 'bash' = 'sh'): Promise<StreamingCommand> {
    const client = await docker();
    // The shell's PID first, on stderr: the PID namespace is the sidecar's, so `kill` from the sidecar reaches it.
    const exec = await client
      .getContainer(this.container.getId())
      .exec({ Cmd: [shell, '-c', `echo "pid $$" >&2\n${script}`], AttachStdout: true, AttachStderr: true });
    const output = await exec.start({ hijack: true, stdin: false });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let stderrText = '';
    stderr.on('data', (chunk: Buffer) => {
      stderrText += chunk.toString();
    });
    client.modem.demuxStream(output, stdout, stderr);
    const ended = new Promise<void>((resolve) => {
      output.on('end', resolve);
      output.on('close', resolve);
      output.on('error', () => resolve());
    }).then(() => {
      stdout.end();
      stderr.end();
    });
    const stop = async (signal: 'INT' | 'TERM' = 'TERM') => {
      const pid = /^pid (\d+)/m.exec(stderrText)?.[1];
      if (pid) await this.sh(`kill -${signal} ${pid}`).catch(() => {}); // already gone, with its namespace perhaps
      await ended;
    };
    return { stdout, stderr: () => stderrText, ended, stop };
  }
}

export interface SidecarOptions {
  /** Its name after the peer's (default 'sidecar'). */
  suffix?: string;
  /** Also join the peer's PID namespace, to see its processes (and their open files). */
  seeProcesses?: boolean;
}

export async function startSidecar(baseImage: string, run: RunIdentity, peer: { name: string; id: string }, options: SidecarOptions = {}): Promise<Sidecar> {
  let builder = new LabContainer(baseImage)
    .withName(`${peer.name}-${options.suffix ?? 'sidecar'}`)
    .withLabels({ ...run.labels, [ROLE_LABEL]: 'sidecar' })
    .withNetworkMode(`container:${peer.id}`)
    .withAddedCapabilities('NET_ADMIN', 'NET_RAW')
    .withEntrypoint(['sleep', 'infinity']);
  if (options.seeProcesses) builder = builder.withPidOf(peer.id);
  return new Sidecar(await builder.start(), peer.name);
}
