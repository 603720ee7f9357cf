// What the docs quote about the project itself — the package's size and file count, the test count and how long CI
// takes, and the files they show — rewritten from what gives them, so it cannot go stale: each figure has one
// sentence, found by a pattern, and a figure whose sentence is not found is an error, not a skip.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm pack --json` says of the package. */
export interface PackFigures {
  entryCount: number;
  size: number;
  unpackedSize: number;
}

/** What `.ci/run` records of its run (reports/ci-run.json). */
export interface CiFigures {
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** Whether the run built the lab's images (none were there) or found them. */
  imagesBuilt: boolean;
}

/**
 * npm's units, 1000-based, rounded so that an ordinary change leaves them: the unpacked size in MB to a tenth, the
 * packed size to 10 kB, the files to ten (`space` is where the line breaks).
 */
export function packSentence(pack: PackFigures, space = ' '): string {
  const packedKb = Math.round(pack.size / 1e4) * 10;
  const files = Math.round(pack.entryCount / 10) * 10;
  return `about ${(pack.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${packedKb} kB packed (\`npm pack --dry-run\`${space}here: about ${files} files`;
}
const PACK = /about [\d.]+ MB unpacked, \d+ kB packed \(`npm pack --dry-run`(\s+)here: (?:about )?\d+ files/;

export const minutes = (seconds: number) => `${Math.round(seconds / 30) / 2} min`;

const TESTS = /here `\d+ passed, \d+ failed, \d+ skipped`/;
const WITH_IMAGES = /About [\d.]+ min \(\d+ s, `bash \.ci\/run` in a fresh clone/;
const WITHOUT_IMAGES = /[\d.]+ min \(\d+ s\) with none/;

export function withPackFigures(text: string, pack: PackFigures): string {
  return replaceOnce(text, PACK, (_, space: string) => packSentence(pack, space), 'the package figures');
}

export function withCiFigures(text: string, ci: CiFigures): string {
  const tests = replaceOnce(text, TESTS, `here \`${ci.passed} passed, ${ci.failed} failed, ${ci.skipped} skipped\``, 'the test count');
  return ci.imagesBuilt
    ? replaceOnce(tests, WITHOUT_IMAGES, `${minutes(ci.seconds)} (${ci.seconds} s) with none`, 'the CI time without images')
    : replaceOnce(tests, WITH_IMAGES, `About ${minutes(ci.seconds)} (${ci.seconds} s, \`bash .ci/run\` in a fresh clone`, 'the CI time with images');
}

/** The package figures a page quotes now and what the measurement gives, each in one line, to compare. */
export function packFiguresQuoted(text: string, pack: PackFigures): { quoted?: string; measured: string } {
  const match = text.match(PACK);
  return { quoted: match?.[0].replace(/\s+/g, ' '), measured: packSentence(pack) };
}

function replaceOnce(text: string, pattern: RegExp, sentence: string | ((match: string, ...groups: string[]) => string), what: string): string {
  const found = text.match(new RegExp(pattern, 'g')) ?? [];
  if (found.length !== 1) throw new Error(`${what}: expected one sentence matching ${pattern}, found ${found.length}`);
  return typeof sentence === 'string' ? text.replace(pattern, () => sentence) : text.replace(pattern, sentence);
}

/** The pages that may show files: the README and every page in docs/, relative to the repository at `root`. */
export function docPages(root: string): string[] {
  const pages = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'));
  return ['README.md', ...pages.map((name) => `docs/${name}`)];
}

/** A code block right after `<!-- file: path -->` shows that file as it is (lab/docs.test.ts checks it). */
const SHOWN_FILE = /(<!-- file: (\S+) -->\n```\w*\n)([\s\S]*?)```\n/g;

/** Each file a page shows, and the text it shows for it. */
export function filesShown(text: string): { file: string; text: string }[] {
  return [...text.matchAll(SHOWN_FILE)].map((match) => ({ file: match[2]!, text: match[3]! }));
}

export function withFilesShown(text: string, read: (path: string) => string): string {
  return text.replace(SHOWN_FILE, (_, opening: string, path: string) => `${opening}${read(path)}\`\`\`\n`);
}
