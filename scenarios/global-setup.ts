// Builds the lab's images once before the scenario tests (online if a registry answers, else offline).
import { ensureImages } from '../lab/runtime/images.ts';

export default async function buildImages(): Promise<void> {
  await ensureImages({ progress: (line) => process.stderr.write(`[images] ${line}\n`) });
}
