import { UsageError } from '../errors.ts';
import { docker } from '../runtime/docker-client.ts';
import { type BuildMode, ensureImages } from '../runtime/images.ts';
import { ensureBuiltInServerImages } from '../runtime/server-image.ts';
import { ensureBuiltInClientImages } from '../runtime/client-image.ts';
import { ensureProxyImage } from '../runtime/proxy-image.ts';
import { progressPrinter } from './progress.ts';

export async function imagesCommand(flags: { offline?: boolean; online?: boolean; rebuild?: boolean }): Promise<number> {
  if (flags.offline && flags.online) throw new UsageError('--offline and --online exclude each other: pick one, or neither to try online then fall back');
  const mode: BuildMode = flags.offline ? 'offline' : flags.online ? 'online' : 'auto';
  const progress = progressPrinter();
  const images = await ensureImages({ mode, rebuild: flags.rebuild, progress });
  const servers = await ensureBuiltInServerImages(await docker(), mode, progress);
  const clients = await ensureBuiltInClientImages(await docker(), progress);
  const proxy = await ensureProxyImage(await docker(), progress);
  process.stdout.write(
    `base:     ${images.base}\nagent:    ${images.agent}\n${Object.entries({ ...servers, ...clients, proxy })
      .map(([name, image]) => `${`${name}:`.padEnd(10)}${image}\n`)
      .join('')}`,
  );
  return 0;
}
