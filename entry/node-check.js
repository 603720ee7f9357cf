// The Node version, checked before anything an older Node cannot load is imported: the command (bin/) and the
// library's entry points (entry/index.js, entry/vitest.js) import this first, so such a Node gets one line saying
// what it is, what is needed and how to get a newer one, and exit 2 — not a loader stack trace from a dependency.
// Plain JavaScript: it must run on the Node it refuses.
import { readFileSync } from 'node:fs';

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
