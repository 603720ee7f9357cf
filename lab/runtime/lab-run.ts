// A run's life on the engine, the same for every kind of run: the engine, the leftovers of dead runs reaped, the
// lab's images, a new run identity its containers and networks are labelled with, tracked so Ctrl-C tears it down —
// and everything it created removed when the run ends, however it ends.
import type Docker from 'dockerode';
import { trackRun } from './active-runs.ts';
import { removeOrphans, removeRun } from './cleanup.ts';
import { docker } from './docker-client.ts';
import { ensureImages, type LabImages } from './images.ts';
import { newRunIdentity, type RunIdentity } from './run-identity.ts';

export interface LabRun {
  client: Docker;
  images: LabImages;
  run: RunIdentity;
}

/** Runs `body` as the run named after `scenario`, and removes what it created when it ends. */
export async function withLabRun<T>(scenario: string, progress: (line: string) => void, body: (lab: LabRun) => Promise<T>): Promise<T> {
  const client = await docker();
  const reaped = await removeOrphans(client);
  if (reaped.runs.length > 0) progress(`removed ${reaped.containers} container(s) and ${reaped.networks} network(s) left by ${reaped.runs.length} dead run(s)`);
  const images = await ensureImages({ progress });
  const run = newRunIdentity(scenario);
  const untrack = trackRun(run.runId, () => removeRun(client, run.runId));
  try {
    return await body({ client, images, run });
  } finally {
    await removeRun(client, run.runId);
    untrack();
  }
}
