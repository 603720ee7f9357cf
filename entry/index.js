// The library's entry point (`import … from 'keepalive-lab'`): the Node version first, then the compiled library.
import './node-check.js';

export * from '../dist/lab/index.js';
