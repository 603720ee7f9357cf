// The one Docker client of the lab: dockerode on DOCKER_HOST, or the default socket when it is unset.
import DockerClient from 'dockerode';
import type Docker from 'dockerode';
import { EnvironmentError, firstLine } from '../errors.ts';

let client: Promise<Docker> | undefined;

/** Connects once, and fails with a fix-it message when no engine answers. */
export function docker(): Promise<Docker> {
  client ??= connect();
  return client;
}

async function connect(): Promise<Docker> {
  const dockerode = new DockerClient();
  try {
    await dockerode.ping();
    return dockerode;
  } catch (error) {
    client = undefined;
    const named = process.env.DOCKER_HOST;
    throw new EnvironmentError(
      named
        ? `Docker is not reachable at DOCKER_HOST=${named} (${firstLine(error)}): start that engine, or unset DOCKER_HOST to use the default one`
        : `Docker is not reachable at unix:///var/run/docker.sock (${firstLine(error)}): start the Docker engine (README › Set up and run) or set DOCKER_HOST`,
      { cause: error },
    );
  }
}
