// The docs as a reader meets them: every relative link resolves — to a file, and to a heading where it names one —
// and a code block right after `<!-- file: path -->` is that file, word for word, so a page cannot drift from the
// example init writes and the tests run (npm run figures rewrites the blocks).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docPages, filesShown } from '../scripts/doc-figures.ts';
import { PACKAGE_ROOT } from './paths.ts';

const pages = docPages(PACKAGE_ROOT);
const shown = pages.flatMap((page) => filesShown(readFileSync(join(PACKAGE_ROOT, page), 'utf8')).map((block) => ({ page, ...block })));

describe('files the docs show', () => {
  it('are shown somewhere', () => {
    expect(shown.map((block) => block.file)).toContain('docs/examples/echo-server.test.js');
  });

  it.each(shown.map((block) => [`${block.page} shows ${block.file}`, block] as const))('%s as it is', (_, block) => {
    expect(block.text, 'npm run figures shows the file as it is').toBe(readFileSync(join(PACKAGE_ROOT, block.file), 'utf8'));
  });
});

/** GitHub's anchor for a heading: lowercase, punctuation but dashes dropped, spaces to dashes. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchorsIn(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!.replace(/`/g, ''))));
}

/** Every relative link of a page, with what is wrong with it, if anything. */
function brokenLinks(page: string): string[] {
  const text = readFileSync(join(PACKAGE_ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((link) => !/^[a-z]+:/.test(link))
    .flatMap((link) => {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? join(PACKAGE_ROOT, page) : join(PACKAGE_ROOT, dirname(page), path);
      if (!existsSync(target)) return [`${link}: no ${relative(PACKAGE_ROOT, target)}`];
      if (anchor && statSync(target).isFile() && !anchorsIn(target).has(anchor)) return [`${link}: no heading #${anchor}`];
      return [];
    });
}

describe('links in the docs', () => {
  it.each(['CONTRIBUTING.md', ...pages])('%s: every relative link resolves', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });
});
