// Prints vitest's JSON result as one plain closing line: "Tests: N passed, N failed, N skipped"; with --record,
// also writes the run's figures (those counts, --seconds, --images-built) for `npm run figures`, and says when
// docs/ci.md quotes other counts.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { seconds: { type: 'string' }, 'images-built': { type: 'string' }, record: { type: 'string' } },
});
const result = JSON.parse(readFileSync(positionals[0], 'utf8'));
const counts = { passed: result.numPassedTests, failed: result.numFailedTests, skipped: result.numPendingTests + result.numTodoTests };
const line = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
console.log(`Tests: ${line}`);
if (values.record) {
  writeFileSync(values.record, `${JSON.stringify({ ...counts, seconds: Number(values.seconds), imagesBuilt: values['images-built'] === 'true' })}\n`);
  const quoted = readFileSync('docs/ci.md', 'utf8').match(/here `(\d+ passed, \d+ failed, \d+ skipped)`/)?.[1];
  if (quoted !== line) console.log(`docs/ci.md quotes ${quoted ?? 'no test count'}: npm run figures writes this run's figures there`);
}
if (result.numTotalTests === 0) process.exit(1);
