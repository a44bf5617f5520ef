import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The import rules of server/src (DESIGN.md §2), as data. Paths are relative to server/src.
 * Test files (*.test.ts) and test/ are scanned as targets but never as importers: they may import anything.
 */

/** Layers, lowest first: a file may import its own layer or a lower one. */
const LAYERS: { name: string; why: string; matches: (file: string) => boolean }[] = [
  {
    name: 'base',
    why: 'config, coded errors, facts, the schema and infrastructure drivers know nothing of the app',
    matches: (f) =>
      ['config.ts', 'errors.ts', 'facts.ts', 'version.ts'].includes(f) ||
      f.startsWith('db/') ||
      f.startsWith('platform/'),
  },
  {
    name: 'context',
    why: 'the AppContext is assembled from drivers and handed to everything above',
    matches: (f) => f === 'context.ts',
  },
  {
    name: 'access',
    why: 'permission rules sit under every feature so each use case checks them with one call',
    matches: (f) => f.startsWith('access/'),
  },
  {
    name: 'http',
    why: 'HTTP plumbing (auth, replies, pagination) is shared by every feature route and knows no feature',
    matches: (f) => f.startsWith('http/') || f.startsWith('plugins/'),
  },
  {
    name: 'features',
    why: 'features are the use cases; only the app assembles them',
    matches: (f) => f.startsWith('features/'),
  },
  {
    name: 'entry',
    why: 'entry points wire everything together and nothing imports them back',
    matches: (f) =>
      ['app.ts', 'main.ts', 'side-effects.ts'].includes(f) || f.startsWith('cli/') || f.startsWith('test/'),
  },
];

/** A feature's public face: what another feature may import from it. Everything else is private to it. */
const FEATURE_PUBLIC_FILES = [
  'service.ts', // its use cases
  'present.ts', // its answer shapes
];

/** Cycles are refused outright, type-only edges included: they blur which module depends on which. */
const COUNT_TYPE_ONLY_EDGES_IN_CYCLES = true;

/**
 * Edges that break a rule but are tolerated for now, as exact "from -> to" strings. Empty since
 * issue 9; the last test fails when a listed edge no longer breaks a rule, so the list only shrinks.
 */
const KNOWN_VIOLATIONS: string[] = [];

const SRC = dirname(fileURLToPath(import.meta.url));

const isTestFile = (file: string) => file.endsWith('.test.ts') || file.startsWith('test/');

function listTsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative(SRC, path)] : [];
  });
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** The module specifiers a file imports or re-exports, static or dynamic, with whether the edge is type-only. */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const namedAllTypes =
        !!clause?.namedBindings &&
        ts.isNamedImports(clause.namedBindings) &&
        clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((e) => e.isTypeOnly) &&
        !clause.name;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: !!clause?.isTypeOnly || namedAllTypes });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Resolves a relative specifier to a file of server/src, or undefined for packages and outside files. */
