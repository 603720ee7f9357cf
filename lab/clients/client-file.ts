// A client profile as a YAML file a user writes (the built-in ones are written the same way), checked before
// anything starts: one line naming the file, the key and the fix.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { CLIENT_PLACEHOLDERS, checkProfile, keepaliveProblem, keepaliveSchema, nameSchema, parseProfileYaml, says, words } from '../servers/profile-schema.ts';
import type { ClientProfile } from './client-profile.ts';

const DOCS = 'docs/clients.md › Your own client';

const schema = z.strictObject({
  name: nameSchema,
  summary: z.string({ error: says('say in one line what this client is', 'must be one line of text') }),
  server: z.string({
    error: says('name the server profile it speaks to (redis, postgres, or a profile file, relative to this one)', 'must be a server profile'),
  }),
  directory: z.string({ error: says("give the program's directory, relative to this file (its node_modules go with it)", 'must be a directory') }),
  modules: z.array(z.string()).default([]),
  command: words.min(1, { error: 'must be the command that starts the program, e.g. [node, client.mjs]' }),
  env: z.record(z.string(), z.string(), { error: 'must map names to strings' }).default({}),
  keepalive: keepaliveSchema.extend({ env: z.record(z.string(), z.string(), { error: 'must map names to strings' }).default({}) }),
});

/** Reads and checks a client profile file; throws a UsageError naming the file, the key and the fix. */
export async function loadClientProfile(path: string, source = path): Promise<ClientProfile> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `--client ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}: give a built-in client (see: keepalive-lab list) or a client profile file`,
    );
  });
  return clientFromText(text, path, source);
}

export function clientFromText(text: string, path: string, source = path): ClientProfile {
  const file = checkProfile(schema, parseProfileYaml(text, path), path, DOCS);
  const { keepalive } = file;
  const problem =
    keepalive.sysctls || keepalive.arguments.length > 0
      ? "'keepalive' of a client gives its settings in env (the program reads them): move them there, and drop sysctls and arguments"
      : keepaliveProblem(keepalive, 'keepalive.env', Object.values(keepalive.env), CLIENT_PLACEHOLDERS);
  if (problem) throw new UsageError(`${path}: ${problem}`);
  // A server given as a file is found from this one.
  const server = file.server.includes('/') || /\.ya?ml$/.test(file.server) ? resolve(dirname(path), file.server) : file.server;
  return { ...file, server, source, file: path, agent: false, directory: resolve(dirname(path), file.directory) };
}
