/**
 * The fast path for plain block documents reads exactly what the full YAML parser reads: on
 * generated texts full of near-misses (odd indentation, flow collections, every kind of plain
 * value the core schema resolves, quotes, comments, document markers, tabs, duplicate and
 * forbidden keys, keys about the full parser's 1,024-character bound, documents about the depth and
 * node limits), whenever it accepts a text, the full parser finds no problem in it and
 * returns the same documents, node for node and position for position. And it does accept the
 * manifests people write, or it would be no fast path at all.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBlockDocuments } from '../../src/manifest/yaml/block-reader.js';
import { parseManifestText, parseYaml } from '../../src/manifest/yaml/parse.js';

type Tree = string | { readonly seq: readonly Tree[] } | { readonly map: readonly (readonly [string, Tree])[] };

const GOOD_KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'spec', 'name', 'labels', 'tableName', 'kustodian.io/protect', 'a-b', '_k', 'k9'];
const GOOD_VALUES = ['v', 'a b', 'a#b', 'a # c', '0', '12', 'true', 'False', '~', '', '${X}', '"q"', "'it''s'", '[a, b]', '[]', '{ a: b }', 'x-opt', '/s/0/rg'];
/** Keys about the full parser's bound on an implicit key (1,024 characters to the `:`). */
const LONG_KEYS = [1000, 1023, 1024, 1025, 1100].map((n) => 'k'.repeat(n));
const KEYS = ['a', 'b', 'spec', 'x.y/z', 'a-b', '_k', 'k9', 'true', 'Null', '~', '12', '1e3', '__proto__', 'a b', '"q"', "'s'", '-k', '.k', 'k#', '? k', '${K}', ...LONG_KEYS];

const VALUES = [
  'v', 'a b', 'a#b', 'a #b', 'a  # c', 'a: b', 'a:', 'a:b', ':a', '-a', '- a', '?a', '#', '', ' ',
  '0', '12', '0012', '-3', '+4', '1.5', '.5', '5.', '1e3', '1E-2', '0x1F', '0X1F', '0o17', '0o8', '.inf', '-.Inf', '.NaN', '.nan', '99999999999999999999',
  'true', 'True', 'TRUE', 'tRue', 'false', 'yes', 'no', 'on', 'null', 'Null', 'NULL', 'nUll', '~',
  '${X}', '$${X}', '{a}', '[a]', 'a[b]', 'a{b}', 'x-opt-enqueued-time', '/subscriptions/0/resourceGroups/rg',
  '"q"', '"q" # c', '"a\\"b"', '"a\\tb"', '"a#b"', '"a: b"', '"unclosed', "'s'", "'it''s'", "'it's'", "'unclosed", '"q"x', "'s' #c", '"x"#c',
  `{ ${LONG_KEYS[4]}: v }`, `[${LONG_KEYS[4]}]`, `{ ${LONG_KEYS[3]}: v, b: ${LONG_KEYS[4]} }`,
  '[a, b]', '[a,b]', '[ a , "b" ]', '[]', '[ ]', '[a, [b]]', '[a, {b: c}]', '[a,]', '[a b, c]', "['x', 12, true]", '[a:b]', '[a # c]', '[a]x', '[a] # c',
  '{ team: platform }', '{a: b, c: d}', '{}', '{ a: }', '{ a }', '{a: b, a: c}', '{ "a": b }', '{a: [b]}', '{ a: 1, b: true }', '{__proto__: x}',
  '&anchor v', '*alias', '!tag v', '!!str 12', '|', '>', '|-', '@v', '`v', '%v', ',v', 'a\tb', 'é', 'a\u00a0b',
];

const key = fc.oneof({ arbitrary: fc.constantFrom(...GOOD_KEYS), weight: 8 }, { arbitrary: fc.constantFrom(...KEYS), weight: 1 });

/** A tree of maps, lists and written values, rendered in block style with random choices. */
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.constantFrom(...GOOD_VALUES), weight: 8 },
    { arbitrary: fc.constantFrom(...VALUES), weight: 1 },
    { arbitrary: fc.record({ seq: fc.array(tie('node'), { maxLength: 3 }) }), weight: 1 },
    { arbitrary: fc.record({ map: fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }) }), weight: 2 },
  ),
})).node;

const root = fc.record({ map: fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 5 }) });

interface Style {
  readonly step: number;
  readonly sameIndentLists: boolean;
  readonly compactItems: boolean;
  readonly comments: boolean;
}

