// What `init` writes into a user's project: the package's worked examples (docs/examples/), renamed for the user's
// server and pointed at where they land. The examples are the templates, so what the docs show is what init writes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packagePath } from '../paths.ts';

/** The folder init writes the profile and the test into, relative to the project. */
export const INIT_DIR = 'keepalive-lab';

export interface InitFile {
  /** Relative to the project. */
  path: string;
  /** What it is, for the list init prints. */
  says: string;
  text: string;
  /** Shared by every server init writes (the CI job): kept where it is there already. */
  shared?: boolean;
}

const EXAMPLE = 'echo-server';

/** The files for a server named `name` (checked by the caller), with their text. */
export async function initFiles(name: string): Promise<InitFile[]> {
  const example = (...parts: string[]) => readFile(packagePath('docs', 'examples', ...parts), 'utf8');
  const renamed = (text: string) =>
    text
      .replaceAll(`docs/examples/${EXAMPLE}`, `${INIT_DIR}/${name}`)
      .replaceAll('npm run scenario --', 'npx keepalive-lab run')
      .replaceAll('npm run lab --', 'npx keepalive-lab')
      .replaceAll(EXAMPLE, name);
  const server = (file: string) => join(INIT_DIR, name, file);
  return [
    { path: server('profile.yaml'), says: 'the server profile: what to change is in its comments', text: renamed(await example(EXAMPLE, 'profile.yaml')) },
    { path: server('Dockerfile'), says: "the server's image, built FROM the lab's base image", text: await example(EXAMPLE, 'Dockerfile') },
    { path: server('server.py'), says: 'a stand-in server (a Python echo server): replace it with yours', text: await example(EXAMPLE, 'server.py') },
    {
      path: join(INIT_DIR, `${name}.test.js`),
      says: 'a vitest test of the server against clients that vanish',
      text: renamed(await example(`${EXAMPLE}.test.js`)),
    },
    {
      path: join('.github', 'workflows', 'keepalive-lab.yml'),
      says: `the CI job that runs ${INIT_DIR}/'s tests on GitHub Actions`,
      text: await example('keepalive-lab.yml'),
      shared: true,
    },
  ];
}
