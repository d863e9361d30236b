/**
 * The fast path of `parse.ts`: reads the plain block YAML that manifests are nearly always
 * written in, about twenty times faster than the full parser, and gives up (undefined) on
 * anything else, which the full parser then reads.
 *
 * What it reads: `---` between documents, `#` comments, block mappings with simple keys
 * (letters, digits, `_ . / -`), block sequences (items that are values or compact mappings), and
 * one-line values: plain, single-quoted, or double-quoted without escapes. Plain values are
 * resolved as YAML 1.2's core schema does (null, booleans, decimal integers, else strings).
 *
 * Everything else makes it give up, so that every problem and every rarely-used feature is left
 * to the full parser and reported exactly as it always was: any character outside printable
 * ASCII (tabs, CR, non-ASCII), directives, anchors, aliases, tags, flow collections, block
 * scalars, multi-line values, escapes, numbers other than decimal integers, keys that are not
 * simple or resolve to something other than a string, duplicate or forbidden keys, block mapping
 * keys longer than the 1,024 characters the full parser allows an implicit key, a root that is
 * not a mapping, indentation the full parser would refuse, and documents past the depth or
 * node limits.
 *
 * What it returns is what the full parser returns for the same text, node for node and
 * position for position (test/manifest/block-reader.test.ts checks this on generated documents).
 */
import type { SourcePosition } from '../../core/model.js';
import { FORBIDDEN_KEYS, MAX_DEPTH, MAX_NODES, type ParsedDocument } from './parse-limits.js';
import type { LEntry, LMap, LNode, LScalar } from './tree.js';

