/**
 * YAML text → documents as located trees (`tree.ts`). Hostile input is refused with a
 * diagnostic rather than a crash or a hang: aliases are expanded under a node budget and
 * refused when cyclic, nesting is capped, duplicate keys and prototype-polluting keys are errors.
 * The YAML 1.2 core schema is forced, so `yes`, `on` and dates stay strings whatever the
 * document's %YAML directive says, and `<<` merge keys are plain keys.
 *
 * Plain block documents (nearly every manifest) are read by the fast path in `block-reader.ts`,
 * which gives the same result; any other text goes to the `yaml` package.
 */
import {
  type Document,
  LineCounter,
  type Node as YamlNode,
  type ParsedNode,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
} from 'yaml';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SourcePosition } from '../../core/model.js';
import { readBlockDocuments } from './block-reader.js';
import { KD, report } from '../codes.js';
import { FORBIDDEN_KEYS, MAX_ALIASES, MAX_DEPTH, MAX_NODES, type ParsedDocument } from './parse-limits.js';
import { type LEntry, type LNode, formatPosition } from './tree.js';

/**
 * Flow nesting (`[[[[...`) at which a file is refused before the YAML parser sees it: the parser
 * would get there, but only after seconds and a gigabyte of memory on a 1 MiB file.
 */
export const MAX_FLOW_DEPTH_SCANNED = 1000;

class Refused extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export function parseManifestText(
  text: string,
  file: string,
): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const plain = readBlockDocuments(text, file);
  return plain !== undefined ? { documents: plain, diagnostics: [] } : parseYaml(text, file);
}

/** The full parser, for any text (the fast path above reads only plain block documents). */
export function parseYaml(text: string, file: string): { documents: ParsedDocument[]; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };

  const runaway = runawayFlowNesting(text, MAX_FLOW_DEPTH_SCANNED);
  if (runaway !== undefined) {
    // The parser has not run, so the line counter knows no lines yet: count them here.
    const before = text.slice(0, runaway);
    const line = before.split('\n').length;
    const where = { file, line, col: runaway - before.lastIndexOf('\n') };
    return { documents, diagnostics: [report(KD.tooDeep, where, MAX_DEPTH)] };
  }

  const parsed = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    logLevel: 'error', // warnings become diagnostics (KD117), never lines the parser prints
    schema: 'core',
    merge: false,
    uniqueKeys: false, // duplicates are found below, where both positions are known
    keepSourceTokens: false,
  });
  // An empty stream (nothing but comments) is an empty array that also carries `errors`.
  if ('empty' in parsed) {
    for (const e of parsed.errors) diagnostics.push(report(KD.yamlSyntax, at(e.pos[0]), firstLine(e.message)));
  }
  const docs: readonly Document.Parsed[] = parsed;

  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const where = at(e.pos[0]);
        diagnostics.push(
          e.code === 'RESOURCE_EXHAUSTION'
            ? report(KD.tooDeep, where, MAX_DEPTH)
            : report(KD.yamlSyntax, where, firstLine(e.message)),
        );
      }
      return;
    }
    for (const w of doc.warnings) diagnostics.push(report(KD.yamlWarning, at(w.pos[0]), firstLine(w.message)));
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null && contents.range[0] === contents.range[1])) {
      return; // an empty document (`---` alone, or comments only)
    }
    const converter = new Converter(doc, at, diagnostics);
    try {
      const root = converter.convert(contents, 0, undefined);
      if (root.type !== 'map') {
        diagnostics.push(report(KD.notMapping, root.pos, describe(root)));
        return;
      }
      if (!converter.failed) documents.push({ file, index, root });
    } catch (err) {
      if (err instanceof Refused) diagnostics.push(err.diagnostic);
      else if (err instanceof RangeError) diagnostics.push(report(KD.tooDeep, at(contents.range[0]), MAX_DEPTH));
      else throw err;
    }
  });
  return { documents, diagnostics };
}

/**
 * The offset where `[`/`{` nesting passes `limit`, or undefined. A rough scan (quotes and
 * comments skipped, nothing else understood): it only has to be fast and never refuse a manifest
 * a person would write.
 */
