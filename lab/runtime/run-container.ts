// A container of a run (an agent, a server, a client), as faults, sidecars and observation address it.
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import type { Role } from '../roles.ts';

export interface RunContainer {
  role: Role;
  name: string;
  id: string;
  /** Its address on the run's network. */
  ip: string;
  container: StartedTestContainer;
}

/** testcontainers has no builder for sysctls, ulimits or a shared PID namespace; its host config is there to extend. */
export class LabContainer extends GenericContainer {
  withSysctls(sysctls: Record<string, string>): this {
    this.hostConfig.Sysctls = { ...this.hostConfig.Sysctls, ...sysctls };
    return this;
  }

  /** The open-files limit (RLIMIT_NOFILE), soft and hard. */
  withOpenFiles(limit: number): this {
    this.hostConfig.Ulimits = [...(this.hostConfig.Ulimits ?? []).filter((u) => u.Name !== 'nofile'), { Name: 'nofile', Soft: limit, Hard: limit }];
    return this;
  }

  /** Joins another container's PID namespace, to see its processes. */
  withPidOf(containerId: string): this {
    this.hostConfig.PidMode = `container:${containerId}`;
    return this;
  }
}
