// The image build on a real engine: a build the engine reports as failed must fail, not leave the old image
// in place as if it were new (which made `images --rebuild` keep the previous base and its Node).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage } from '../lab/runtime/build-image.ts';
import { docker } from '../lab/runtime/docker-client.ts';
import { BASE_IMAGE } from '../lab/runtime/images.ts';

async function context(dockerfile: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'keepalive-lab-build-'));
  await writeFile(join(directory, 'Dockerfile'), dockerfile);
  return directory;
}

describe('building an image', () => {
  it("fails with the engine's message when a step fails", async () => {
    const client = await docker();
    const failing = await context(`FROM ${BASE_IMAGE}\nRUN echo about to fail && exit 7\n`);
    await expect(buildImage(client, failing, 'keepalive-lab/build-test:failing', {}, () => {})).rejects.toThrow(/returned a non-zero code: 7/);
    await expect(client.getImage('keepalive-lab/build-test:failing').inspect()).rejects.toThrow(/no such image/i);
  });

  it('passes build arguments and tags the result', async () => {
    const client = await docker();
    const tag = 'keepalive-lab/build-test:arg';
    const steps: string[] = [];
    await buildImage(client, await context(`ARG BASE\nFROM \${BASE}\nLABEL lab.test=yes\n`), tag, { BASE: BASE_IMAGE }, (line) => steps.push(line));
    try {
      expect((await client.getImage(tag).inspect()).Config.Labels).toMatchObject({ 'lab.test': 'yes' });
      expect(steps[0]).toMatch(/^Step 1\/3 : ARG BASE/);
    } finally {
      await client.getImage(tag).remove({ force: true });
    }
  });
});
