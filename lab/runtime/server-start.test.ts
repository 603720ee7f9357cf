import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashDirectory } from './images.ts';
import { lastLines } from './server-container.ts';

describe('a server that fails to start, in one line', () => {
  it("shows the line that says why, which a crash's stack pushes out of its last lines", () => {
    const crash = [
      'node:internal/modules/cjs/loader:1228',
      '  throw err;',
      "Error: Cannot find module '/app/server.js'",
      '  code: MODULE_NOT_FOUND,',
      '  requireStack: []',
      '}',
      'Node.js v24.21.0',
    ];
    expect(lastLines(crash)).toBe("its first error: Error: Cannot find module '/app/server.js'; its last log lines: requireStack: [] | } | Node.js v24.21.0");
    expect(lastLines(['listening on 9000', 'bye'])).toBe('its last log lines: listening on 9000 | bye');
    expect(lastLines([])).toBe('it logged nothing');
  });
});

describe("a profile's image", () => {
  it('is tagged by its build directory without the profile file: editing the profile rebuilds nothing', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'keepalive-lab-profile-'));
    const profile = join(directory, 'profile.yaml');
    await writeFile(join(directory, 'Dockerfile'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n');
    await writeFile(profile, 'ready: { log: listening }\n');
    const before = await hashDirectory(directory, 'base', [profile]);
    await writeFile(profile, 'ready: { log: listening on 9000, timeoutS: 90 }\n');
    expect(await hashDirectory(directory, 'base', [profile])).toBe(before);
    await writeFile(join(directory, 'Dockerfile'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN true\n');
    expect(await hashDirectory(directory, 'base', [profile])).not.toBe(before);
  });
});