function resolveLocal(from: string, specifier: string, files: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(SRC, resolve(SRC, dirname(from), specifier));
  const candidates = [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')];
  return candidates.find((c) => files.has(c));
}

function scan() {
  const all = listTsFiles(SRC).sort();
  const files = new Set(all);
  const importers = all.filter((f) => !isTestFile(f));
  const edges: Edge[] = [];
  for (const from of importers) {
    for (const { specifier, typeOnly } of importsOf(from)) {
      const to = resolveLocal(from, specifier, files);
      if (to && to !== from) edges.push({ from, to, typeOnly });
    }
  }
  return { importers, edges };
}

const layerOf = (file: string) => LAYERS.findIndex((layer) => layer.matches(file));
const featureOf = (file: string) => /^features\/([^/]+)\//.exec(file)?.[1];
const edgeName = (e: { from: string; to: string }) => `${e.from} -> ${e.to}`;

function layerViolations(edges: Edge[]): string[] {
  return edges
    .filter((e) => layerOf(e.to) > layerOf(e.from))
    .map(
      (e) =>
        `${edgeName(e)}  (${LAYERS[layerOf(e.from)]?.name} may not import ${LAYERS[layerOf(e.to)]?.name})`,
    );
}

function featureFaceViolations(edges: Edge[]): string[] {
  return edges
    .filter((e) => {
      const [a, b] = [featureOf(e.from), featureOf(e.to)];
      if (!a || !b || a === b) return false;
      return !FEATURE_PUBLIC_FILES.includes(e.to.slice(`features/${b}/`.length));
    })
    .map((e) => `${edgeName(e)}  (private to features/${featureOf(e.to)})`);
}

/** Every elementary cycle is too many to list; one cycle per strongly connected component edge is enough. */
function cycles(edges: Edge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!COUNT_TYPE_ONLY_EDGES_IN_CYCLES && e.typeOnly) continue;
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.to);
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const strongConnect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strongConnect(v);

  // For each edge inside a component, the shortest way back closes one cycle: a -> b -> ... -> a.
  const found = new Set<string>();
  for (const component of components) {
    const members = new Set(component);
    for (const from of [...members].sort()) {
      for (const to of [...(graph.get(from) ?? [])].sort()) {
        if (!members.has(to)) continue;
        const back = shortestPath(graph, members, to, from);
        if (!back) continue;
        const cycle = [from, ...back];
        // Name a cycle from its smallest file so the same cycle is reported once.
        const start = cycle.indexOf([...cycle.slice(0, -1)].sort()[0]!);
        const rotated = [...cycle.slice(start, -1), ...cycle.slice(0, start), cycle[start]!];
        found.add(rotated.join(' -> '));
      }
    }
  }
  return [...found].sort();
}

function shortestPath(graph: Map<string, Set<string>>, within: Set<string>, from: string, to: string) {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift()!;
    if (v === to) {
      const path: string[] = [];
      for (let w: string | null = v; w !== null; w = previous.get(w)!) path.unshift(w);
      return path;
    }
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (within.has(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return undefined;
}

/** The offending edges of a rule, minus the allow-listed ones; a cycle is excused when one of its edges is. */
function unexcused(lines: string[]): string[] {
  return lines.filter((line) => !edgesOfLine(line).some((edge) => KNOWN_VIOLATIONS.includes(edge)));
}

/** The "from -> to" edges a reported line is made of (one for a rule, several for a cycle). */
function edgesOfLine(line: string): string[] {
  const steps = line.split('  (')[0]!.split(' -> ');
  return steps.slice(0, -1).map((from, i) => `${from} -> ${steps[i + 1]}`);
}

const report = (title: string, lines: string[]) => `${title}:\n  ${lines.join('\n  ')}`;

describe('architecture of server/src', () => {
  const { importers, edges } = scan();

  it('scans the whole source tree', () => {
    expect(importers.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(300);
  });

  it('places every file in a layer', () => {
    expect(importers.filter((f) => layerOf(f) === -1)).toEqual([]);
  });

  it('has no import cycle', () => {
    const found = unexcused(cycles(edges));
    expect(found, report('import cycles', found)).toEqual([]);
  });

  it('never imports from a higher layer', () => {
    const found = unexcused(layerViolations(edges));
    expect(found, report('imports from a higher layer', found)).toEqual([]);
  });

  it('reaches another feature only through its service.ts or present.ts', () => {
    const found = unexcused(featureFaceViolations(edges));
    expect(found, report('imports of another feature’s private file', found)).toEqual([]);
  });

  it('allow-lists only edges that still break a rule', () => {
    const offending = new Set(
      [...cycles(edges), ...layerViolations(edges), ...featureFaceViolations(edges)].flatMap(edgesOfLine),
    );
    const stale = KNOWN_VIOLATIONS.filter((edge) => !offending.has(edge));
    expect(stale, report('fixed edges to remove from KNOWN_VIOLATIONS', stale)).toEqual([]);
  });
});
