// A client profile's image: its program's directory (with its node_modules), the lab's workload helper beside it,
// and the packages it takes from the lab's own node_modules, FROM keepalive-lab/base. Tagged by a hash of all of
// it and the base image, so a changed program builds anew and an unchanged one is built once.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import type { ClientProfile } from '../clients/client-profile.ts';
import { builtInClients } from '../clients/index.ts';
import { findServer } from '../servers/index.ts';
import { ensureServerImage } from './server-image.ts';
import { EnvironmentError, firstLine } from '../errors.ts';
import { packagePath } from '../paths.ts';
import { buildImage } from './build-image.ts';
import { BASE_IMAGE, hashDirectory, imageExists } from './images.ts';
import { copyModules } from './module-copy.ts';

/** The helper every built-in client imports (and a user's Node program may): containers/clients/workload.mjs. */
export const WORKLOAD_HELPER = 'lab-workload.mjs';

export async function ensureClientImage(client: Docker, profile: ClientProfile, progress: (line: string) => void): Promise<string> {
  const context = await stageClientContext(profile);
  try {
    const baseId = (await client.getImage(BASE_IMAGE).inspect()).Id;
    const tag = `keepalive-lab/client-${profile.name}:${await hashDirectory(context, baseId)}`;
    if (await imageExists(client, tag)) return tag;
    progress(`building ${tag} (the ${profile.name} client's program on ${BASE_IMAGE})`);
    await buildImage(client, context, tag, { BASE_IMAGE }, progress, 'Dockerfile.keepalive-lab').catch((error: unknown) => {
      throw new EnvironmentError(`building the ${profile.name} client image failed: ${firstLine(error)} (${profile.directory})`, { cause: error });
    });
    return tag;
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

async function stageClientContext(profile: ClientProfile): Promise<string> {
  const context = await mkdtemp(join(tmpdir(), 'keepalive-lab-client-'));
  const profileFile = profile.file && resolve(profile.file);
  const skip = (source: string) => source !== profileFile;
  await cp(profile.directory, context, { recursive: true, filter: skip }).catch((error: unknown) => {
    throw new EnvironmentError(
      `the ${profile.name} client's directory ${profile.directory} cannot be read (${firstLine(error)}): check 'directory' in its profile`,
      {
        cause: error,
      },
    );
  });
  await cp(packagePath('containers', 'clients', 'workload.mjs'), join(context, WORKLOAD_HELPER));
  await copyModules(profile.modules, context);
  await writeFile(join(context, 'Dockerfile.keepalive-lab'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nWORKDIR /client\nCOPY . .\n');
  return context;
}

/** The built-in clients' images (ioredis, pg, node-http), and a server of their own (node-http's): built up front by `images` and before the scenario tests. */
export async function ensureBuiltInClientImages(client: Docker, progress: (line: string) => void): Promise<Record<string, string>> {
  const images: Record<string, string> = {};
  for (const profile of await builtInClients()) {
    images[profile.name] = await ensureClientImage(client, profile, progress);
    const server = await findServer(profile.server);
    if (server.source !== 'built-in' && !server.agent) images[`${server.name} server`] = await ensureServerImage(client, server, 'auto', progress);
  }
  return images;
}
