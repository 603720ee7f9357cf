// Removing what runs leave behind, by label. A run removes its own resources when it ends (normally, on
// failure, on Ctrl-C/SIGTERM); leftovers of a run whose owning process is gone (kill -9, a crash) are removed
// by the next run or by `keepalive-lab clean`, never those of a run still in progress.
import type Docker from 'dockerode';
import { isOwnerAlive, OWNER_LABEL, ROLE_LABEL, RUN_LABEL } from './run-identity.ts';

export interface Removed {
  runs: string[];
  containers: number;
  networks: number;
}

export async function removeRun(client: Docker, runId: string): Promise<Removed> {
  const filters = JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] });
  const containers = await client.listContainers({ all: true, filters });
  const remove = async (info: (typeof containers)[number]) => {
    const container = client.getContainer(info.Id);
    if (info.State === 'paused') await container.unpause().catch(() => {});
    await container.remove({ force: true, v: true }).catch(ignoreMissing);
  };
  // Sidecars share a peer's network namespace: remove them first, then the peers, each group at once.
  const isSidecar = (info: (typeof containers)[number]) => info.Labels[ROLE_LABEL] === 'sidecar';
  await Promise.all(containers.filter(isSidecar).map(remove));
  await Promise.all(containers.filter((info) => !isSidecar(info)).map(remove));
  const networks = await client.listNetworks({ filters });
  await Promise.all(networks.map((info) => removeNetwork(client, info.Id)));
  return { runs: [runId], containers: containers.length, networks: networks.length };
}

/** Removes the resources of every run whose owner process is gone (all runs with `includeLive`). */
export async function removeOrphans(client: Docker, options: { includeLive?: boolean } = {}): Promise<Removed> {
  const filters = JSON.stringify({ label: [RUN_LABEL] });
  const [containers, networks] = await Promise.all([client.listContainers({ all: true, filters }), client.listNetworks({ filters })]);
  const owners = new Map<string, string | undefined>();
  for (const { Labels } of [...containers, ...networks]) {
    const runId = Labels?.[RUN_LABEL];
    if (runId) owners.set(runId, Labels?.[OWNER_LABEL]);
  }
  const total: Removed = { runs: [], containers: 0, networks: 0 };
  for (const [runId, owner] of owners) {
    if (!options.includeLive && isOwnerAlive(owner)) continue;
    const removed = await removeRun(client, runId);
    total.runs.push(runId);
    total.containers += removed.containers;
    total.networks += removed.networks;
  }
  return total;
}

/** Another process may be removing the same leftovers (every run reaps dead runs): 404 and 409 mean it is. */
function ignoreMissing(error: { statusCode?: number }): void {
  if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
}

/** A network still has endpoints while a concurrent remover finishes its containers: wait for them (bounded). */
async function removeNetwork(client: Docker, id: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.getNetwork(id).remove();
      return;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) return;
      if (status !== 403 || attempt === 20) throw error; // 403: "network has active endpoints"
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
