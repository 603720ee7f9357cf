// A server profile as a YAML file a user writes (the built-in ones are written the same way), checked against
// a schema before anything starts: an unknown or missing key gives one line naming the file, the key and the fix.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { ExpressionError, evaluate } from './expression.ts';
import { type ServerProfile, SETTINGS } from './server-profile.ts';

const words = z.array(z.string(), { error: 'must be a list of words, e.g. [redis-server, --port, "6379"]' });
const setting = z.enum(SETTINGS, { error: `must be one of ${SETTINGS.join(', ')}` });

const schema = z.strictObject({
  name: z
    .string({ error: 'is missing: give the profile a short name' })
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lowercase letters, digits and dashes' }),
  summary: z.string({ error: 'is missing: say in one line what this server is' }),
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
  port: z.number({ error: 'is missing: give the TCP port the server listens on' }).int().min(1).max(65535),
  command: words.optional(),
  env: z.record(z.string(), z.string(), { error: 'must map names to strings' }).default({}),
  ready: z.union([z.strictObject({ log: z.string() }), z.strictObject({ port: z.literal(true) })], {
    error: 'is missing or wrong: { log: <a line the server prints when ready> } or { port: true }',
  }),
  keepalive: z.strictObject(
    {
      arguments: words.default([]),
      sysctls: z.boolean().default(false),
      takes: z.array(setting, { error: `is missing: list the settings the server takes (${SETTINGS.join(', ')})` }),
      applies: z.partialRecord(setting, z.union([z.string(), z.number()]).transform(String)).default({}),
      shipped: z.union([z.enum(['kernel', 'off']), z.partialRecord(setting, z.number())], {
        error: 'is missing: what the server does when the lab sets nothing — kernel, off, or values such as { idle: 300 }',
      }),
      how: z.string({ error: 'is missing: say in a sentence how the server sets keepalive' }),
    },
    { error: 'is missing: say how keepalive is set (arguments or sysctls, takes, shipped, how)' },
  ),
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
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError ? ` (line ${error.linePos?.[0]?.line ?? '?'})` : '';
    throw new UsageError(`${path}: not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UsageError(`${path}: ${describeIssues(parsed.error.issues)}`);
  const file = parsed.data;
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

/** The first issue in one line; an unknown key comes first (a misspelt key is also a missing one), with the key it may mean. */
function describeIssues(issues: z.core.$ZodIssue[]): string {
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
  if (!unknown) return `'${issues[0]!.path.map(String).join('.') || 'the file'}' ${issues[0]!.message}`;
  const key = unknown.path.map(String).join('.');
  const where = key ? `under '${key}'` : 'at the top level';
  const missing = issues.find(
    (issue) => issue.code === 'invalid_type' && issue.path.length === unknown.path.length + 1 && issue.path.slice(0, -1).join('.') === key,
  );
  const fix = missing ? `rename it '${String(missing.path.at(-1))}'` : 'remove it or fix its spelling';
  return `unknown key '${unknown.keys.join("', '")}' ${where}: ${fix} (docs/servers.md › Your own server)`;
}

/** Rules across keys: placeholders only for settings taken, sysctls only for what they can set, expressions that evaluate. */
function consistencyProblem(file: z.output<typeof schema>): string | null {
  const { keepalive } = file;
  const placeholders = { idle: 'idle', interval: 'interval', count: 'count', userTimeoutMs: 'user-timeout' } as const;
  for (const [placeholder, taken] of Object.entries(placeholders)) {
    if (keepalive.arguments.some((word) => word.includes(`{${placeholder}}`)) && !keepalive.takes.includes(taken)) {
      return `'keepalive.arguments' uses {${placeholder}} but 'keepalive.takes' does not list ${taken}: add it, or drop the placeholder`;
    }
  }
  if (keepalive.sysctls && keepalive.arguments.length > 0) return "'keepalive' has both sysctls and arguments: a server takes its keepalive one way";
  if (keepalive.sysctls && keepalive.takes.includes('user-timeout')) return "'keepalive.takes' lists user-timeout, which no namespace sysctl sets: drop it";
  const names = { idle: 1, interval: 1, count: 1, userTimeout: 0 };
  for (const [name, expression] of Object.entries(keepalive.applies)) {
    try {
      evaluate(expression, names);
    } catch (error) {
      if (error instanceof ExpressionError) return `'keepalive.applies.${name}' ${error.message}`;
      throw error;
    }
  }
  return null;
}
