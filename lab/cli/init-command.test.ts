// `init` in a project as npm init -y leaves it: the files it writes are the worked examples under the user's name,
// each usable as written (the profile loads, the workflow is valid for GitHub), and list finds the profile. What
// it refuses, it refuses before writing anything. The run of the written test itself is in scenarios/package.test.ts.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadProfile } from '../servers/profile-file.ts';
import { localProfiles } from '../servers/local-profiles.ts';
import { initCommand } from './init-command.ts';
import { listCommand } from './list-command.ts';

let project: string;
let printed: string;

beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 'keepalive-lab-init-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'my-service-tests', version: '1.0.0' }));
  printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
    printed += String(text);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('init', () => {
  it('writes a profile, its image, a test and a CI job under the given name, and says what to run next', async () => {
    expect(await initCommand('billing-api', {}, project)).toBe(0);
    const profile = await loadProfile(join(project, 'keepalive-lab/billing-api/profile.yaml'));
    expect(profile).toMatchObject({ name: 'billing-api', port: 9000, image: { build: join(project, 'keepalive-lab/billing-api') } });
    const text = await readFile(join(project, 'keepalive-lab/billing-api/profile.yaml'), 'utf8');
    expect(text).toContain('npx keepalive-lab run pause-client --server keepalive-lab/billing-api/profile.yaml');
    expect(text).not.toMatch(/echo-server|npm run/);
    expect(existsSync(join(project, 'keepalive-lab/billing-api/Dockerfile'))).toBe(true);
    expect(existsSync(join(project, 'keepalive-lab/billing-api/server.py'))).toBe(true);
    const test = await readFile(join(project, 'keepalive-lab/billing-api.test.js'), 'utf8');
    expect(test).toContain("new URL('./billing-api/profile.yaml', import.meta.url)");
    expect(test).not.toMatch(/^\s*await /m); // at the top level, that is: every await is inside a test
    const workflow = await readFile(join(project, '.github/workflows/keepalive-lab.yml'), 'utf8');
    expect(validateWorkflow(workflow).errors).toEqual([]);
    expect(workflow).toContain('npx vitest run keepalive-lab');
    expect(printed).toContain('npm install --save-dev keepalive-lab vitest');
    expect(printed).toContain('npx vitest run keepalive-lab');
  });

  it('asks to install only what package.json lacks', async () => {
    await writeFile(join(project, 'package.json'), JSON.stringify({ devDependencies: { 'keepalive-lab': '^0.2.0', vitest: '^5.1.1' } }));
    await initCommand('my-server', {}, project);
    expect(printed).not.toContain('npm install');
  });

  it('writes nothing where one of its files is there already, unless --force', async () => {
    await mkdir(join(project, '.github/workflows'), { recursive: true });
    await writeFile(join(project, '.github/workflows/keepalive-lab.yml'), 'mine');
    await mkdir(join(project, 'keepalive-lab'));
    await writeFile(join(project, 'keepalive-lab/my-server.test.js'), 'mine');
    await expect(initCommand('my-server', {}, project)).rejects.toThrow(
      'keepalive-lab/my-server.test.js is there already: give another server another name (init <name>), or run init again with --force to overwrite',
    );
    expect(existsSync(join(project, 'keepalive-lab/my-server'))).toBe(false);
    expect(await initCommand('my-server', { force: true }, project)).toBe(0);
    expect(await readFile(join(project, 'keepalive-lab/my-server.test.js'), 'utf8')).not.toBe('mine');
    expect(await readFile(join(project, '.github/workflows/keepalive-lab.yml'), 'utf8')).not.toBe('mine'); // --force writes the CI job too
  });

  it.each([
    ['My Server', {}, "init: the server's name 'My Server' must be lowercase letters, digits and dashes, e.g. my-server"],
    ['my-server', { noManifest: true }, "no package.json in %s: run it in your project's root (npm init -y makes one)"],
  ])('refuses %j in one line', async (name, { noManifest }: { noManifest?: boolean }, message) => {
    const where = noManifest ? await mkdtemp(join(tmpdir(), 'keepalive-lab-init-')) : project;
    await expect(initCommand(name, {}, where)).rejects.toThrow(message.replace('%s', where));
  });
});

describe('profile files under a directory', () => {
  it('finds the one init wrote, and says what is wrong with one that is not usable', async () => {
    await initCommand('my-server', {}, project);
    await mkdir(join(project, 'broken'));
    await writeFile(
      join(project, 'broken/redis.profile.yaml'),
      (await readFile(join(project, 'keepalive-lab/my-server/profile.yaml'), 'utf8')).replace('port: 9000', 'port: nine-thousand'),
    );
    await mkdir(join(project, 'node_modules/some-package'), { recursive: true });
    await writeFile(join(project, 'node_modules/some-package/profile.yaml'), 'not: searched');
    const found = await localProfiles(project);
    expect(found.map((profile) => profile.path)).toEqual(['broken/redis.profile.yaml', 'keepalive-lab/my-server/profile.yaml']);
    expect(found[0]).toEqual({ path: 'broken/redis.profile.yaml', problem: expect.stringMatching(/^'port' must be .* not "nine-thousand"$/) });
    expect(found[1]).toMatchObject({ profile: { name: 'my-server' } });
    const warned = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await listCommand({ servers: true }, project)).toBe(2); // a check a CI job can run
    expect(printed).toMatch(/^ {2}broken\/redis\.profile\.yaml +not usable: 'port' must be/m);
    expect(warned).toHaveBeenCalledWith('keepalive-lab: broken/redis.profile.yaml is not usable (above): fix it, or move it out of this directory\n');
  });

  it('a second server beside the first: its own files and test, the CI job kept', async () => {
    await initCommand('my-server', {}, project);
    const workflow = join(project, '.github/workflows/keepalive-lab.yml');
    await writeFile(workflow, 'edited');
    expect(await initCommand('other-api', {}, project)).toBe(0);
    expect(existsSync(join(project, 'keepalive-lab/other-api.test.js'))).toBe(true);
    expect(await readFile(workflow, 'utf8')).toBe('edited');
    expect(printed).toMatch(/^ {2}\.github\/workflows\/keepalive-lab\.yml +kept as it was \(it runs every server's test\)$/m);
    await expect(initCommand('other-api', {}, project)).rejects.toThrow(
      'init: keepalive-lab/other-api/profile.yaml is there already (and 3 more of the files init writes): give another server another name (init <name>), or run init again with --force to overwrite',
    );
  });
});
