// Client profiles by name: the built-in ones shipped as profile files under containers/clients/, or a user's own.
import { UsageError } from '../errors.ts';
import { packagePath } from '../paths.ts';
import { loadClientProfile } from './client-file.ts';
import type { ClientProfile } from './client-profile.ts';

export const BUILT_IN_CLIENTS = ['ioredis', 'pg', 'node-http'] as const;

/** A built-in client by name, or the profile file at a path (anything with a slash or a .yaml/.yml ending). */
export async function findClient(nameOrPath: string): Promise<ClientProfile> {
  if ((BUILT_IN_CLIENTS as readonly string[]).includes(nameOrPath)) {
    return loadClientProfile(packagePath('containers', 'clients', nameOrPath, 'client.yaml'), 'built-in');
  }
  if (nameOrPath.includes('/') || /\.ya?ml$/.test(nameOrPath)) return loadClientProfile(nameOrPath);
  throw new UsageError(
    `unknown client '${nameOrPath}': choose ${BUILT_IN_CLIENTS.join(', ')}, or give a client profile file such as ./my-client.yaml (docs/clients.md › Your own client)`,
  );
}

export function builtInClients(): Promise<ClientProfile[]> {
  return Promise.all(BUILT_IN_CLIENTS.map((name) => findClient(name)));
}
