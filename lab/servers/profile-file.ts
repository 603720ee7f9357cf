// A server profile as a YAML file a user writes (the built-in ones are written the same way), checked against
// a schema before anything starts: an unknown or missing key gives one line naming the file, the key and the fix.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { checkProfile, keepaliveProblem, keepaliveSchema, nameSchema, parseProfileYaml, says, words } from './profile-schema.ts';
import type { ServerProfile } from './server-profile.ts';

const DOCS = 'docs/servers.md › Your own server';

const schema = z.strictObject({
  name: nameSchema,
  summary: z.string({ error: says('say in one line what this server is', 'must be one line of text') }),
  image: z.union(
    [
      z.string(),
      z.strictObject({
        build: z.string({ error: 'is missing: the directory with the Dockerfile, relative to this file' }),
        dockerfile: z.string().default('Dockerfile'),
        online: z.string().optional(),
      }),
    ],
    { error: 'must be an image name, or { build: <directory with a Dockerfile> }' },
  ),
  port: z
    .number({ error: says('give the TCP port the server listens on', 'must be the TCP port the server listens on, a number such as 9000') })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be a port, 1 to 65535' })
    .max(65535, { error: 'must be a port, 1 to 65535' }),
  command: words.optional(),
  env: z.record(z.string(), z.string(), { error: 'must map names to strings' }).default({}),
  ready: z.union(
    [
      z.strictObject({ log: z.string(), timeoutS: z.number().int().min(1).optional() }),
      z.strictObject({ port: z.literal(true), timeoutS: z.number().int().min(1).optional() }),
    ],
    { error: 'is missing or wrong: { log: <text a line the server prints when ready holds> } or { port: true }, and optionally timeoutS' },
  ),
  keepalive: keepaliveSchema,
  client: z.union([z.literal('agent'), z.strictObject({ image: z.string().optional(), command: words })]).default('agent'),
  clients: words.optional(),
  version: words.optional(),
});

export type ProfileFile = z.input<typeof schema>;

/** Reads and checks a profile file; throws a UsageError naming the file, the key and the fix. */
export async function loadProfile(path: string, source = path): Promise<ServerProfile> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `--server ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}: give a built-in profile (see: keepalive-lab list) or a profile file`,
    );
  });
  return profileFromText(text, path, source);
}

export function profileFromText(text: string, path: string, source = path): ServerProfile {
  const file = checkProfile(schema, parseProfileYaml(text, path), path, DOCS);
  const problem = consistencyProblem(file);
  if (problem) throw new UsageError(`${path}: ${problem}`);
  const image =
    typeof file.image === 'string'
      ? { ref: file.image }
      : { build: resolve(dirname(path), file.image.build), dockerfile: file.image.dockerfile, ...(file.image.online ? { online: file.image.online } : {}) };
  return {
    name: file.name,
    summary: file.summary,
    source,
    file: path,
    agent: false,
    image,
    port: file.port,
    ...(file.command ? { command: file.command } : {}),
    env: file.env,
    ready: file.ready,
    keepalive: file.keepalive,
    client: file.client,
    ...(file.clients ? { clients: file.clients } : {}),
    ...(file.version ? { version: file.version } : {}),
  };
}

/** Rules across keys: placeholders only for settings taken, sysctls only for what they can set, expressions that evaluate. */
function consistencyProblem(file: z.output<typeof schema>): string | null {
  const { keepalive } = file;
  if (keepalive.sysctls && keepalive.arguments.length > 0) return "'keepalive' has both sysctls and arguments: a server takes its keepalive one way";
  if (keepalive.sysctls && keepalive.takes.includes('user-timeout')) return "'keepalive.takes' lists user-timeout, which no namespace sysctl sets: drop it";
  return keepaliveProblem(keepalive, 'keepalive.arguments', keepalive.arguments);
}
