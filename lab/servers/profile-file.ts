// A server profile as a YAML file a user writes (the built-in ones are written the same way), checked against
// a schema before anything starts: an unknown or missing key gives one line naming the file, the key and the fix.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { ExpressionError, evaluate } from './expression.ts';
import { type ServerProfile, SETTINGS } from './server-profile.ts';

/** An error that tells a missing key from one whose value is wrong (and shows that value). */
const says = (missing: string, wrong: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `is missing: ${missing}` : `${wrong}, not ${JSON.stringify(issue.input)}`;

const words = z.array(z.string(), { error: 'must be a list of words, e.g. [redis-server, --port, "6379"]' });
const setting = z.enum(SETTINGS, { error: `must be one of ${SETTINGS.join(', ')}` });

const schema = z.strictObject({
  name: z
    .string({ error: says('give the profile a short name', 'must be a short name') })
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lowercase letters, digits and dashes' }),
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
  keepalive: z.strictObject(
    {
      arguments: words.default([]),
      sysctls: z.boolean().default(false),
      takes: z.array(setting, {
        error: says(`list the settings the server takes (${SETTINGS.join(', ')})`, `must be a list of settings (${SETTINGS.join(', ')})`),
      }),
      applies: z.partialRecord(setting, z.union([z.string(), z.number()]).transform(String)).default({}),
      shipped: z.union([z.enum(['kernel', 'off']), z.partialRecord(setting, z.number())], {
        error: 'is missing: what the server does when the lab sets nothing — kernel, off, or values such as { idle: 300 }',
      }),
      how: z.string({ error: says('say in a sentence how the server sets keepalive', 'must be a sentence') }),
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
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    const shown = line === undefined ? '' : `: ${JSON.stringify(text.split('\n')[line - 1]?.trim() ?? '')}`;
    const what = (error as Error).message.split('\n')[0]!.replace(/:$/, '');
    throw new UsageError(`${path}: not valid YAML${line === undefined ? '' : ` (line ${line})`}: ${what}${shown}`);
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

/** The first issue in one line; an unknown key comes first (a misspelt key is also a missing one), with the key it may mean. */
function describeIssues(issues: z.core.$ZodIssue[]): string {
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
  if (!unknown) return `'${issues[0]!.path.map(String).join('.') || 'the file'}' ${issues[0]!.message}`;
  const key = unknown.path.map(String).join('.');
  const where = key ? `under '${key}'` : 'at the top level';
  const missing = issues.find(
    (issue) => issue.code === 'invalid_type' && issue.path.length === unknown.path.length + 1 && issue.path.slice(0, -1).join('.') === key,
  );
  // The spelling first: a key missing beside it may be one whose value is wrong (port: nine-thousand), not this one.
  const meant = closestKey(unknown.keys[0]!, keysAt(unknown.path)) ?? (missing ? String(missing.path.at(-1)) : undefined);
  const fix = meant ? `did you mean '${meant}'? Rename it` : 'remove it or fix its spelling';
  return `unknown key '${unknown.keys.join("', '")}' ${where}: ${fix} (docs/servers.md › Your own server)`;
}

/** The keys the schema knows at a path ([] for the top level, ['keepalive'] under it). */
function keysAt(path: readonly PropertyKey[]): string[] {
  const at = path.length === 0 ? schema : (schema.shape as Record<string, z.ZodType>)[String(path[0])];
  return at ? keysOf(at) : [];
}

/** The keys an object takes, through the unions and defaults around it (ready is one of two objects). */
function keysOf(type: z.ZodType): string[] {
  if (type instanceof z.ZodObject) return Object.keys(type.shape);
  if (type instanceof z.ZodUnion) return [...new Set(type.options.flatMap((option) => keysOf(option as z.ZodType)))];
  if (type instanceof z.ZodDefault || type instanceof z.ZodOptional) return keysOf(type.unwrap() as z.ZodType);
  return [];
}

/** The known key within two edits of a misspelt one (comand → command), if there is one. */
function closestKey(typed: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string) => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const next = [i];
      for (let j = 1; j <= b.length; j += 1) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length]!;
  };
  const [best] = known.map((key) => ({ key, d: distance(typed, key) })).sort((x, y) => x.d - y.d);
  return best && best.d <= 2 ? best.key : undefined;
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
