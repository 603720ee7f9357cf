// The code's shape: no module imports itself back, directly or through others (type-only imports included: a
// cycle of types is still two concepts that cannot be read apart); and lab/'s folders and top-level modules sit in
// layers that import only downwards — the order written once, here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './paths.ts';

const ROOTS = ['lab', 'scenarios', 'containers'];
/** `import … from './x.ts'`, `export … from './x.ts'`, and a pipeline loaded when needed: `await import('./x.ts')`. */
const IMPORT = /(?:(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+|\bimport\()'(\.{1,2}\/[^']+\.ts)'/g;

function sourceFiles(): string[] {
  return ROOTS.flatMap((root) =>
    readdirSync(join(PACKAGE_ROOT, root), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8');
    graph.set(
      relative(PACKAGE_ROOT, file),
      [...text.matchAll(IMPORT)].map((match) => relative(PACKAGE_ROOT, resolve(dirname(file), match[1]!))),
    );
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

/** The run kinds' folders: those the registry (lab/kinds.ts) imports a kind from. A new kind joins their layer by its line there. */
const KINDS = [...readFileSync(join(PACKAGE_ROOT, 'lab/kinds.ts'), 'utf8').matchAll(/^import \{ \w+ \} from '\.\/([\w-]+)\/[\w-]+-kind\.ts'/gm)].map(
  (match) => match[1]!,
);

/**
 * lab/'s units — a folder, or a module at its top — from the top (the command line) to the bottom (formatting). A
 * unit imports only from layers below its own: commands; the API for tests and projects; the run's choices as flags;
 * reports, which compose what every run kind contributes; the dispatcher and what it refuses; the registry of kinds;
 * the run kinds, which may not import each other; the report sections they share; a run's shared parts; judgement;
 * ending rules; faults; observation; Docker; client profiles; server profiles; the timing model; the scenario catalogue; the
 * vocabulary; and formatting. A new folder takes its place here.
 */
const LAYERS = [
  ['cli'],
  ['bench'],
  ['testing', 'index'],
  ['flags'],
  ['report'],
  ['run-scenario'],
  ['timebase', 'kinds'],
  KINDS,
  ['sections'],
  ['run'],
  ['assess'],
  ['prediction-agreement', 'as-shipped'],
  ['verdict', 'scenario-capabilities'],
  ['endings'],
  ['faults'],
  ['observe'],
  ['runtime'],
  ['clients'],
  ['servers'],
  ['model'],
  ['catalogue'],
  ['scenario', 'roles', 'capabilities'],
  ['mechanism', 'config', 'clock', 'errors', 'paths'],
  ['exit-codes', 'format'],
];

/** 'lab/observe/facts.ts' → 'observe', 'lab/assess.ts' → 'assess'; null outside lab/. */
function unitOf(file: string): string | null {
  const parts = file.split('/');
  if (parts[0] !== 'lab') return null;
  return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.ts$/, '');
}

/** Every import from one unit of lab/ to another that does not go to a lower layer, or from a unit no layer holds. */
function upwardImports(graph: Map<string, string[]>): string[] {
  const layerOf = (unit: string) => LAYERS.findIndex((layer) => layer.includes(unit));
  const found: string[] = [];
  for (const [file, imports] of graph) {
    const from = unitOf(file);
    if (from === null) continue;
    if (layerOf(from) < 0) found.push(`${file}: ${from} is in no layer`);
    for (const target of imports) {
      const to = unitOf(target);
      if (to === null || to === from) continue;
      if (layerOf(to) <= layerOf(from)) found.push(`${file} → ${target}: ${from} may not import ${to}`);
    }
  }
  return found;
}

describe('import graph', () => {
  it('finds the modules and their imports, those loaded when needed too', () => {
    const graph = importGraph();
    expect(graph.get('lab/scenario-capabilities.ts')).toContain('lab/faults/index.ts');
    expect(graph.get('lab/single/single-kind.ts')).toContain('lab/single/run-single.ts');
  });

  it('finds the run kinds in their registry', () => {
    expect(KINDS).toEqual(expect.arrayContaining(['crowd', 'middlebox', 'single']));
  });

  it('has no cycles', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it("imports only downwards between lab's layers", () => {
    expect(upwardImports(importGraph())).toEqual([]);
  });

  it('would report an import upwards, sideways, or from a unit no layer holds', () => {
    const graph = new Map([
      ['lab/model/a.ts', ['lab/report/b.ts']],
      ['lab/crowd/c.ts', ['lab/middlebox/d.ts']],
      ['lab/novel/e.ts', []],
    ]);
    expect(upwardImports(graph)).toEqual([
      'lab/model/a.ts → lab/report/b.ts: model may not import report',
      'lab/crowd/c.ts → lab/middlebox/d.ts: crowd may not import middlebox',
      'lab/novel/e.ts: novel is in no layer',
    ]);
  });

  it('would report one', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual(['a → b → c → a']);
  });
});
