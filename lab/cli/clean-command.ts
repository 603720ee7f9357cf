import { removeOrphans } from '../runtime/cleanup.ts';
import { docker } from '../runtime/docker-client.ts';

export async function cleanCommand(flags: { all?: boolean }): Promise<number> {
  const removed = await removeOrphans(await docker(), { includeLive: flags.all });
  process.stdout.write(
    removed.runs.length === 0
      ? 'nothing to clean: no container or network left by a dead run\n'
      : `removed ${removed.containers} container(s) and ${removed.networks} network(s) of ${removed.runs.length} run(s): ${removed.runs.join(', ')}\n`,
  );
  return 0;
}
