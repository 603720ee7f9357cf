// `keepalive-lab/vitest`'s entry point: the Node version first, then the compiled helpers.
import './node-check.js';

export * from '../dist/lab/testing/vitest.js';
