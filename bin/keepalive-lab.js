#!/usr/bin/env node
// keepalive-lab's command. First the Node version (entry/node-check.js), before importing anything an older Node
// cannot load. `--version` alone is answered here, from package.json, without loading the command line. Otherwise,
// in the repository, the TypeScript sources as they are (Node strips their types); installed, the compiled code in dist/.
import '../entry/node-check.js';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const asked = process.argv.slice(2);
if (asked.length === 1 && (asked[0] === '--version' || asked[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
  process.exit(0);
}

const source = new URL('../lab/cli/main.ts', import.meta.url);
const fromSource = existsSync(fileURLToPath(source));
if (fromSource) {
  // Type stripping may still announce itself as experimental: say nothing of that, pass on any other warning.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'ExperimentalWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
import(fromSource ? source.href : new URL('../dist/lab/cli/main.js', import.meta.url).href).catch((error) => {
  process.stderr.write(`keepalive-lab: could not start: ${error.message.split('\n')[0]}\n`);
  process.exit(2);
});
