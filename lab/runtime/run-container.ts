// A container of a run (an agent, a server, a client, a sidecar), as faults, sidecars and observation address it,
// and the builder that starts one through the engine's API (dockerode): its name and labels, its network, its
// command, and what the lab sets beyond — sysctls, capabilities, the open-files limit, a shared PID namespace — and,
// where asked, a wait for a line of its log. (testcontainers did this before; importing it cost every process 0.5 s.)
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Role } from '../roles.ts';
import { docker } from './docker-client.ts';
import { lineSeen } from './log-line.ts';

export interface RunContainer {
  role: Role;
  name: string;
  id: string;
  /** Its address on the run's network. */
  ip: string;
  container: StartedContainer;
}

/** What a command run in a container printed, and how it exited. */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they came. */
  output: string;
}

/** A started container: its id, commands run in it, its log as a stream. */
export class StartedContainer {
  private readonly handle: Docker.Container;

  constructor(handle: Docker.Container) {
    this.handle = handle;
  }

  getId(): string {
    return this.handle.id;
  }

  async exec(command: string[]): Promise<ExecResult> {
    const client = await docker();
    const exec = await this.handle.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const output: Buffer[] = [];
    const collect = (into: Buffer[]) => {
      const sink = new PassThrough();
      sink.on('data', (chunk: Buffer) => {
        into.push(chunk);
        output.push(chunk);
      });
      return sink;
    };
    client.modem.demuxStream(stream, collect(stdout), collect(stderr));
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    const { ExitCode } = await exec.inspect();
    const text = (parts: Buffer[]) => Buffer.concat(parts).toString();
    return { exitCode: ExitCode ?? -1, stdout: text(stdout), stderr: text(stderr), output: text(output) };
  }

  /** Its log from the start, stdout and stderr together, followed until it stops. */
  async logs(): Promise<NodeJS.ReadableStream> {
    const client = await docker();
    const raw = await this.handle.logs({ follow: true, stdout: true, stderr: true });
    const combined = new PassThrough();
    client.modem.demuxStream(raw, combined, combined);
    raw.on('end', () => combined.end());
    raw.on('close', () => combined.end());
    raw.on('error', () => combined.end());
    combined.on('close', () => (raw as unknown as { destroy(): void }).destroy());
    return combined;
  }
}

/** Builds and starts a run's container. */
export class LabContainer {
  private readonly options: Docker.ContainerCreateOptions & { HostConfig: Docker.HostConfig };
  private readyLine: string | undefined;
  private logConsumer: ((stream: NodeJS.ReadableStream) => void) | undefined;
  private readyTimeoutMs = 60_000;

  constructor(image: string) {
    this.options = { Image: image, HostConfig: {} };
  }

  withName(name: string): this {
    this.options.name = name;
    return this;
  }

  withLabels(labels: Record<string, string>): this {
    this.options.Labels = { ...this.options.Labels, ...labels };
    return this;
  }

  withNetworkMode(mode: string): this {
    this.options.HostConfig.NetworkMode = mode;
    return this;
  }

  withCommand(command: string[]): this {
    this.options.Cmd = command;
    return this;
  }

  withEntrypoint(entrypoint: string[]): this {
    this.options.Entrypoint = entrypoint;
    return this;
  }

  withEnvironment(environment: Record<string, string>): this {
    this.options.Env = [...(this.options.Env ?? []), ...Object.entries(environment).map(([name, value]) => `${name}=${value}`)];
    return this;
  }

  withWorkingDir(directory: string): this {
    this.options.WorkingDir = directory;
    return this;
  }

  withAddedCapabilities(...capabilities: string[]): this {
    this.options.HostConfig.CapAdd = [...(this.options.HostConfig.CapAdd ?? []), ...capabilities];
    return this;
  }

  withSysctls(sysctls: Record<string, string>): this {
    this.options.HostConfig.Sysctls = { ...this.options.HostConfig.Sysctls, ...sysctls };
    return this;
  }

  /** The open-files limit (RLIMIT_NOFILE), soft and hard. */
  withOpenFiles(limit: number): this {
    const others = (this.options.HostConfig.Ulimits ?? []).filter((u) => u.Name !== 'nofile');
    this.options.HostConfig.Ulimits = [...others, { Name: 'nofile', Soft: limit, Hard: limit }];
    return this;
  }

  /** Joins another container's PID namespace, to see its processes. */
  withPidOf(containerId: string): this {
    this.options.HostConfig.PidMode = `container:${containerId}`;
    return this;
  }

  /** Hands its log, from the start, to `consumer` as it starts (its lines are kept even if it exits at once). */
  withLogConsumer(consumer: (stream: NodeJS.ReadableStream) => void): this {
    this.logConsumer = consumer;
    return this;
  }

  /** `start` returns once a line of its log holds `text`, and fails when it exits first or `timeoutMs` pass. */
  waitingForLine(text: string, timeoutMs: number): this {
    this.readyLine = text;
    this.readyTimeoutMs = timeoutMs;
    return this;
  }

  async start(): Promise<StartedContainer> {
    const client = await docker();
    const handle = await client.createContainer(this.options);
    await handle.start();
    const started = new StartedContainer(handle);
    if (this.logConsumer) this.logConsumer(await started.logs());
    if (this.readyLine !== undefined) await lineSeen(await started.logs(), this.readyLine, this.readyTimeoutMs);
    return started;
  }
}
