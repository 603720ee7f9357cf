// The one Docker client of the lab: testcontainers' own connection (DOCKER_HOST, ~/.testcontainers.properties,
// the default socket), so containers started through testcontainers and raw dockerode calls reach one engine.
import DockerClient from 'dockerode';
import type Docker from 'dockerode';
import { getContainerRuntimeClient } from 'testcontainers';
import { EnvironmentError, firstLine } from '../errors.ts';

// Ryuk, testcontainers' reaper, is an image from a registry; the lab labels and removes its own resources.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

let client: Promise<Docker> | undefined;

/** Connects once, and fails with a fix-it message when no engine answers. */
export function docker(): Promise<Docker> {
  client ??= connect();
  return client;
}

async function connect(): Promise<Docker> {
  // testcontainers falls back to the default socket when DOCKER_HOST does not answer: a run would then go ahead on
  // another engine than the one named. Ask the named one first.
  const named = process.env.DOCKER_HOST;
  if (named) {
    await new DockerClient().ping().catch((error: unknown) => {
      client = undefined;
      throw new EnvironmentError(
        `Docker is not reachable at DOCKER_HOST=${named} (${firstLine(error)}): start that engine, or unset DOCKER_HOST to use the default one`,
        { cause: error },
      );
    });
  }
  try {
    const runtime = await getContainerRuntimeClient();
    const dockerode = runtime.container.dockerode;
    await dockerode.ping();
    return dockerode;
  } catch (error) {
    client = undefined;
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    throw new EnvironmentError(`Docker is not reachable at ${where}: start the Docker engine (README › Set up and run) or set DOCKER_HOST`, { cause: error });
  }
}
