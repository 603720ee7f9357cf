// A run's own Docker network: internal (no route out), so the lab's traffic only flows between its containers.
import type Docker from 'dockerode';
import type { RunIdentity } from './run-identity.ts';

export interface LabNetwork {
  id: string;
  name: string;
}

export async function createInternalNetwork(client: Docker, run: RunIdentity): Promise<LabNetwork> {
  const name = `keepalive-lab-${run.runId}`;
  const network = await client.createNetwork({ Name: name, Driver: 'bridge', Internal: true, Labels: run.labels });
  return { id: network.id, name };
}
