// The docs' figures about the project are found where they stand and rewritten in place; a page whose sentence
// has gone is an error, so the figures cannot drift out of reach of npm run figures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packFiguresQuoted, withCiFigures, withFilesShown, withPackFigures } from './doc-figures.ts';

const packagePage = readFileSync('docs/using-it-in-your-project.md', 'utf8');
const ciPage = readFileSync('docs/ci.md', 'utf8');
const pack = { entryCount: 468, size: 331_449, unpackedSize: 1_149_999 };

describe('the figures in the docs', () => {
  it("the package's: sizes in npm's units, rounded so an ordinary change leaves them, the line break kept where it was", () => {
    const updated = withPackFigures(packagePage, pack);
    expect(updated).toMatch(/about 1\.1 MB unpacked, 330 kB packed \(`npm pack --dry-run`\n {2}here: about 470 files/);
    expect(packFiguresQuoted(updated, pack)).toEqual({
      quoted: 'about 1.1 MB unpacked, 330 kB packed (`npm pack --dry-run` here: about 470 files',
      measured: 'about 1.1 MB unpacked, 330 kB packed (`npm pack --dry-run` here: about 470 files',
    });
  });

  it("CI's: the test count, and the time of a run that found the images or of one that built them", () => {
    const found = withCiFigures(ciPage, { passed: 590, failed: 0, skipped: 1, seconds: 371, imagesBuilt: false });
    expect(found).toContain('here `590 passed, 0 failed, 1 skipped`');
    expect(found).toMatch(/About 6 min \(371 s, `bash \.ci\/run` in a fresh clone/);
    const built = withCiFigures(ciPage, { passed: 590, failed: 0, skipped: 1, seconds: 468, imagesBuilt: true });
    expect(built).toMatch(/8 min \(468 s\) with none/);
  });

  it('a page whose sentence has gone is an error', () => {
    expect(() => withPackFigures('no figures here', pack)).toThrow('the package figures: expected one sentence matching');
  });
});

describe('the files the docs show', () => {
  it('are rewritten as they are, each block after its marker', () => {
    const page = 'Before.\n\n<!-- file: a.yml -->\n```yaml\nold: 1\n```\n\nBetween.\n\n<!-- file: b.js -->\n```js\nold();\n```\n';
    const files: Record<string, string> = { 'a.yml': 'new: 2\n', 'b.js': 'fresh();\nagain();\n' };
    expect(withFilesShown(page, (path) => files[path]!)).toBe(
      'Before.\n\n<!-- file: a.yml -->\n```yaml\nnew: 2\n```\n\nBetween.\n\n<!-- file: b.js -->\n```js\nfresh();\nagain();\n```\n',
    );
  });
});