export function runawayFlowNesting(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      for (i++; i < text.length && text[i] !== ch; i++) if (ch === '"' && text[i] === '\\') i++;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '[' || ch === '{') {
      if (++depth > limit) return i;
    } else if (ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function describe(node: LNode): string {
  if (node.type === 'seq') return 'a list';
  if (node.type === 'scalar') return node.value === null ? 'an empty value' : 'a single value';
  return 'a mapping';
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  private nodes = 0;
  private aliases = 0;
  /** Set when a problem was reported that makes the document unusable. */
  failed = false;
  private readonly expanding = new Set<YamlNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly at: (offset: number) => SourcePosition,
    private readonly diagnostics: Diagnostic[],
  ) {}

  private position(node: YamlNode | null | undefined, fallback: SourcePosition): SourcePosition {
    const range = node?.range;
    return range ? this.at(range[0]) : fallback;
  }

  convert(node: ParsedNode | YamlNode | null, depth: number, fallback: SourcePosition | undefined): LNode {
    const pos = this.position(node, fallback ?? { file: this.at(0).file, line: 1, col: 1 });
    if (depth > MAX_DEPTH) throw new Refused(report(KD.tooDeep, pos, MAX_DEPTH));
    if (++this.nodes > MAX_NODES) {
      throw new Refused(report(KD.aliasLimit, pos, `the document expands to more than ${MAX_NODES} nodes`));
    }
    if (node === null || node === undefined) return { type: 'scalar', pos, value: null, quoted: false };

    if (isAlias(node)) {
      if (++this.aliases > MAX_ALIASES) {
        throw new Refused(report(KD.aliasLimit, pos, `more than ${MAX_ALIASES} aliases in one document`));
      }
      const target = node.resolve(this.doc);
      if (target === undefined) {
        this.failed = true;
        this.diagnostics.push(report(KD.yamlSyntax, pos, `alias *${node.source} has no anchor &${node.source} before it`));
        return { type: 'scalar', pos, value: null, quoted: false };
      }
      if (this.expanding.has(target)) {
        throw new Refused(report(KD.aliasLimit, pos, `alias *${node.source} refers to a node that contains it`));
      }
      this.expanding.add(target);
      try {
        return this.convert(target, depth, pos);
      } finally {
        this.expanding.delete(target);
      }
    }

    if (isScalar(node)) return this.scalar(node, pos);

    if (isSeq(node)) {
      this.expanding.add(node);
      try {
        return { type: 'seq', pos, items: node.items.map((item) => this.convert(item as YamlNode | null, depth + 1, pos)) };
      } finally {
        this.expanding.delete(node);
      }
    }

    if (isMap(node)) {
      this.expanding.add(node);
      try {
        const entries = new Map<string, LEntry>();
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const keyNode = pair.key as YamlNode | null;
          const keyPos = this.position(keyNode, pos);
          const key = this.key(keyNode, keyPos);
          if (key === undefined) continue;
          if (FORBIDDEN_KEYS.has(key)) {
            this.failed = true;
            this.diagnostics.push(report(KD.forbiddenKey, keyPos, key));
            continue;
          }
          const previous = entries.get(key);
          if (previous !== undefined) {
            this.failed = true;
            this.diagnostics.push(report(KD.duplicateKey, keyPos, key, formatPosition(previous.keyPos)));
            continue;
          }
          const value = this.convert(pair.value as YamlNode | null, depth + 1, keyPos);
          entries.set(key, { key, keyPos, value });
        }
        return { type: 'map', pos, entries };
      } finally {
        this.expanding.delete(node);
      }
    }
    throw new Refused(report(KD.yamlSyntax, pos, 'a node of an unknown type'));
  }

  private scalar(node: Scalar, pos: SourcePosition): LNode {
    const v: unknown = node.value;
    const quoted = node.type !== undefined && node.type !== Scalar.PLAIN;
    const source = typeof node.source === 'string' ? { source: node.source } : {};
    if (v === null || typeof v === 'string') return { type: 'scalar', pos, value: v, quoted };
    if (typeof v === 'boolean' || typeof v === 'number') return { type: 'scalar', pos, value: v, quoted, ...source };
    if (typeof v === 'bigint') return { type: 'scalar', pos, value: Number(v), quoted, ...source };
    return { type: 'scalar', pos, value: String(node.source ?? v), quoted };
  }

  /** A mapping key as a string, or undefined (reported) when it is not a plain scalar. */
  private key(node: YamlNode | null, pos: SourcePosition): string | undefined {
    if (node !== null && isScalar(node)) {
      if (node.value === null) {
        this.failed = true;
        this.diagnostics.push(report(KD.badKey, pos, 'empty'));
        return undefined;
      }
      return String(node.value);
    }
    this.failed = true;
    this.diagnostics.push(
      report(KD.badKey, pos, node === null ? 'empty' : isAlias(node) ? 'an alias' : isSeq(node) ? 'a list' : 'a mapping'),
    );
    return undefined;
  }
}
