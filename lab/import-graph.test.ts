// The code's shape: no module imports itself back, directly or through others (type-only imports included: a
// cycle of types is still two concepts that cannot be read apart).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './runtime/paths.ts';

const ROOTS = ['lab', 'scenarios', 'containers'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+\.ts)'/g;

function sourceFiles(): string[] {
  return ROOTS.flatMap((root) => readdirSync(join(PACKAGE_ROOT, root), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name)));
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    graph.set(relative(PACKAGE_ROOT, file), [...text.matchAll(IMPORT)].map((match) => relative(PACKAGE_ROOT, resolve(dirname(file), match[1]!))));
  }
  return graph;
}

/** Every cycle, as the path that closes it (depth-first, each reported once from where it was found). */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]) => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), node, next].join(' → '));
      else if (!state.has(next)) visit(next, [...path, node]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, []);
  return found;
}

describe('import graph', () => {
  it('finds the modules and their imports', () => {
    const graph = importGraph();
    expect(graph.get('lab/scenario-capabilities.ts')).toContain('lab/faults/index.ts');
  });

  it('has no cycles', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('would report one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a → b → c → a']);
  });
});
