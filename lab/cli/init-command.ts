// `init`: a user's project gets a server profile with its image, a vitest test and a CI job, ready to run — the
// package's worked examples under the user's name — and is told what to do next. It writes nothing when a file it
// would write is there already, unless told to overwrite.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import { INIT_DIR, type InitFile, initFiles } from './init-files.ts';

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export async function initCommand(name: string, flags: { force?: boolean }, project = process.cwd()): Promise<number> {
  if (!NAME.test(name)) throw new UsageError(`init: the server's name '${name}' must be lowercase letters, digits and dashes, e.g. my-server`);
  const manifest = join(project, 'package.json');
  if (!existsSync(manifest)) throw new UsageError(`init: no package.json in ${project}: run it in your project's root (npm init -y makes one)`);
  const files = await initFiles(name);
  const there = files.filter((file) => existsSync(join(project, file.path)));
  if (there.length > 0 && !flags.force) {
    const more = there.length > 1 ? ` (and ${there.length - 1} more of the files init writes)` : '';
    throw new UsageError(`init: ${there[0]!.path} is there already${more}: move it away, or run init again with --force to overwrite`);
  }
  for (const file of files) {
    await mkdir(dirname(join(project, file.path)), { recursive: true });
    await writeFile(join(project, file.path), file.text);
  }
  process.stdout.write(`${written(files)}\n\n${nextSteps(name, missingPackages(manifest))}\n`);
  return EXIT.pass;
}

function written(files: InitFile[]): string {
  const width = Math.max(...files.map((file) => file.path.length));
  return `Wrote:\n${files.map((file) => `  ${file.path.padEnd(width)}  ${file.says}`).join('\n')}`;
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
  const width = Math.max(...steps.map(([command]) => command.length));
  return `Next:\n${steps.map(([command, why]) => `  ${command.padEnd(width)}  ${why}`).join('\n')}
Then make ${join(INIT_DIR, name, 'profile.yaml')} your server's (docs/servers.md › Your own server); every run's report lands in reports/.`;
}
