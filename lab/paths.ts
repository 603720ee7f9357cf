// Where the lab's own files are: the package's root is the repository while developing, and the installed
// package's directory otherwise (compiled code then sits one level deeper, under dist/). Its dependencies may be in
// its own node_modules or, installed into a project, in the project's.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest directory above this file whose package.json is keepalive-lab's. */
function packageRoot(from: string): string {
  for (let directory = from; ; directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'keepalive-lab') return directory;
    if (dirname(directory) === directory) throw new Error(`keepalive-lab's package.json is not above ${from}`);
  }
}

export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));
export const packagePath = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);

/** The directory of a dependency, as Node would resolve it from the package. */
export function dependencyPath(name: string): string {
  return dirname(createRequire(packagePath('package.json')).resolve(`${name}/package.json`));
}
