// The client profiles in a user's project, for `list`: every client.yaml (or .yml, or <name>.client.yaml) under a
// directory, each checked as a run would check it — found the way server profiles are.
import { packagePath } from '../paths.ts';
import { localFiles } from '../servers/local-profiles.ts';
import { loadClientProfile } from './client-file.ts';
import type { ClientProfile } from './client-profile.ts';

const CLIENT_FILE = /^(?:client|[\w.-]+\.client)\.ya?ml$/;

export function localClients(root: string): Promise<({ path: string } & ({ profile: ClientProfile } | { problem: string }))[]> {
  return localFiles(root, CLIENT_FILE, packagePath('containers'), (file) => loadClientProfile(file));
}
