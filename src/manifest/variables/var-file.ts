/**
 * Variable files (`--var-file`): names → values for `${NAME}`, in one of two forms chosen by the
 * file's extension:
 *
 * - YAML (`*.yaml`, `*.yml`): one mapping of names to scalars. Numbers keep the text as written
 *   (`0012` stays `0012`), booleans become `true` / `false`; null, lists and mappings are errors.
 * - dotenv (`*.env`, `.env`, `.env.*`): one `NAME=value` per line; blank lines and `# comments`;
 *   an optional `export ` before the name; a value in "double quotes" (with \n, \t, \", \\
 *   escapes) or 'single quotes' (as written), or unquoted (trimmed, up to a ` #` comment).
 *
 * Both forms become the same located tree (tree.ts) and go through the same checks: a name is
 * `[A-Za-z_][A-Za-z0-9_]*` (as `${NAME}` reads it), a name set twice in one file is an error
 * (later files and --var override; one file does not contradict itself), and a credential (by
 * its name or by what its value holds) is refused, exactly as in a manifest, without echoing it.
 * Values are used as written: a `${...}` inside one is not expanded.
 */
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SourcePosition } from '../../core/model.js';
import { KD, report } from '../codes.js';
import { stripCredentials } from '../checks/credentials.js';
import { parseYaml } from '../yaml/parse.js';
import { type LEntry, type LMap, type LScalar, describeNode, formatPosition } from '../yaml/tree.js';

export type VarFileFormat = 'yaml' | 'dotenv';

export interface VariableEntry {
  readonly name: string;
  readonly value: string;
  readonly pos: SourcePosition;
}

export interface ParsedVariables {
  readonly variables: readonly VariableEntry[];
  readonly diagnostics: readonly Diagnostic[];
}

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The form of a var file, from its name; undefined when the name says neither. */
export function varFileFormat(file: string): VarFileFormat | undefined {
  const base = path.basename(file).toLowerCase();
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'yaml';
  if (base.endsWith('.env') || base === '.env' || base.startsWith('.env.')) return 'dotenv';
  return undefined;
}

export function parseVarFile(text: string, file: string, format: VarFileFormat): ParsedVariables {
  const diagnostics: Diagnostic[] = [];
  const root = format === 'yaml' ? yamlRoot(text, file, diagnostics) : dotenvRoot(text, file, diagnostics);
  return { variables: root === undefined ? [] : checkedVariables(root, diagnostics), diagnostics };
}

/** Names and values (say, from `--var`), checked as a var file's are. */
export function checkVariables(root: LMap): ParsedVariables {
  const diagnostics: Diagnostic[] = [];
  return { variables: checkedVariables(root, diagnostics), diagnostics };
}

function checkedVariables(root: LMap, diagnostics: Diagnostic[]): VariableEntry[] {
  // Credentials first, so that nothing below can quote one.
  const clean = stripCredentials(root, diagnostics);
  if (clean.type !== 'map') return [];
  const out: VariableEntry[] = [];
  for (const e of clean.entries.values()) {
    if (!VARIABLE_NAME.test(e.key)) {
      diagnostics.push(report(KD.badVariableName, e.keyPos, e.key));
      continue;
    }
    const v = e.value;
    if (v.type !== 'scalar' || v.value === null) {
      diagnostics.push(report(KD.badVariableValue, v.pos, e.key, describeNode(v)));
      continue;
    }
    if (v.unresolved === true) continue; // a withheld credential, reported above
    const value = typeof v.value === 'string' ? v.value : (v.source ?? String(v.value));
    out.push({ name: e.key, value, pos: v.pos });
  }
  return out;
}

function yamlRoot(text: string, file: string, diagnostics: Diagnostic[]): LMap | undefined {
  const parsed = parseYaml(text, file);
  // The parser's "a document must be a mapping" speaks of manifests: say it for a var file.
  for (const d of parsed.diagnostics) {
    diagnostics.push(d.code === KD.notMapping.code ? report(KD.varFileSyntax, d.source, 'a var file must be a mapping of names to values') : d);
  }
  const [first, second] = parsed.documents;
  if (second !== undefined) {
    diagnostics.push(report(KD.varFileSyntax, second.root.pos, 'a var file holds one YAML document (one mapping), not several'));
    return undefined;
  }
  return first?.root;
}

/** The dotenv lines as a located mapping; syntax errors and repeated names are reported. */
function dotenvRoot(text: string, file: string, diagnostics: Diagnostic[]): LMap {
  const entries = new Map<string, LEntry>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const at = (col: number): SourcePosition => ({ file, line, col });
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body === '' || body.startsWith('#')) return;
    const declared = /^export\s+/.exec(body);
    const keyCol = indent + (declared?.[0].length ?? 0);
    const rest = body.slice(declared?.[0].length ?? 0);
    const eq = rest.indexOf('=');
    if (eq < 0) {
      diagnostics.push(report(KD.varFileSyntax, at(keyCol + 1), 'a line without `=` in a dotenv var file; write NAME=value'));
      return;
    }
    const name = rest.slice(0, eq).trim();
    const afterEq = rest.slice(eq + 1);
    const valueCol = keyCol + eq + 2 + (afterEq.length - afterEq.trimStart().length);
    const value = dotenvValue(afterEq.trim());
    if (typeof value !== 'object') {
      diagnostics.push(report(KD.varFileSyntax, at(valueCol), value));
      return;
    }
    const first = entries.get(name);
    if (first !== undefined) {
      diagnostics.push(report(KD.duplicateVariable, at(keyCol + 1), name, formatPosition(first.keyPos)));
      return;
    }
    const scalar: LScalar = { type: 'scalar', pos: at(valueCol), value: value.text, quoted: value.quoted };
    entries.set(name, { key: name, keyPos: at(keyCol + 1), value: scalar });
  });
  return { type: 'map', pos: { file, line: 1, col: 1 }, entries };
}

/** A dotenv value (already trimmed), or what is wrong with it. */
function dotenvValue(text: string): { text: string; quoted: boolean } | string {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") {
    const comment = text.search(/\s#/);
    return { text: (comment < 0 ? text : text.slice(0, comment)).trimEnd(), quoted: false };
  }
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) {
      const after = text.slice(i + 1).trim();
      if (after !== '' && !after.startsWith('#')) return `text after the closing ${quote} of a value: only a # comment may follow`;
      return { text: out, quoted: true };
    }
    if (c === '\\' && quote === '"' && i + 1 < text.length) {
      const next = text[i + 1] ?? '';
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      i += 1;
      continue;
    }
    out += c;
  }
  return `no closing ${quote} on this line (a value is one line)`;
}
