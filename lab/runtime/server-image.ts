// A server profile's image, built like the base image: where the profile gives an online recipe (FROM the pinned
// official image) and a registry answers, from that; else offline FROM keepalive-lab/base with Debian's packages.
// Tagged by a hash of the recipe's directory and the base image, so a changed recipe builds anew. An image the
// profile names is used as it is, pulled first if the engine does not have it.
import type Docker from 'dockerode';
import { EnvironmentError, firstLine } from '../errors.ts';
import { builtInServers } from '../servers/index.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import { buildImage } from './build-image.ts';
import { BASE_IMAGE, type BuildMode, hashDirectory, imageExists } from './images.ts';

export async function ensureServerImage(client: Docker, profile: ServerProfile, mode: BuildMode, progress: (line: string) => void): Promise<string> {
  const source = profile.image;
  if ('ref' in source) return ensurePulled(client, source.ref, profile, progress);
  const tag = await serverImageTag(client, profile, source);
  if (await imageExists(client, tag)) return tag;
  if (source.online && mode !== 'offline') {
    progress(`building ${tag} from ${source.online} (the ${profile.name} profile's online recipe)`);
    try {
      await buildImage(client, source.build, tag, {}, progress, source.online);
      return tag;
    } catch (error) {
      if (mode === 'online')
        throw new EnvironmentError(
          `building the ${profile.name} server image online failed (${firstLine(error)}); where no registry answers, use: npm run images -- --offline`,
          { cause: error },
        );
      progress(`the online build failed (${firstLine(error)}; usually no registry answers): building from ${source.dockerfile} on ${BASE_IMAGE} instead`);
    }
  }
  progress(`building ${tag} from ${source.dockerfile} on ${BASE_IMAGE}`);
  await buildImage(client, source.build, tag, { BASE_IMAGE }, progress, source.dockerfile).catch((error: unknown) => {
    throw new EnvironmentError(`building the ${profile.name} server image failed: ${firstLine(error)} (${source.build}/${source.dockerfile})`, {
      cause: error,
    });
  });
  return tag;
}

async function ensurePulled(client: Docker, ref: string, profile: ServerProfile, progress: (line: string) => void): Promise<string> {
  if (await imageExists(client, ref)) return ref;
  progress(`pulling ${ref} (the ${profile.name} profile's image)`);
  try {
    await new Promise<void>((resolve, reject) => {
      client.pull(ref, (error: Error | null, stream: NodeJS.ReadableStream) => {
        if (error) return reject(error);
        client.modem.followProgress(stream, (failed: Error | null) => (failed ? reject(failed) : resolve()));
      });
    });
  } catch (error) {
    throw new EnvironmentError(
      `the ${profile.name} profile's image ${ref} is not on this engine and cannot be pulled (${firstLine(error)}): build or load it first (docker build -t ${ref} …, or docker load)`,
      { cause: error },
    );
  }
  return ref;
}

/** The built-in servers' images (redis, postgres): built up front by `images` and before the scenario tests. */
export async function ensureBuiltInServerImages(client: Docker, mode: BuildMode, progress: (line: string) => void): Promise<Record<string, string>> {
  const images: Record<string, string> = {};
  for (const profile of await builtInServers()) {
    if (!profile.agent) images[profile.name] = await ensureServerImage(client, profile, mode, progress);
  }
  return images;
}

/**
 * The tag a profile's image is built under: its name and a hash of its recipe — the build directory on this base
 * image, the profile file left out (changing how the lab waits for the server rebuilds nothing).
 */
export async function serverImageTag(client: Docker, profile: ServerProfile, source: { build: string }): Promise<string> {
  const baseId = (await client.getImage(BASE_IMAGE).inspect()).Id;
  return `keepalive-lab/server-${profile.name}:${await hashDirectory(source.build, baseId, profile.file ? [profile.file] : [])}`;
}
