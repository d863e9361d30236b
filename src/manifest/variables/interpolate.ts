/**
 * `${VAR}` and `${VAR:-default}` in scalar values take their values from the environment, so
 * one manifest tree serves several environments. `$${` writes a literal `${`. A variable that is
 * not set (and has no default) is an error at the scalar that uses it, never an empty string.
 * `:-` also applies the default when the variable is set but empty, as in the shell.
 *
 * Keys are not interpolated (they are field names). A lone `$` is left alone, so
 * `consumerGroup: $Default` means what it says. In an unquoted scalar, a result of `true` or
 * `false` becomes a boolean, as if it had been written there; quoted scalars stay strings.
 *
 * The values are the CLI's variables (`--var`, `--var-file`, then the environment: see
 * src/manifest/variables/variables.ts); here they are one name → value lookup. Only a name the lookup
 * holds itself counts: `${constructor}` is not set, whatever an object prototype holds.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SourcePosition } from '../../core/model.js';
import { compareText } from '../../core/order.js';
import { SECRET_ENV_VARIABLES } from '../../core/redact.js';
import { KD, report } from '../codes.js';
import { isCredentialKey } from '../checks/credentials.js';
import { type LNode, type LScalar, type PathSegment, formatPath, mapEntries, mapItems } from '../yaml/tree.js';

export type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([^]*))?$/;

export type Substitution =
  | { readonly ok: true; readonly value: string }
  /** Every variable without a value, in order (each once): one scalar may use several. */
  | { readonly ok: false; readonly problem: 'undefined'; readonly names: readonly string[] }
  /** A variable that holds a secret (AZURE_CLIENT_SECRET, ...): its value would end up in plans and in Azure. */
  | { readonly ok: false; readonly problem: 'secret'; readonly name: string }
  | { readonly ok: false; readonly problem: 'malformed'; readonly detail: string };

/**
 * Expands every reference in `text`. A malformed or secret reference stops it; variables with
 * no value are all collected, so that one run names every one of them.
 */
export function substitute(text: string, env: Env): Substitution {
  const unset: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      out += text[i];
      i += 1;
      continue;
    }
    const end = text.indexOf('}', i + 2);
    if (end < 0) return { ok: false, problem: 'malformed', detail: '`${` without a closing `}`' };
    const inner = text.slice(i + 2, end);
    const m = REFERENCE.exec(inner);
    if (m === null || m[1] === undefined) {
      return { ok: false, problem: 'malformed', detail: `\`\${${inner.slice(0, 40)}}\` is not a variable name` };
    }
    const name = m[1];
    const fallback = m[2];
    if (fallback !== undefined && fallback.includes('${')) {
      return { ok: false, problem: 'malformed', detail: 'a default value cannot contain another ${...}' };
    }
    // A credential's name (DB_PASSWORD, SAS_TOKEN) is refused whatever its source: its value
    // would reach plans, `render` and Azure.
    if (SECRET_ENV_VARIABLES.includes(name) || isCredentialKey(name)) return { ok: false, problem: 'secret', name };
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value !== undefined && (value !== '' || fallback === undefined)) out += value;
    else if (fallback !== undefined) out += fallback;
    else if (!unset.includes(name)) unset.push(name);
    i = end + 1;
  }
  return unset.length > 0 ? { ok: false, problem: 'undefined', names: unset } : { ok: true, value: out };
}

/**
 * The uses of variables that have no value, gathered over a whole load so that each variable is
 * reported once (at its first use, naming the others) rather than once per value that uses it.
 */
export class UnsetVariables {
  private readonly uses = new Map<string, SourcePosition[]>();
  private count = 0;

  add(name: string, at: SourcePosition): void {
    const list = this.uses.get(name);
    if (list === undefined) this.uses.set(name, [at]);
    else list.push(at);
    this.count += 1;
  }

  /** How many uses were added so far (a caller compares it before and after a document). */
  get size(): number {
    return this.count;
  }

  /** One KD131 per variable, at its first use in file, line and column order. */
  diagnostics(): Diagnostic[] {
    return [...this.uses].map(([name, uses]) => {
      const [first, ...rest] = [...uses].sort(comparePositions);
      return report(KD.undefinedVariable, first, name, rest.map((p) => `${p.file}:${p.line}:${p.col}`));
    });
  }
}

function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.file !== b.file ? compareText(a.file, b.file) : a.line !== b.line ? a.line - b.line : a.col - b.col;
}

/**
 * Copies only what changes: a tree without `${` comes back as the same object. An unset
 * variable goes to `unset` when given (reported once per load), else straight to `diagnostics`.
 */
export function interpolateTree(
  node: LNode,
  env: Env,
  diagnostics: Diagnostic[],
  path: readonly PathSegment[] = [],
  unset?: UnsetVariables,
): LNode {
  switch (node.type) {
    case 'scalar':
      return interpolateScalar(node, env, diagnostics, path, unset);
    case 'seq':
      return mapItems(node, (item, i) => interpolateTree(item, env, diagnostics, [...path, i], unset));
    case 'map':
      return mapEntries(node, (e) => {
        const v = e.value;
        // A scalar without `${` (nearly all) costs neither a path nor a copy.
        if (v.type === 'scalar' && !(typeof v.value === 'string' && v.value.includes('${'))) return e;
        const value = interpolateTree(v, env, diagnostics, [...path, e.key], unset);
        return value === v ? e : { ...e, value };
      });
  }
}

function problemDiagnostic(result: Extract<Substitution, { problem: 'secret' | 'malformed' }>, node: LScalar, path: readonly PathSegment[]): Diagnostic {
  switch (result.problem) {
    case 'secret':
      return report(
        KD.credential,
        node.pos,
        formatPath(path),
        SECRET_ENV_VARIABLES.includes(result.name) ? `reads the secret environment variable ${result.name}` : `reads the variable ${result.name}, whose name says it is a credential`,
      );
    case 'malformed':
      return report(KD.badInterpolation, node.pos, result.detail);
  }
}

function interpolateScalar(node: LScalar, env: Env, diagnostics: Diagnostic[], path: readonly PathSegment[], unset: UnsetVariables | undefined): LScalar {
  if (typeof node.value !== 'string' || !node.value.includes('${')) return node;
  const result = substitute(node.value, env);
  if (!result.ok) {
    if (result.problem !== 'undefined') diagnostics.push(problemDiagnostic(result, node, path));
    else if (unset !== undefined) for (const name of result.names) unset.add(name, node.pos);
    else for (const name of result.names) diagnostics.push(report(KD.undefinedVariable, node.pos, name, []));
    return { ...node, unresolved: true };
  }
  if (!node.quoted && /^(?:true|True|TRUE|false|False|FALSE)$/.test(result.value)) {
    return { ...node, value: result.value.toLowerCase() === 'true' };
  }
  return { ...node, value: result.value };
}
