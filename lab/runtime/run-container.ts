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

/** testcontainers has no builder for sysctls; its host config is there to extend. */
export class LabContainer extends GenericContainer {
  withSysctls(sysctls: Record<string, string>): this {
    this.hostConfig.Sysctls = { ...this.hostConfig.Sysctls, ...sysctls };
    return this;
  }
}
