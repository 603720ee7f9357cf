// Server profiles by name: the lab's agent (the default), the built-in ones shipped as profile files under
// containers/servers/, or a user's own profile file.
import { UsageError } from '../errors.ts';
import { packagePath } from '../paths.ts';
import { agentProfile } from './agent-profile.ts';
import { loadProfile } from './profile-file.ts';
import type { ServerProfile } from './server-profile.ts';

export const BUILT_IN_SERVERS = ['agent', 'redis', 'postgres'] as const;

/** A built-in profile by name, or the profile file at a path (anything with a slash or a .yaml/.yml ending). */
export async function findServer(nameOrPath: string): Promise<ServerProfile> {
  if (nameOrPath === 'agent') return agentProfile;
  if ((BUILT_IN_SERVERS as readonly string[]).includes(nameOrPath)) {
    return loadProfile(packagePath('containers', 'servers', nameOrPath, 'profile.yaml'), 'built-in');
  }
  if (nameOrPath.includes('/') || /\.ya?ml$/.test(nameOrPath)) return loadProfile(nameOrPath);
  throw new UsageError(
    `unknown server '${nameOrPath}': choose ${BUILT_IN_SERVERS.join(', ')}, or give a profile file such as ./my-server.yaml (docs/servers.md › Your own server)`,
  );
}

/** Every built-in profile, for list and doctor. */
export function builtInServers(): Promise<ServerProfile[]> {
  return Promise.all(BUILT_IN_SERVERS.map((name) => findServer(name)));
}
