// Node packages copied from the lab's own node_modules into an image's build context with everything they depend
// on, each at the same place under node_modules as the lab has it (npm nests a second version where two are
// needed, and Node finds it by that place), so the image needs no registry and runs the lockfile's versions.
import { existsSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { EnvironmentError, firstLine } from '../errors.ts';
import { dependencyPath } from '../paths.ts';

/** Copies `names` and their dependencies into `context`/node_modules. */
export async function copyModules(names: readonly string[], context: string): Promise<void> {
  const seen = new Set<string>();
  for (const name of names) {
    let directory: string;
    try {
      directory = dependencyPath(name);
    } catch (error) {
      throw new EnvironmentError(`the module ${name} is not installed (${firstLine(error)}): run npm ci (or npm install) first`, { cause: error });
    }
    const root = dirname(name.startsWith('@') ? dirname(directory) : directory); // the node_modules it sits in
    await copyWithDependencies(directory, root, context, seen);
  }
}

async function copyWithDependencies(directory: string, root: string, context: string, seen: Set<string>): Promise<void> {
  if (seen.has(directory)) return;
  seen.add(directory);
  await cp(directory, join(context, 'node_modules', relative(root, directory)), { recursive: true });
  const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    const found = installedFrom(directory, dependency, root);
    if (!found) throw new EnvironmentError(`${dependency}, which ${directory} needs, is not installed: run npm ci (or npm install) first`);
    await copyWithDependencies(found, root, context, seen);
  }
}

/** Where Node finds `name` from a package: its own node_modules, then each one above, up to the one `root` is. */
function installedFrom(from: string, name: string, root: string): string | null {
  const top = dirname(root);
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (directory === top || directory === dirname(directory)) return null;
  }
}
