// What every profile file shares, server's or client's: YAML read with its line on a mistake, the keepalive block
// (how the program takes the lab's settings, what the kernel then holds, what it does when given none), and one
// line for the first thing wrong — an unknown key with the key it may mean, or a missing one with what to give.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { ExpressionError, evaluate } from './expression.ts';
import { SETTINGS, type Setting } from './server-profile.ts';

/** An error that tells a missing key from one whose value is wrong (and shows that value). */
export const says = (missing: string, wrong: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `is missing: ${missing}` : `${wrong}, not ${JSON.stringify(issue.input)}`;

export const words = z.array(z.string(), { error: 'must be a list of words, e.g. [redis-server, --port, "6379"]' });
const setting = z.enum(SETTINGS, { error: `must be one of ${SETTINGS.join(', ')}` });

export const nameSchema = z
  .string({ error: says('give the profile a short name', 'must be a short name') })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lowercase letters, digits and dashes' });

export const keepaliveSchema = z.strictObject(
  {
    arguments: words.default([]),
    sysctls: z.boolean().default(false),
    takes: z.array(setting, {
      error: says(`list the settings the program takes (${SETTINGS.join(', ')})`, `must be a list of settings (${SETTINGS.join(', ')})`),
    }),
    applies: z.partialRecord(setting, z.union([z.string(), z.number()]).transform(String)).default({}),
    shipped: z.union([z.enum(['kernel', 'off']), z.partialRecord(setting, z.number())], {
      error: 'is missing: what the program does when the lab sets nothing — kernel, off, or values such as { idle: 300 }',
    }),
    how: z.string({ error: says('say in a sentence how the program sets keepalive', 'must be a sentence') }),
  },
  { error: 'is missing: say how keepalive is set (arguments or sysctls, takes, shipped, how)' },
);

export type KeepaliveBlock = z.output<typeof keepaliveSchema>;

/** A profile file's text as data, or one line naming the file, the line and what is wrong there. */
export function parseProfileYaml(text: string, path: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    const shown = line === undefined ? '' : `: ${JSON.stringify(text.split('\n')[line - 1]?.trim() ?? '')}`;
    const what = (error as Error).message.split('\n')[0]!.replace(/:$/, '');
    throw new UsageError(`${path}: not valid YAML${line === undefined ? '' : ` (line ${line})`}: ${what}${shown}`);
  }
}

/** Checks data against a profile's schema; the first issue as a UsageError naming the file, the key and the fix (`docs`: where to read on). */
export function checkProfile<T extends z.ZodObject>(schema: T, data: unknown, path: string, docs: string): z.output<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UsageError(`${path}: ${describeIssues(schema, parsed.error.issues, docs)}`);
  return parsed.data;
}

/** The first issue in one line; an unknown key comes first (a misspelt key is also a missing one), with the key it may mean. */
function describeIssues(schema: z.ZodObject, issues: z.core.$ZodIssue[], docs: string): string {
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
  if (!unknown) return `'${issues[0]!.path.map(String).join('.') || 'the file'}' ${issues[0]!.message}`;
  const key = unknown.path.map(String).join('.');
  const where = key ? `under '${key}'` : 'at the top level';
  const missing = issues.find(
    (issue) => issue.code === 'invalid_type' && issue.path.length === unknown.path.length + 1 && issue.path.slice(0, -1).join('.') === key,
  );
  // The spelling first: a key missing beside it may be one whose value is wrong (port: nine-thousand), not this one.
  const meant = closestKey(unknown.keys[0]!, keysAt(schema, unknown.path)) ?? (missing ? String(missing.path.at(-1)) : undefined);
  const fix = meant ? `did you mean '${meant}'? Rename it` : 'remove it or fix its spelling';
  return `unknown key '${unknown.keys.join("', '")}' ${where}: ${fix} (${docs})`;
}

/** The keys the schema knows at a path ([] for the top level, ['keepalive'] under it). */
function keysAt(schema: z.ZodObject, path: readonly PropertyKey[]): string[] {
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

/** The placeholders a server's keepalive arguments may hold, and the setting each stands for; a client's env may also hold {idleMs}. */
export const SERVER_PLACEHOLDERS = { idle: 'idle', interval: 'interval', count: 'count', userTimeoutMs: 'user-timeout' } as const;
export const CLIENT_PLACEHOLDERS = { ...SERVER_PLACEHOLDERS, idleMs: 'idle' } as const;

/**
 * Rules across the keepalive block's keys: placeholders (`placed`, the words of the key `where`) only those known
 * (a misspelt one would reach the program as it is) and only for settings taken, expressions that evaluate.
 */
export function keepaliveProblem(
  keepalive: KeepaliveBlock,
  where: string,
  placed: readonly string[],
  placeholders: Readonly<Record<string, Setting>> = SERVER_PLACEHOLDERS,
): string | null {
  const unknown = placed.flatMap((word) => [...word.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!)).find((name) => !(name in placeholders));
  if (unknown !== undefined)
    return `'${where}' uses {${unknown}}, which the lab does not fill in: use ${Object.keys(placeholders)
      .map((name) => `{${name}}`)
      .join(', ')}`;
  for (const [placeholder, taken] of Object.entries(placeholders)) {
    if (placed.some((word) => word.includes(`{${placeholder}}`)) && !keepalive.takes.includes(taken)) {
      return `'${where}' uses {${placeholder}} but 'keepalive.takes' does not list ${taken}: add it, or drop the placeholder`;
    }
  }
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