function render(node: Tree, indent: number, style: Style, out: string[], lead: string): void {
  const pad = ' '.repeat(indent);
  if (typeof node === 'string') {
    out.push(`${lead}${node}`);
    return;
  }
  if ('seq' in node) {
    if (node.seq.length === 0) {
      out.push(`${lead}[]`);
      return;
    }
    node.seq.forEach((item, i) => {
      const first = i === 0 && lead !== '' && lead.trim() !== '';
      const prefix = first ? lead : pad;
      if (typeof item === 'string') out.push(`${prefix}- ${item}`);
      else if ('map' in item && item.map.length > 0 && style.compactItems) {
        const [k, v] = item.map[0] as readonly [string, Tree];
        renderEntry(k, v, indent + 2, style, out, `${prefix}- `);
        for (const [k2, v2] of item.map.slice(1)) renderEntry(k2, v2, indent + 2, style, out, ' '.repeat(indent + 2));
      } else {
        out.push(`${prefix}-`);
        render(item, indent + style.step, style, out, ' '.repeat(indent + style.step));
      }
    });
    return;
  }
  if (node.map.length === 0) {
    out.push(`${lead}{}`);
    return;
  }
  node.map.forEach(([k, v], i) => renderEntry(k, v, indent, style, out, i === 0 ? lead : pad));
}

function renderEntry(key: string, value: Tree, indent: number, style: Style, out: string[], lead: string): void {
  if (typeof value === 'string') {
    out.push(`${lead}${key}: ${value}`);
    return;
  }
  out.push(`${lead}${key}:${style.comments ? '  # about it' : ''}`);
  if (style.comments) out.push(`${' '.repeat(indent + 1)}# a comment line`);
  const child = 'seq' in value && style.sameIndentLists ? indent : indent + style.step;
  render(value, child, style, out, ' '.repeat(child));
}

/** Line-level damage: what hand edits and hostile files do to otherwise fine documents. */
const anyDamage = fc.array(
  fc.tuple(
    fc.nat(40),
    fc.constantFrom('indent+1', 'indent-1', 'tab', 'crlf', 'trailing', 'duplicate', 'marker', 'end', 'bad-marker', 'directive', 'blank', 'comment', 'delete'),
  ),
  { minLength: 1, maxLength: 3 },
);
const damage = fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: anyDamage, weight: 1 });

function applyDamage(lines: string[], edits: readonly (readonly [number, string])[]): string[] {
  const out = [...lines];
  for (const [n, edit] of edits) {
    const i = n % Math.max(out.length, 1);
    const line = out[i] ?? '';
    switch (edit) {
      case 'indent+1': out[i] = ` ${line}`; break;
      case 'indent-1': out[i] = line.replace(/^ /, ''); break;
      case 'tab': out[i] = line.replace(/^( *)/, '$1\t'); break;
      case 'crlf': out[i] = `${line}\r`; break;
      case 'trailing': out[i] = `${line}   `; break;
      case 'duplicate': out.splice(i, 0, line); break;
      case 'marker': out.splice(i, 0, '---'); break;
      case 'end': out.splice(i, 0, '...'); break;
      case 'bad-marker': out.splice(i, 0, '--- a: b'); break;
      case 'directive': out.splice(0, 0, '%YAML 1.2', '---'); break;
      case 'blank': out.splice(i, 0, '   '); break;
      case 'comment': out.splice(i, 0, '#'); break;
      case 'delete': out.splice(i, 1); break;
    }
  }
  return out;
}

const texts = fc
  .tuple(
    fc.array(root, { minLength: 1, maxLength: 3 }),
    fc.record({ step: fc.integer({ min: 1, max: 4 }), sameIndentLists: fc.boolean(), compactItems: fc.boolean(), comments: fc.boolean() }),
    fc.boolean(),
    damage,
  )
  .map(([docs, style, leadingMarker, edits]) => {
    const lines: string[] = [];
    docs.forEach((doc, i) => {
      if (i > 0 || leadingMarker) lines.push('---');
      render(doc, 0, style, lines, '');
    });
    return applyDamage(lines, edits).join('\n');
  });

