/**
 * The layering rules of docs/architecture.md, checked on the source: each layer imports only
 * the layers below it, the Azure SDK only in src/azure, and the pure layers do no I/O.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

interface Source {
  readonly layer: string;
  readonly file: string;
  readonly text: string;
  readonly imports: string[];
}

const sources: Source[] = files(SRC).map((file) => {
  const text = readFileSync(file, 'utf8');
  const imports = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? '');
  return { layer: relative(SRC, file).split('/')[0] ?? '', file: relative(SRC, file), text, imports };
});

/** What each layer may import from src/ (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  manifest: ['core'],
  azure: ['core'],
  plan: ['core'],
  drift: ['core', 'plan'],
  export: ['core', 'plan', 'manifest'],
  apply: ['core', 'plan'],
  reconcile: ['core', 'plan', 'drift', 'apply'],
  render: ['core', 'plan', 'drift', 'apply', 'reconcile'],
  workflow: ['core', 'plan', 'azure', 'manifest', 'export', 'drift', 'apply', 'reconcile'],
  emulator: [],
  cli: ['core', 'manifest', 'azure', 'plan', 'drift', 'export', 'apply', 'reconcile', 'render', 'workflow', 'emulator'],
};

function layerOf(source: Source, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = relative(SRC, join(SRC, source.file, '..', spec));
  return target.split('/')[0];
}

describe('architecture', () => {
  it('knows every layer', () => {
    expect([...new Set(sources.map((s) => s.layer))].filter((l) => !l.endsWith('.ts')).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('each layer imports only the layers below it', () => {
    const violations = sources.flatMap((s) =>
      s.imports
        .map((spec) => [spec, layerOf(s, spec)] as const)
        .filter(([, layer]) => layer !== undefined && layer !== s.layer && !(ALLOWED[s.layer] ?? []).includes(layer))
        .map(([spec]) => `${s.file} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('only src/azure imports @azure/arm-kusto and @azure/identity', () => {
    const violations = sources.filter((s) => s.layer !== 'azure' && s.imports.some((i) => i.startsWith('@azure/'))).map((s) => s.file);
    expect(violations).toEqual([]);
  });

  it('the planner, renderers, drift model, exporter and core do no I/O and no logging', () => {
    const io = /^(node:)?(fs|fs\/promises|http|https|net|child_process|readline|readline\/promises|tls|dgram)$/;
    const violations = sources
      .filter((s) => ['core', 'plan', 'render', 'drift', 'export', 'reconcile'].includes(s.layer))
      .flatMap((s) => [
        ...s.imports.filter((i) => io.test(i)).map((i) => `${s.file} imports ${i}`),
        ...(/\bconsole\.|process\.(stdout|stderr|env)\b/.test(s.text) ? [`${s.file} logs or reads the environment`] : []),
      ]);
    expect(violations).toEqual([]);
  });

  it('the check can fail: a forbidden import is reported', () => {
    const fake: Source = { layer: 'plan', file: 'plan/x.ts', text: '', imports: ['../azure/kusto-port.js'] };
    expect(layerOf(fake, fake.imports[0] ?? '')).toBe('azure');
    expect(ALLOWED['plan']).not.toContain('azure');
  });
});