/** Anything outside printable ASCII and line feeds. */
const OUTSIDE_ASCII = /[^\n\x20-\x7e]/;
/** YAML 1.2 core schema: the plain values that are not strings. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const DECIMAL = /^[-+]?[0-9]+$/;
/** Octal, hexadecimal, infinities, NaN, exponents and decimals: left to the full parser. */
const OTHER_NUMBER =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
/** Characters a plain value may not start with (indicators), or is not read with here. */
const AWKWARD_START = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', "'", '"']);
/** Where a plain value inside a flow collection ends. */
const FLOW_END: ReadonlySet<number> = new Set([44, 93, 125]); // , ] }
/** In a plain value inside a flow collection: left to the full parser. */
const FLOW_AWKWARD = /[[{:#'"]/;

/**
 * The longest implicit key of a block mapping this reader reads. YAML 1.2 bounds the distance
 * from the start of an implicit key to its `:`, and the `yaml` package reports
 * KEY_OVER_1024_CHARS past it; but where it starts counting depends on what precedes (after a
 * key with an empty value, a 1,024-character key is already refused). So keys longer than 1,000
 * characters are left to the full parser, whose verdict is the one given. Flow mapping keys have
 * no such bound there, so none here either.
 */
const MAX_IMPLICIT_KEY = 1000;

const SPACE = 32;
const COLON = 58;
const HASH = 35;
const DASH = 45;

/** Thrown (and caught below) when the text is outside what this reader reads. */
class Outside {}
const OUTSIDE = new Outside();

interface Line {
  /** 1-based line number. */
  readonly no: number;
  readonly indent: number;
  readonly text: string;
}

/** The documents of `text`, or undefined when the full parser must read it. */
export function readBlockDocuments(text: string, file: string): ParsedDocument[] | undefined {
  if (OUTSIDE_ASCII.test(text)) return undefined;
  try {
    const documents: ParsedDocument[] = [];
    const raw = text.split('\n');
    let lines: Line[] = [];
    // Lines before the first `---` make a document only when they hold content; after each
    // `---` there is a document, empty or not. Empty documents count in the index.
    let index = 0;
    let opened = false;
    const close = (): void => {
      if (lines.length > 0) documents.push({ file, index, root: new Reader(lines, file).document() });
      if (opened || lines.length > 0) index++;
      lines = [];
    };
    for (let n = 0; n < raw.length; n++) {
      const t = raw[n] as string;
      if (code(t, 0) === DASH && t.startsWith('---')) {
        if (t.length !== 3) throw OUTSIDE;
        close();
        opened = true;
        continue;
      }
      if (t.startsWith('...') || code(t, 0) === 37 /* % */) throw OUTSIDE;
      let indent = 0;
      while (code(t, indent) === SPACE) indent++;
      if (indent === t.length || code(t, indent) === HASH) continue; // blank, or a comment
      lines.push({ no: n + 1, indent, text: t });
    }
    close();
    return documents;
  } catch (err) {
    if (err === OUTSIDE) return undefined;
    throw err;
  }
}

class Reader {
  private i = 0;
  private nodes = 0;

  constructor(
    private readonly lines: readonly Line[],
    private readonly file: string,
  ) {}

  document(): LMap {
    const first = this.line();
    if (first === undefined || isDash(first.text, first.indent)) throw OUTSIDE;
    const root = this.map(first.indent, 0);
    if (this.i !== this.lines.length) throw OUTSIDE;
    return root;
  }

  private line(): Line | undefined {
    return this.lines[this.i];
  }

  private at(line: Line, col: number): SourcePosition {
    return { file: this.file, line: line.no, col: col + 1 };
  }

  private count(depth: number): void {
    if (depth > MAX_DEPTH || ++this.nodes > MAX_NODES) throw OUTSIDE;
  }

  /** The node that starts on the current line at `indent`, more indented than its parent. */
  private block(indent: number, depth: number): LNode {
    const line = this.line() as Line;
    if (isDash(line.text, indent)) return this.seq(indent, depth);
    const open = code(line.text, indent);
    if (open !== 91 /* [ */ && open !== 123 /* { */) return this.map(indent, depth);
    const flow = this.value(line, indent, depth); // `key:` with `[...]` or `{...}` on the next line
    this.i++;
    return flow;
  }

  /** A mapping whose first key is on the current line at column `col` (past a `- ` in a list). */
  private map(col: number, depth: number): LMap {
    this.count(depth);
    const entries = new Map<string, LEntry>();
    let pos: SourcePosition | undefined;
    let line = this.line();
    for (let start = col; line !== undefined; start = line.indent) {
      const text = line.text;
      const colon = keyEnd(text, start);
      if (colon < 0) throw OUTSIDE;
      if (colon - start > MAX_IMPLICIT_KEY) throw OUTSIDE;
      const key = text.slice(start, colon);
      if (!isStringKey(key) || FORBIDDEN_KEYS.has(key) || entries.has(key)) throw OUTSIDE;
      const keyPos = this.at(line, start);
      pos ??= keyPos;
      const r = skipSpaces(text, colon + 1);
      let value: LNode;
      if (r === text.length || code(text, r) === HASH) {
        this.i++;
        const next = this.line();
        if (next !== undefined && next.indent > col) value = this.block(next.indent, depth + 1);
        else if (next !== undefined && next.indent === col && isDash(next.text, col)) value = this.seq(col, depth + 1);
        else {
          this.count(depth + 1);
          value = nullAt(this.at(line, r));
        }
      } else {
        value = this.value(line, r, depth + 1);
        this.i++;
        const next = this.line();
        if (next !== undefined && next.indent > col) throw OUTSIDE; // a value over several lines
      }
      entries.set(key, { key, keyPos, value });
      line = this.line();
      if (line === undefined || line.indent < col) break;
      if (line.indent > col || isDash(line.text, col)) throw OUTSIDE;
    }
    return { type: 'map', pos: pos as SourcePosition, entries };
  }

  /** A sequence whose first `-` is on the current line at column `indent`. */
  private seq(indent: number, depth: number): LNode {
    this.count(depth);
    const items: LNode[] = [];
    const first = this.line() as Line;
    const pos = this.at(first, indent);
    let line: Line | undefined = first;
    while (line !== undefined && line.indent === indent && isDash(line.text, indent)) {
      const text = line.text;
      const r = skipSpaces(text, indent + 1);
      if (r === text.length || code(text, r) === HASH) {
        this.i++;
        const next = this.line();
        if (next !== undefined && next.indent > indent) items.push(this.block(next.indent, depth + 1));
        else {
          this.count(depth + 1);
          items.push(nullAt(this.at(line, r)));
        }
      } else if (isDash(text, r)) {
        throw OUTSIDE; // `- - value`
      } else if (keyEnd(text, r) >= 0) {
        items.push(this.map(r, depth + 1));
      } else {
        items.push(this.value(line, r, depth + 1));
        this.i++;
      }
      line = this.line();
      if (line !== undefined && line.indent > indent) throw OUTSIDE;
    }
    return { type: 'seq', pos, items };
  }

  /** The one-line value starting at column `r` of `line`, to its end (or a comment). */
  private value(line: Line, r: number, depth: number): LNode {
    this.count(depth);
    const text = line.text;
    const open = code(text, r);
    if (open === 91 /* [ */ || open === 123 /* { */) {
      const flow = open === 91 ? this.flowSeq(line, r, depth) : this.flowMap(line, r, depth);
      endOfLine(text, flow.end);
      return flow.node;
    }
    if (open === 34 /* " */ || open === 39 /* ' */) {
      const quoted = this.quoted(line, r);
      endOfLine(text, quoted.end);
      return quoted.node;
    }
    const comment = text.indexOf(' #', r);
    const source = (comment < 0 ? text.slice(r) : text.slice(r, comment)).trimEnd();
    if (source.includes(': ') || source.endsWith(':')) throw OUTSIDE;
    return plain(source, this.at(line, r));
  }

  /** A quoted value on one line, without escapes; `end` is the column after its closing quote. */
  private quoted(line: Line, r: number): { node: LScalar; end: number } {
    const text = line.text;
    const pos = this.at(line, r);
    if (code(text, r) === 34 /* " */) {
      const end = text.indexOf('"', r + 1);
      if (end < 0) throw OUTSIDE;
      const value = text.slice(r + 1, end);
      if (value.includes('\\')) throw OUTSIDE;
      return { node: { type: 'scalar', pos, value, quoted: true }, end: end + 1 };
    }
    let end = r + 1;
    for (;;) {
      end = text.indexOf("'", end);
      if (end < 0) throw OUTSIDE;
      if (code(text, end + 1) !== 39 /* ' */) break;
      end += 2;
    }
    return { node: { type: 'scalar', pos, value: text.slice(r + 1, end).replaceAll("''", "'"), quoted: true }, end: end + 1 };
  }

  /** `[a, "b"]` on one line: values only (no nested collections). */
  private flowSeq(line: Line, r: number, depth: number): { node: LNode; end: number } {
    const text = line.text;
    const items: LNode[] = [];
    let c = skipSpaces(text, r + 1);
    if (code(text, c) !== 93 /* ] */) {
      for (;;) {
        const item = this.flowScalar(line, c, depth + 1);
        items.push(item.node);
        c = skipSpaces(text, item.end);
        const sep = code(text, c);
        if (sep === 93 /* ] */) break;
        if (sep !== 44 /* , */) throw OUTSIDE;
        c = skipSpaces(text, c + 1);
      }
    }
    return { node: { type: 'seq', pos: this.at(line, r), items }, end: c + 1 };
  }

  /** `{ key: value, ... }` on one line: simple keys and values only. */
  private flowMap(line: Line, r: number, depth: number): { node: LNode; end: number } {
    const text = line.text;
    const entries = new Map<string, LEntry>();
    let c = skipSpaces(text, r + 1);
    if (code(text, c) !== 125 /* } */) {
      for (;;) {
        const colon = keyEnd(text, c);
        if (colon < 0) throw OUTSIDE;
        const key = text.slice(c, colon);
        if (!isStringKey(key) || FORBIDDEN_KEYS.has(key) || entries.has(key)) throw OUTSIDE;
        const keyPos = this.at(line, c);
        const value = this.flowScalar(line, skipSpaces(text, colon + 1), depth + 1);
        entries.set(key, { key, keyPos, value: value.node });
        c = skipSpaces(text, value.end);
        const sep = code(text, c);
        if (sep === 125 /* } */) break;
        if (sep !== 44 /* , */) throw OUTSIDE;
        c = skipSpaces(text, c + 1);
      }
    }
    return { node: { type: 'map', pos: this.at(line, r), entries }, end: c + 1 };
  }

  /** A value inside a flow collection: quoted, or plain up to `,` `]` `}`. */
  private flowScalar(line: Line, r: number, depth: number): { node: LScalar; end: number } {
    this.count(depth);
    const text = line.text;
    const first = code(text, r);
    if (first === 34 /* " */ || first === 39 /* ' */) return this.quoted(line, r);
    let end = r;
    while (end < text.length && !FLOW_END.has(code(text, end))) end++;
    const source = text.slice(r, end).trimEnd();
    if (source === '' || FLOW_AWKWARD.test(source)) throw OUTSIDE;
    return { node: plain(source, this.at(line, r)), end };
  }
}

/** A plain value as the core schema reads it; anything the full parser must judge is outside. */
function plain(source: string, pos: SourcePosition): LScalar {
  if (AWKWARD_START.has(source[0] as string)) throw OUTSIDE;
  if (NULL.test(source)) return { type: 'scalar', pos, value: null, quoted: false };
  if (BOOL.test(source)) return { type: 'scalar', pos, value: source[0] === 't' || source[0] === 'T', quoted: false, source };
  if (DECIMAL.test(source)) return { type: 'scalar', pos, value: parseInt(source, 10), quoted: false, source };
  if (OTHER_NUMBER.test(source)) throw OUTSIDE;
  return { type: 'scalar', pos, value: source, quoted: false };
}

/** The character code at `i`, or -1 past the end (reading past it would deoptimise the caller). */
function code(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : -1;
}

function nullAt(pos: SourcePosition): LScalar {
  return { type: 'scalar', pos, value: null, quoted: false };
}

/** `-` followed by a space or the end of the line, at column `col`. */
function isDash(text: string, col: number): boolean {
  return code(text, col) === DASH && (col + 1 === text.length || code(text, col + 1) === SPACE);
}

function skipSpaces(text: string, from: number): number {
  let r = from;
  while (code(text, r) === SPACE) r++;
  return r;
}

/** Where the `:` of a simple key starting at `start` is, or -1 when no simple key starts there. */
function keyEnd(text: string, start: number): number {
  let c = start;
  for (; c < text.length; c++) {
    const ch = code(text, c);
    const word = (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95;
    if (word || (c > start && (ch === 46 || ch === 47 || ch === DASH))) continue;
    break;
  }
  if (c === start || code(text, c) !== COLON) return -1;
  return c + 1 === text.length || code(text, c + 1) === SPACE ? c : -1;
}

/** A key that the core schema reads as a string (`true`, `null` or `12` as keys are not). */
function isStringKey(key: string): boolean {
  return !NULL.test(key) && !BOOL.test(key) && !DECIMAL.test(key) && !OTHER_NUMBER.test(key);
}

/** After a quoted value: only spaces, and then perhaps a comment. */
function endOfLine(text: string, from: number): void {
  const r = skipSpaces(text, from);
  if (r === text.length) return;
  if (r > from && code(text, r) === HASH) return;
  throw OUTSIDE;
}
