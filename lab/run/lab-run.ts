// A run's life, the same for every kind of run: the engine, the leftovers of dead runs reaped, the lab's images and
// the server's, a new run identity its containers and networks are labelled with, tracked so Ctrl-C tears it down.
// Along the way it offers the steps every kind takes — the environment's fingerprint, the capture kept where asked,
// the verdict line — and when the run ends, however it ends, it stops every source it was given and removes
// everything the run created.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Docker from 'dockerode';
import { type Fingerprint, takeFingerprint } from '../observe/fingerprint.ts';
import type { ObservationSource } from '../observe/facts.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import { trackRun } from '../runtime/active-runs.ts';
import { removeOrphans, removeRun } from '../runtime/cleanup.ts';
import { docker } from '../runtime/docker-client.ts';
import { ensureImages, type LabImages } from '../runtime/images.ts';
import type { RunContainer } from '../runtime/run-container.ts';
import { newRunIdentity, type RunIdentity } from '../runtime/run-identity.ts';
import { ensureServerImage } from '../runtime/server-image.ts';
import { ensureClientImage } from '../runtime/client-image.ts';
import type { ClientProfile } from '../clients/client-profile.ts';
import { Phases, type PhaseTimes } from './phases.ts';
import type { Sidecar } from '../runtime/sidecar.ts';
import type { ServerProfile } from '../servers/server-profile.ts';

export interface LabRunSetup {
  /** The scenario the run is named after. */
  scenario: string;
  progress: (line: string) => void;
  /** The server under test (its image is made ready before the run starts). */
  profile: ServerProfile;
  /** An application's client, whose image is made ready too. */
  client?: ClientProfile;
  /** Where to keep the run's capture as a pcap file, if anywhere. */
  captureFile?: string;
}

export interface LabRun {
  client: Docker;
  images: LabImages;
  run: RunIdentity;
  progress: (line: string) => void;
  /** The server's image: the agent's, or the profile's (built when its recipe changed). */
  serverImage: string;
  /** The application's client's image, in a run with one. */
  clientImage?: string;
  /** Observes with `source` until it is stopped — at the latest when the run ends. */
  observe<S extends ObservationSource>(source: S): S;
  /** Stops every source the run was given (each is safe to stop twice). */
  stopSources(): Promise<void>;
  /** The environment the run measured: kernel and HZ seen from `sidecar`, the engine, the server's version. */
  fingerprint(sidecar: Sidecar, server: RunContainer): Promise<{ fingerprint: Fingerprint; hz: KernelHz }>;
  /** Keeps the capture where the run was asked to, creating its directory; nothing when it was not asked. */
  keepCapture(pcap: Buffer): Promise<void>;
  /** The progress line every run ends on: its verdict and why, with `note` after. */
  announce(judged: { verdict: string; reason: string }, note?: string): void;
  /** Ends the phase under way, naming it (the lifecycle names its own: engine, images, teardown). */
  phase(name: string): void;
}

/**
 * Runs `body` as a run of `setup.scenario`, stops its sources and removes what it created when it ends, and gives
 * its result the time each phase took, the teardown included.
 */
export async function withLabRun<T extends object>(setup: LabRunSetup, body: (lab: LabRun) => Promise<T>): Promise<T & { phases: PhaseTimes }> {
  const { progress, profile } = setup;
  const phases = new Phases();
  const client = await docker();
  const reaped = await removeOrphans(client);
  if (reaped.runs.length > 0) progress(`removed ${reaped.containers} container(s) and ${reaped.networks} network(s) left by ${reaped.runs.length} dead run(s)`);
  phases.end('engine');
  const images = await ensureImages({ progress });
  const serverImage = profile.agent ? images.agent : await ensureServerImage(client, profile, 'auto', progress);
  const clientImage = setup.client && (await ensureClientImage(client, setup.client, progress));
  phases.end('images');
  const run = newRunIdentity(setup.scenario);
  const untrack = trackRun(run.runId, () => removeRun(client, run.runId));
  const sources: ObservationSource[] = [];
  const stopSources = async () => void (await Promise.all(sources.map((source) => source.stop())));
  let result: T;
  try {
    result = await body({
      client,
      images,
      run,
      progress,
      serverImage,
      ...(clientImage ? { clientImage } : {}),
      observe: (source) => {
        sources.push(source);
        return source;
      },
      stopSources,
      fingerprint: (sidecar, server) => takeFingerprint(client, sidecar, server, profile),
      keepCapture: (pcap) => keepCapture(setup.captureFile, pcap),
      announce: (judged, note = '') => progress(`verdict: ${judged.verdict.toUpperCase()} — ${judged.reason}${note}`),
      phase: (name) => phases.end(name),
    });
    phases.end('result');
  } finally {
    await stopSources().catch(() => {}); // a source whose container is gone has nothing left to stop
    await removeRun(client, run.runId);
    untrack();
  }
  phases.end('teardown');
  return { ...result, phases: phases.result() };
}

async function keepCapture(file: string | undefined, pcap: Buffer): Promise<void> {
  if (!file) return;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, pcap);
}