describe('the fast path for plain block documents', () => {
  it('reads what the full parser reads, whenever it reads a text at all', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(texts, (text) => {
        runs++;
        const fast = readBlockDocuments(text, 'm.yaml');
        if (fast === undefined) return;
        accepted++;
        const full = parseYaml(text, 'm.yaml');
        expect(full.diagnostics, text).toEqual([]);
        expect(fast, text).toEqual(full.documents);
      }),
      { numRuns: 4000 },
    );
    // Most generated texts hold something outside the subset (about a fifth are read here); a fair share must be,
    // or the comparison above would prove nothing.
    expect(accepted).toBeGreaterThan(runs / 10);
  });

  it('reads what the full parser reads on texts made of YAML tokens at random', () => {
    const tokens = ['a', 'k', '1', '0', ' ', '  ', ':', ': ', '-', '- ', '#', ' #', '\n', '\n', '\n  ', '\n- ', '"', "'", '[', ']', '{', '}', ',', '.', '~', 'true', 'null', '---\n', 'x: ', 'y:\n  ', '$', '/', '?', '!', '&', '*', '|', '>', '%', '@', '+'];
    const text = fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 30 })).map(([key, t]) => (key ? 'a: ' : '') + t.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const fast = readBlockDocuments(t, 'm.yaml');
        if (fast === undefined) return;
        const full = parseYaml(t, 'm.yaml');
        expect(full.diagnostics, t).toEqual([]);
        expect(fast, t).toEqual(full.documents);
      }),
      { numRuns: 20000 },
    );
  });

  it('agrees with the full parser about the length of an implicit key, in every place a key is read', () => {
    const places: readonly ((k: string) => string)[] = [
      (k) => `${k}: v\n`,
      (k) => `a:\n  ${k}: v\n`,
      (k) => `a:\n  ${k}:\n    b: 1\n`,
      (k) => `a:\n- ${k}: v\n`,
      (k) => `a:\n- b: 1\n  ${k}: v\n`,
      (k) => `a:\n  -   ${k}: v\n`,
      (k) => `a: { ${k}: v }\n`,
      (k) => `a: { b: 1, ${k}: v }\n`,
      (k) => `a: [${k}]\n`,
      (k) => `a: ${k}\n`,
      (k) => `a:\n${k}: v\n`,
      (k) => `a: \n${k}: v\n---\na: v\n`,
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 1100 }), fc.constantFrom(...places), fc.constantFrom('k', 'a.b/c-d_'), (n, place, unit) => {
        const text = place(unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
        const fast = readBlockDocuments(text, 'm.yaml');
        if (fast === undefined) return;
        const full = parseYaml(text, 'm.yaml');
        expect(full.diagnostics, text).toEqual([]);
        expect(fast, text).toEqual(full.documents);
      }),
      { numRuns: 1000 },
    );
    // The full parser's bound moves with what precedes the key: after an empty value a key of
    // 1,024 characters is refused already. The fast path reads keys up to 1,000 and leaves the
    // rest to it.
    expect(readBlockDocuments(`${'k'.repeat(1000)}: v\n`, 'm.yaml')).toBeDefined();
    expect(readBlockDocuments(`${'k'.repeat(1001)}: v\n`, 'm.yaml')).toBeUndefined();
    expect(parseYaml(`${'k'.repeat(1025)}: v\n`, 'm.yaml').diagnostics.map((d) => d.code)).toEqual(['KD110']);
    expect(parseYaml(`a:\n${'k'.repeat(1024)}: v\n`, 'm.yaml').diagnostics.map((d) => d.code)).toEqual(['KD110']);
  });

  it('agrees with the full parser at the depth and node limits', () => {
    const nestedMaps = (d: number): string => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k:\n`).join('') + `${' '.repeat(d)}v: 1\n`;
    const nestedLists = (d: number): string => `a:\n${Array.from({ length: d - 1 }, (_, i) => `${' '.repeat(i + 1)}-\n`).join('')}${' '.repeat(d)}- x\n`;
    const items = (n: number): string => `a:\n${'- x\n'.repeat(n)}`;
    const keys = (n: number): string => `a:\n${Array.from({ length: n }, (_, i) => `  k${i}: 1\n`).join('')}`;
    const flow = (n: number): string => `a: [${Array.from({ length: n }, () => 'x').join(', ')}]\n`;
    const cases = [
      ...[30, 31, 32, 33].flatMap((d) => [nestedMaps(d), nestedLists(d)]),
      ...[19_998, 19_999].flatMap((n) => [items(n), keys(n), flow(n)]),
    ];
    let read = 0;
    for (const text of cases) {
      const fast = readBlockDocuments(text, 'm.yaml');
      const full = parseYaml(text, 'm.yaml');
      if (fast === undefined) {
        expect(full.diagnostics.length, text.slice(0, 200)).toBeGreaterThan(0);
        continue;
      }
      read++;
      expect(full.diagnostics, text.slice(0, 200)).toEqual([]);
      expect(fast).toEqual(full.documents);
    }
    expect(read).toBeGreaterThan(0);
  });

  it('reads every document of the example tree, and the loader gets the same from either parser', () => {
    const dir = join(import.meta.dirname, '../fixtures/manifests');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      const fast = readBlockDocuments(text, f);
      expect(fast, f).toBeDefined();
      expect(parseManifestText(text, f)).toEqual(parseYaml(text, f));
    }
  });

  it('leaves to the full parser what it does not read, so problems are reported as before', () => {
    const cases: Record<string, string> = {
      duplicate: 'a: 1\na: 2\n',
      forbidden: 'a:\n  __proto__: x\n',
      alias: 'a: &x 1\nb: *x\n',
      tab: 'a:\n\tb: 1\n',
      multiline: 'a: one\n  two\n',
      nested: 'a: b: c\n',
      list: '- a\n- b\n',
      scalar: 'just words\n',
      float: 'a: 1.5\n',
      hex: 'a: 0x1F\n',
      unicode: 'a: café\n',
      crlf: 'a: 1\r\nb: 2\r\n',
      escape: 'a: "x\\ty"\n',
      block: 'a: |\n  text\n',
      bool: 'true: 1\n',
      quotedKey: '"a": 1\n',
      unclosed: 'a: [b, c\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      expect(readBlockDocuments(text, 'm.yaml'), name).toBeUndefined();
      expect(parseManifestText(text, 'm.yaml'), name).toEqual(parseYaml(text, 'm.yaml'));
    }
  });
});
