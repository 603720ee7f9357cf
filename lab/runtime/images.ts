// The lab's two images. keepalive-lab/base (node + iproute2/iptables/nftables/tcpdump/procps) is built from
// containers/base/Dockerfile where a registry answers, else offline from Debian's archive. The agent image is
// tagged by a hash of everything in it (its files, the modules it copies, the base image's id), so a code
// change makes a new tag and the lab builds it on demand.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { EnvironmentError, firstLine } from '../errors.ts';
import { buildImage } from './build-image.ts';
import { docker } from './docker-client.ts';
import { dependencyPath, packagePath } from '../paths.ts';
import { AGENT_REPOSITORY } from '../servers/agent-profile.ts';

export const BASE_IMAGE = 'keepalive-lab/base:latest';
export const BUILD_MODES = ['auto', 'online', 'offline'] as const;
export type BuildMode = (typeof BUILD_MODES)[number];

/**
 * The agent's runtime modules, copied from wherever Node resolves them for the lab — its own node_modules, or an
 * installing project's — so the build needs no registry; ffi-rs's prebuilt binary is the one for Linux on this
 * machine's architecture (the containers run on its kernel).
 */
const AGENT_MODULES = ['net-keepalive', 'ffi-rs'];
const agentNativeModule = () => `@yuuang/ffi-rs-linux-${process.arch}-gnu`;

export interface LabImages {
  base: string;
  agent: string;
}

export interface ImageOptions {
  mode?: BuildMode;
  /** Rebuild the base image even if it exists. */
  rebuild?: boolean;
  progress?: (line: string) => void;
}

/** The label the base image carries: a hash of containers/base, so a changed recipe (a tool added) rebuilds it. */
export const RECIPE_LABEL = 'keepalive-lab.recipe';

export async function ensureImages(options: ImageOptions = {}): Promise<LabImages> {
  const client = await docker();
  const progress = options.progress ?? (() => {});
  const recipe = await hashDirectory(packagePath('containers', 'base'), 'base');
  const built = await baseRecipe(client);
  if (built !== undefined && built !== recipe && !options.rebuild)
    progress(`${BASE_IMAGE} was built from an older recipe (containers/base changed): rebuilding it`);
  if (options.rebuild || built !== recipe) await buildBase(client, options.mode ?? 'auto', recipe, progress);
  const agent = await ensureAgentImage(client, progress);
  return { base: BASE_IMAGE, agent };
}

/** The recipe hash the base image was built from; undefined when there is no base image, '' when it carries none. */
async function baseRecipe(client: Docker): Promise<string | undefined> {
  try {
    return (await client.getImage(BASE_IMAGE).inspect()).Config.Labels?.[RECIPE_LABEL] ?? '';
  } catch {
    return undefined;
  }
}

export async function imageExists(client: Docker, name: string): Promise<boolean> {
  try {
    await client.getImage(name).inspect();
    return true;
  } catch {
    return false;
  }
}

async function buildBase(client: Docker, mode: BuildMode, recipe: string, progress: (line: string) => void): Promise<void> {
  if (mode !== 'offline') {
    progress(`building ${BASE_IMAGE} from containers/base/Dockerfile`);
    try {
      await buildImage(
        client,
        packagePath('containers', 'base'),
        BASE_IMAGE,
        { NODE_MAJOR: process.versions.node.split('.')[0] ?? '24' },
        progress,
        'Dockerfile',
        { [RECIPE_LABEL]: recipe },
      );
      return;
    } catch (error) {
      if (mode === 'online') {
        throw new EnvironmentError(`building ${BASE_IMAGE} online failed (${firstLine(error)}); where no registry answers, use: npm run images -- --offline`, {
          cause: error,
        });
      }
      progress(`the online build failed (${firstLine(error)}; usually no registry answers): building offline instead`);
    }
  }
  await buildBaseOffline(recipe, progress);
}

async function buildBaseOffline(recipe: string, progress: (line: string) => void): Promise<void> {
  progress(`building ${BASE_IMAGE} offline (debootstrap + this Node ${process.version}, about 30 s)`);
  const build = execa('bash', [packagePath('containers', 'base', 'build-offline.sh'), BASE_IMAGE, process.execPath, `${RECIPE_LABEL}=${recipe}`], {
    all: true,
    reject: false,
  });
  for await (const line of build.iterable({ from: 'all' })) progress(String(line));
  const result = await build;
  if (result.exitCode !== 0) {
    throw new EnvironmentError(`offline build of ${BASE_IMAGE} failed (exit ${result.exitCode}); see the lines above`);
  }
}

async function ensureAgentImage(client: Docker, progress: (line: string) => void): Promise<string> {
  const context = await stageAgentContext();
  try {
    const baseId = (await client.getImage(BASE_IMAGE).inspect()).Id;
    const tag = `${AGENT_REPOSITORY}:${await hashDirectory(context, baseId)}`;
    if (!(await imageExists(client, tag))) {
      progress(`building ${tag} (agent code changed or image missing)`);
      await buildImage(client, context, tag, { BASE_IMAGE }, progress).catch((error: unknown) => {
        throw new EnvironmentError(`building the agent image failed: ${firstLine(error)}`, { cause: error });
      });
    }
    return tag;
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** containers/agent plus the agent's modules, in a temporary build context. */
async function stageAgentContext(): Promise<string> {
  const context = await mkdtemp(join(tmpdir(), 'keepalive-lab-agent-'));
  await cp(packagePath('containers', 'agent'), context, { recursive: true });
  const native = agentNativeModule();
  const sources: [string, () => string][] = [
    ...AGENT_MODULES.map((name): [string, () => string] => [name, () => dependencyPath(name)]),
    [native, () => dirname(createRequire(join(dependencyPath('ffi-rs'), 'package.json')).resolve(`${native}/package.json`))],
  ];
  for (const [name, source] of sources) {
    try {
      await cp(source(), join(context, 'node_modules', name), { recursive: true });
    } catch (error) {
      throw new EnvironmentError(`the agent's module ${name} is not installed (${firstLine(error)}): run npm ci (or npm install) first`, { cause: error });
    }
  }
  return context;
}

/** A short hash of a directory's files (names and contents) and a seed: an image tag that changes with its recipe. */
export async function hashDirectory(directory: string, seed: string, skip: readonly string[] = []): Promise<string> {
  const hash = createHash('sha256').update(seed);
  const skipped = new Set(skip.map((file) => resolve(file)));
  const entries = (await readdir(directory, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && !skipped.has(resolve(entry.parentPath, entry.name)))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of entries)
    hash
      .update(relative(directory, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex').slice(0, 12);
}
