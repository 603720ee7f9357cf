import { fileURLToPath } from 'node:url';

/** The repository root (this file is lab/runtime/paths.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const repoPath = (...parts: string[]): string => [REPO_ROOT.replace(/\/$/, ''), ...parts].join('/');
