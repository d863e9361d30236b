/**
 * The architecture checker: reads a source tree (any root, so a test can plant a bad tree in a
 * temporary folder and see the checker catch it) and answers the questions docs/architecture.md
 * makes rules of: which layer imports which, import cycles, crowded folders, long functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { parseAst } from 'rolldown/parseAst';

export interface Module {
  /** Path under the source root, with `/` separators: `plan/planner.ts`. */
  readonly file: string;
  /** The first folder under the root: `plan`. */
  readonly layer: string;
  readonly text: string;
  /** Every specifier the file imports or re-exports, static or dynamic. */
  readonly specifiers: readonly string[];
}

const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
const SIDE_EFFECT_IMPORT = /(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

export function readTree(root: string): Module[] {
  return tsFiles(root)
    .sort()
    .map((path) => {
      const file = relative(root, path).split(sep).join('/');
      const text = readFileSync(path, 'utf8');
      const specifiers = [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC_IMPORT), ...text.matchAll(SIDE_EFFECT_IMPORT)].map((m) => m[1] ?? '');
      return { file, layer: file.includes('/') ? (file.split('/')[0] ?? '') : '', text, specifiers };
    });
}

/** The file a relative specifier names (`./x.js` → `plan/x.ts`), or undefined for a package. */
export function target(from: Module, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(from.file), specifier)).replace(/\.js$/, '.ts');
}

/** layer → the other layers it imports, as the code has it. */
export function layerImports(modules: readonly Module[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const m of modules) {
    const set = edges.get(m.layer) ?? new Set<string>();
    edges.set(m.layer, set);
    for (const s of m.specifiers) {
      const layer = target(m, s)?.split('/')[0];
      if (layer !== undefined && layer !== m.layer) set.add(layer);
    }
  }
  return edges;
}

/** Imports the rules do not allow, as `file imports specifier (layer → layer)`. */
export function forbiddenImports(modules: readonly Module[], allowed: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  return modules.flatMap((m) =>
    m.specifiers.flatMap((s) => {
      const layer = target(m, s)?.split('/')[0];
      if (layer === undefined || layer === m.layer || allowed.get(m.layer)?.has(layer)) return [];
      return [`${m.file} imports ${s} (${m.layer} → ${layer} is not allowed)`];
    }),
  );
}

/** Allowed imports no file makes: a rule wider than the code. */
export function unusedPermissions(modules: readonly Module[], allowed: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const used = layerImports(modules);
  return [...allowed].flatMap(([layer, targets]) => [...targets].filter((t) => !used.get(layer)?.has(t)).map((t) => `${layer} → ${t}`));
}

/** The import cycles between files (strongly connected components of more than one file). */
export function importCycles(modules: readonly Module[]): string[][] {
  const graph = new Map(modules.map((m) => [m.file, m.specifiers.flatMap((s) => target(m, s) ?? [])] as const));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      component.push(w);
    }
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Folders holding more than `max` source files at one level. */
export function crowdedFolders(modules: readonly Module[], max: number): string[] {
  const counts = new Map<string, number>();
  for (const m of modules) counts.set(posix.dirname(m.file), (counts.get(posix.dirname(m.file)) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > max).map(([dir, n]) => `${dir}/ has ${n} files`);
}

interface Node {
  readonly type?: string;
  readonly start?: number;
  readonly end?: number;
  readonly id?: { readonly name?: string } | null;
  readonly key?: { readonly name?: string } | null;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Functions longer than `max` lines, outside generated files, as `file:line name (N lines)`. */
export function longFunctions(modules: readonly Module[], max: number): string[] {
  return modules
    .filter((m) => !m.file.includes('.generated.'))
    .flatMap((m) => {
      const lineStarts = [0, ...[...m.text.matchAll(/\n/g)].map((x) => (x.index ?? 0) + 1)];
      const lineOf = (offset: number): number => {
        let lo = 0;
        let hi = lineStarts.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((lineStarts[mid] ?? 0) <= offset) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
      const found: string[] = [];
      const walk = (value: unknown, name: string | undefined): void => {
        if (Array.isArray(value)) return value.forEach((v) => walk(v, name));
        if (value === null || typeof value !== 'object') return;
        const node = value as Node;
        const here = node.type === 'VariableDeclarator' ? node.id?.name : node.type === 'MethodDefinition' || node.type === 'Property' ? node.key?.name : undefined;
        const named = here ?? name;
        if (node.type !== undefined && FUNCTION_TYPES.has(node.type) && node.start !== undefined && node.end !== undefined) {
          const lines = lineOf(node.end) - lineOf(node.start) + 1;
          if (lines > max) found.push(`${m.file}:${lineOf(node.start)} ${node.id?.name ?? named ?? '(anonymous)'} (${lines} lines)`);
        }
        for (const [k, v] of Object.entries(node)) if (k !== 'parent' && typeof v === 'object') walk(v, named);
      };
      walk(parseAst(m.text, { lang: 'ts' }), undefined);
      return found;
    });
}

/**
 * The layer rules as docs/architecture.md writes them: the table between
 * `<!-- layers:begin -->` and `<!-- layers:end -->`, one row per layer, `–` for none.
 */
export function documentedLayers(markdown: string): Map<string, Set<string>> {
  const section = /<!-- layers:begin -->([\s\S]*?)<!-- layers:end -->/.exec(markdown)?.[1] ?? '';
  const rows = section.split('\n').filter((l) => /^\|\s*`src\//.test(l));
  return new Map(
    rows.map((row) => {
      const [layer = '', imports = ''] = row.split('|').slice(1).map((c) => c.trim());
      const names = imports === '–' ? [] : imports.split(',').map((n) => n.trim().replace(/^`src\/|\/`$/g, ''));
      return [layer.replace(/^`src\/|\/`$/g, ''), new Set(names)] as const;
    }),
  );
}

/** Every folder under the root, `emulator/arm` style (the root's own files are ``). */
export function folders(modules: readonly Module[]): string[] {
  return [...new Set(modules.map((m) => posix.dirname(m.file)).filter((d) => d !== '.'))].sort();
}
