// The docs show files as they are: a code block right after `<!-- file: path -->` must be that file, word for word,
// so a page cannot drift from the example init writes and the tests run (npm run figures rewrites the blocks).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './paths.ts';

const BLOCK = /<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g;

const pages = [
  'README.md',
  ...readdirSync(join(PACKAGE_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const shown = pages.flatMap((page) =>
  [...readFileSync(join(PACKAGE_ROOT, page), 'utf8').matchAll(BLOCK)].map((match) => ({ page, file: match[1]!, text: match[2]! })),
);

describe('files the docs show', () => {
  it('are shown somewhere', () => {
    expect(shown.map((block) => block.file)).toContain('docs/examples/dead-clients.test.js');
  });

  it.each(shown.map((block) => [`${block.page} shows ${block.file}`, block] as const))('%s as it is', (_, block) => {
    expect(block.text, 'npm run figures shows the file as it is').toBe(readFileSync(join(PACKAGE_ROOT, block.file), 'utf8'));
  });
});
