// Builds an image from a Dockerfile directory with the engine's build API, and fails when the build fails.
// The engine's build call succeeds even when the build fails (FROM an image no registry serves), and a client that
// trusts it leaves the older image under the tag in place (`images --rebuild` then kept the old base and its
// Node). The engine reports a failure in the build's output stream, so that is what is read here.
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';

interface BuildLine {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export async function buildImage(
  client: Docker,
  context: string,
  tag: string,
  buildargs: Record<string, string>,
  progress: (line: string) => void,
  dockerfile = 'Dockerfile',
  labels: Record<string, string> = {},
): Promise<void> {
  const files = (await readdir(context, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(context, join(entry.parentPath, entry.name)));
  const stream = await client.buildImage({ context, src: files }, { t: tag, buildargs, dockerfile, rm: true, forcerm: true, labels });
  const output = await new Promise<BuildLine[]>((resolve, reject) => {
    client.modem.followProgress(
      stream,
      (error: Error | null, lines: BuildLine[]) => (error ? reject(error) : resolve(lines)),
      (line: BuildLine) => {
        const text = line.stream?.trim();
        if (text && /^Step \d+\/\d+/.test(text)) progress(text);
      },
    );
  });
  const failed = output.find((line) => line.error || line.errorDetail);
  if (failed) throw new Error(failed.errorDetail?.message ?? failed.error);
}
