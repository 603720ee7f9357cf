// The profile files in a user's project, for `list`: every profile.yaml (or .yml, or <name>.profile.yaml) under a
// directory — and, by the same search, client profiles (lab/clients) — each checked as a run would check it. Dependencies, version control, build output and reports are not
// searched, nor anything deeper than a few folders.
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { firstLine } from '../errors.ts';
import { packagePath } from '../paths.ts';
import { loadProfile } from './profile-file.ts';
import type { ServerProfile } from './server-profile.ts';

/** A profile file found, relative to where the search began, with its profile or what is wrong with it. */
export type LocalProfile = { path: string } & ({ profile: ServerProfile } | { problem: string });

const PROFILE_FILE = /^(?:profile|[\w.-]+\.profile)\.ya?ml$/;
const NOT_SEARCHED = new Set(['node_modules', 'dist', 'reports', 'coverage']);
const DEPTH = 5;

export function localProfiles(root: string): Promise<LocalProfile[]> {
  return localFiles(root, PROFILE_FILE, packagePath('containers'), (file) => loadProfile(file)); // the built-in servers and the built-in clients' own
}

/** Every file named like `pattern` under `root` but outside `builtIn`, loaded (relative to root) or with what is wrong with it. */
export async function localFiles<P>(
  root: string,
  pattern: RegExp,
  builtIn: string,
  load: (file: string) => Promise<P>,
): Promise<({ path: string } & ({ profile: P } | { problem: string }))[]> {
  const files = (await profileFiles(root, pattern, DEPTH)).filter((file) => !file.startsWith(builtIn)).sort();
  return Promise.all(
    files.map(async (file) => {
      const path = relative(root, file);
      try {
        return { path, profile: await load(file) };
      } catch (error) {
        return { path, problem: firstLine(error).replace(`${file}: `, '') };
      }
    }),
  );
}

async function profileFiles(directory: string, pattern: RegExp, depth: number): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(
    entries.map((entry) => {
      const path = join(directory, entry.name);
      if (entry.isFile()) return pattern.test(entry.name) ? [path] : [];
      const searched = entry.isDirectory() && depth > 0 && !entry.name.startsWith('.') && !NOT_SEARCHED.has(entry.name);
      return searched ? profileFiles(path, pattern, depth - 1) : [];
    }),
  );
  return found.flat();
}
