// The proxy middlebox's image: Debian's HAProxy on keepalive-lab/base (containers/proxy), built once and tagged by a
// hash of its recipe and the base image, like a server profile's offline image.
import type Docker from 'dockerode';
import { EnvironmentError, firstLine } from '../errors.ts';
import { packagePath } from '../paths.ts';
import { buildImage } from './build-image.ts';
import { BASE_IMAGE, hashDirectory, imageExists } from './images.ts';

export async function ensureProxyImage(client: Docker, progress: (line: string) => void): Promise<string> {
  const recipe = packagePath('containers', 'proxy');
  const baseId = (await client.getImage(BASE_IMAGE).inspect()).Id;
  const tag = `keepalive-lab/proxy:${await hashDirectory(recipe, baseId)}`;
  if (await imageExists(client, tag)) return tag;
  progress(`building ${tag} (HAProxy from Debian's archive on ${BASE_IMAGE})`);
  await buildImage(client, recipe, tag, { BASE_IMAGE }, progress).catch((error: unknown) => {
    throw new EnvironmentError(`building the proxy image failed: ${firstLine(error)} (containers/proxy/Dockerfile)`, { cause: error });
  });
  return tag;
}
