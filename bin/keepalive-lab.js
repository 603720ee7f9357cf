#!/usr/bin/env node
// keepalive-lab's command. First the Node version, before importing anything an older Node cannot load: such a
// Node gets one line saying what it is, what is needed and how to get it — not a loader stack trace. Then, in the
// repository, the TypeScript sources as they are (Node strips their types); installed, the compiled code in dist/.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const needed = manifest.engines.node.replace(/^>=\s*/, '');

function older(version, than) {
  const [a, b] = [version, than].map((text) => text.split('.').map(Number));
  for (let i = 0; i < 3; i += 1) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) < (b[i] || 0);
  return false;
}

if (older(process.versions.node, needed)) {
  process.stderr.write(
    `keepalive-lab: needs Node.js ${needed} or newer, and this is ${process.version}: install a newer one (nvm install 24; without nodejs.org, npm install --prefix ~/.node24 node@24 and put ~/.node24/node_modules/.bin first on PATH)\n`,
  );
  process.exit(2);
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
