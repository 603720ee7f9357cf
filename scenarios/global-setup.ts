// Builds the lab's images once before the scenario tests (online if a registry answers, else offline), the
// built-in servers' and clients' too, so no build runs beside a timed scenario.
import { docker } from '../lab/runtime/docker-client.ts';
import { ensureImages } from '../lab/runtime/images.ts';
import { ensureBuiltInServerImages } from '../lab/runtime/server-image.ts';
import { ensureBuiltInClientImages } from '../lab/runtime/client-image.ts';
import { ensureProxyImage } from '../lab/runtime/proxy-image.ts';

export default async function buildImages(): Promise<void> {
  const progress = (line: string) => process.stderr.write(`[images] ${line}\n`);
  await ensureImages({ progress });
  await ensureBuiltInServerImages(await docker(), 'auto', progress);
  await ensureBuiltInClientImages(await docker(), progress);
  await ensureProxyImage(await docker(), progress);
}
