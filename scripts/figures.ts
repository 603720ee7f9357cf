// npm run figures: rewrites what the docs quote about the project from what gives it — the files they show (a block
// after `<!-- file: path -->`), the package's size and file count from `npm pack --dry-run --json` (which builds
// dist/ first), the test count and CI time from the last `bash .ci/run` here (reports/ci-run.json, or the file
// named). Prints each page it changed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { type CiFigures, docPages, type PackFigures, withCiFigures, withFilesShown, withPackFigures } from './doc-figures.ts';

const PACKAGE_PAGE = 'docs/using-it-in-your-project.md';
const CI_PAGE = 'docs/ci.md';
const CI_RECORD = process.argv[2] ?? 'reports/ci-run.json'; // or a fresh clone's, e.g. /tmp/ci/reports/ci-run.json

function rewrite(page: string, change: (text: string) => string): void {
  const before = readFileSync(page, 'utf8');
  const after = change(before);
  if (before === after) return;
  writeFileSync(page, after);
  console.log(`${page}: updated`);
}

for (const page of docPages('.')) {
  rewrite(page, (text) => withFilesShown(text, (path) => readFileSync(path, 'utf8')));
}

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel', 'error'], { encoding: 'utf8' })) as PackFigures[];
rewrite(PACKAGE_PAGE, (text) => withPackFigures(text, pack!));

if (existsSync(CI_RECORD)) {
  const ci = JSON.parse(readFileSync(CI_RECORD, 'utf8')) as CiFigures;
  rewrite(CI_PAGE, (text) => withCiFigures(text, ci));
} else {
  console.log(`${CI_PAGE}: left as it is: no ${CI_RECORD} (bash .ci/run writes it)`);
}
