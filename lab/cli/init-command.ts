// `init`: a user's project gets a server profile with its image, a vitest test and a CI job, ready to run — the
// package's worked examples under the user's name — and is told what to do next. It writes nothing when a file it
// would write is there already, unless told to overwrite.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import { columns } from '../format/format.ts';
import { INIT_DIR, type InitFile, initFiles } from './init-files.ts';

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export async function initCommand(name: string, flags: { force?: boolean }, project = process.cwd()): Promise<number> {
  if (!NAME.test(name)) throw new UsageError(`init: the server's name '${name}' must be lowercase letters, digits and dashes, e.g. my-server`);
  const manifest = join(project, 'package.json');
  if (!existsSync(manifest)) throw new UsageError(`init: no package.json in ${project}: run it in your project's root (npm init -y makes one)`);
  const files = await initFiles(name);
  const there = (file: InitFile) => existsSync(join(project, file.path));
  const clashing = files.filter((file) => !file.shared && there(file));
  if (clashing.length > 0 && !flags.force) {
    const more = clashing.length > 1 ? ` (and ${clashing.length - 1} more of the files init writes)` : '';
    throw new UsageError(
      `init: ${clashing[0]!.path} is there already${more}: give another server another name (init <name>), or run init again with --force to overwrite`,
    );
  }
  const kept = files.filter((file) => file.shared && there(file) && !flags.force);
  for (const file of files.filter((file) => !kept.includes(file))) {
    await mkdir(dirname(join(project, file.path)), { recursive: true });
    await writeFile(join(project, file.path), file.text);
  }
  process.stdout.write(`${listed(files, kept)}\n\n${nextSteps(name, missingPackages(manifest))}\n`);
  return EXIT.pass;
}

/** What init wrote, and what it kept because an earlier init had written it. */
function listed(files: InitFile[], kept: InitFile[]): string {
  return `Wrote:\n${columns(files.map((file) => [file.path, kept.includes(file) ? "kept as it was (it runs every server's test)" : file.says]))}`;
}

/** The packages the test imports that the project's package.json does not list. */
function missingPackages(manifest: string): string[] {
  const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
  return ['keepalive-lab', 'vitest'].filter((name) => !(name in dependencies) && !(name in devDependencies));
}

function nextSteps(name: string, missing: string[]): string {
  const steps: [string, string][] = [
    ...(missing.length > 0 ? [[`npm install --save-dev ${missing.join(' ')}`, 'the test imports them'] as [string, string]] : []),
    ['npx keepalive-lab list --servers', 'your profile, checked, beside the built-in ones'],
    [`npx vitest run ${INIT_DIR}`, 'two runs against the stand-in server (about 20 s; the first also builds its image)'],
  ];
  return `Next:\n${columns(steps)}
Then make ${join(INIT_DIR, name, 'profile.yaml')} your server's (docs/servers.md › Your own server); every run's report lands in reports/.`;
}
