// The package as a user gets it: packed, installed into a fresh project with its own vitest, and used there —
// the CLI through npx, the API from the project's own test, the files init writes — and refused, in one line, by a
// Node that is too old.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../lab/paths.ts';
import { type PackFigures, packFiguresQuoted } from '../scripts/doc-figures.ts';

const npm = (cwd: string, ...args: string[]) => execa('npm', [...args, '--no-fund', '--no-audit', '--prefer-offline'], { cwd, reject: false });

let project: string;
let packed: PackFigures & { filename: string };
const inProject = (command: string, ...args: string[]) => execa(command, args, { cwd: project, reject: false, preferLocal: true, env: { GITHUB_ACTIONS: '' } });

const OWN_TEST = `import { scenario } from 'keepalive-lab';
import { expectDetectedWithin, runAndReport } from 'keepalive-lab/vitest';
import { test } from 'vitest';

test('a client whose process dies is noticed at once, by its FIN', async () => {
  const run = await runAndReport(scenario('kill-client'), { config: { idleS: 1, intervalS: 1, count: 3 } });
  expectDetectedWithin(run, 1_000, { by: 'fin' });
}, 60_000);
`;

describe('the package in a project of its own', () => {
  beforeAll(async () => {
    const packedInto = await mkdtemp(join(tmpdir(), 'keepalive-lab-pack-'));
    const pack = await npm(PACKAGE_ROOT, 'pack', '--json', '--pack-destination', packedInto);
    expect(pack.exitCode, pack.stderr).toBe(0);
    packed = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m)))[0]; // after the build's own lines
    const tarball = join(packedInto, packed.filename);
    project = await mkdtemp(join(tmpdir(), 'keepalive-lab-user-'));
    // As `npm init -y` makes it: CommonJS, no "type".
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'my-service-tests', version: '1.0.0', main: 'index.js', license: 'ISC' }));
    const install = await npm(project, 'install', tarball, 'vitest@5');
    expect(install.exitCode, install.stderr).toBe(0);
  }, 240_000);

  it("the package's size and file count are what docs/using-it-in-your-project.md says (npm run figures writes them)", async () => {
    const { quoted, measured } = packFiguresQuoted(await readFile(join(PACKAGE_ROOT, 'docs/using-it-in-your-project.md'), 'utf8'), packed);
    expect(quoted, 'the docs quote other figures than npm pack gives: run npm run figures').toBe(measured);
  });

  it('npx keepalive-lab list --json: the catalogue, from compiled code', async () => {
    const list = await inProject('npx', 'keepalive-lab', 'list', '--json');
    expect(list.exitCode, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((scenario) => scenario.name)).toContain('pause-client');
    expect((await inProject('npx', 'keepalive-lab', '--version')).stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('npx keepalive-lab run: a short scenario on real containers, the agent image built from the package', async () => {
    const run = await inProject(
      'npx',
      'keepalive-lab',
      'run',
      'kill-client',
      '--idle',
      '1',
      '--interval',
      '1',
      '--count',
      '3',
      '--json',
      '--report-dir',
      'reports',
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ scenario: 'kill-client', verdict: 'pass', outcome: 'end' });
    expect(result.command).toMatch(/^npx keepalive-lab run kill-client --idle 1 --interval 1 --count 3 /); // as typed in a project
  }, 120_000);

  it("the API from the project's own vitest test, with the assertions of keepalive-lab/vitest", async () => {
    await writeFile(join(project, 'service.test.ts'), OWN_TEST);
    const tests = await inProject('npx', 'vitest', 'run');
    expect(tests.exitCode, `${tests.stdout}\n${tests.stderr}`).toBe(0);
    expect(tests.stdout).toContain('1 passed');
    // Beside the command's run, not over it: two reports of kill-client, the test's reproduced by its library call.
    const reports = (await readdir(join(project, 'reports'))).filter((name) => name.startsWith('kill-client_') && name.endsWith('.md'));
    expect(reports).toHaveLength(2);
    const texts = await Promise.all(reports.map((name) => readFile(join(project, 'reports', name), 'utf8')));
    expect(texts.some((text) => text.includes("runScenario(scenario('kill-client'), { config: { idleS: 1, intervalS: 1, count: 3 } })"))).toBe(true);
    expect(await readFile(join(project, 'reports', 'index.md'), 'utf8')).toMatch(/2 runs;/);
  }, 120_000);

  it('npx keepalive-lab init, then npx vitest run keepalive-lab: the profile, test and CI job it writes work as written', async () => {
    const init = await inProject('npx', 'keepalive-lab', 'init', 'my-server');
    expect(init.exitCode, init.stderr).toBe(0);
    expect(init.stdout).toContain('keepalive-lab/my-server.test.js');
    expect(init.stdout).not.toContain('npm install'); // both packages are in package.json already
    const list = await inProject('npx', 'keepalive-lab', 'list', '--servers');
    expect(list.stdout).toMatch(/^ {2}keepalive-lab\/my-server\/profile\.yaml +my-server: /m);
    const tests = await inProject('npx', 'vitest', 'run', 'keepalive-lab');
    expect(tests.exitCode, `${tests.stdout}\n${tests.stderr}`).toBe(0);
    expect(tests.stdout).toContain('2 passed');
  }, 240_000);

  it('a Node older than the engines field: one line naming both versions and how to get a newer one, exit 2', async () => {
    const old = await mkdtemp(join(tmpdir(), 'keepalive-lab-node20-'));
    expect((await npm(old, 'install', '--prefix', old, 'node@20')).exitCode).toBe(0);
    const refused = await execa(join(old, 'node_modules', '.bin', 'node'), [join(project, 'node_modules', '.bin', 'keepalive-lab'), 'list'], { reject: false });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^keepalive-lab: needs Node\.js 22\.22 or newer, and this is v20\.\d+\.\d+: install a newer one \(.*\)$/);
    // The library and its vitest helpers alike: the same line before any dependency loads, not undici's TypeError.
    for (const entry of ['keepalive-lab', 'keepalive-lab/vitest']) {
      const imported = await execa(join(old, 'node_modules', '.bin', 'node'), ['--input-type=module', '-e', `await import('${entry}')`], {
        cwd: project,
        reject: false,
      });
      expect([imported.exitCode, imported.stderr]).toEqual([2, refused.stderr]);
    }
  }, 120_000);
});
