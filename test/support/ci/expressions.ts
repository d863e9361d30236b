/**
 * GitHub Actions expressions (`${{ ... }}`), the part the examples and action.yml use: context
 * paths (`steps.plan.outputs.has-changes`, `inputs.command`, `vars.X`), string, number and
 * boolean literals, `==`, `!=`, `!`, `&&`, `||`, parentheses, and the status functions
 * `always()`, `success()`, `failure()`, `cancelled()`. Comparison is as GitHub's: strings
 * case-insensitively, a missing value is ''.
 */
export type Value = string | number | boolean | null;
export type Context = Readonly<Record<string, unknown>>;
export interface Status {
  readonly failed: boolean;
}

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokens(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const str = /^'((?:[^']|'')*)'/.exec(rest);
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    const op = /^(==|!=|&&|\|\||[!().,[\]])/.exec(rest);
    const id = /^[A-Za-z_][\w-]*/.exec(rest);
    if (str) out.push({ t: 'str', v: (str[1] ?? '').replace(/''/g, "'") });
    else if (num) out.push({ t: 'num', v: Number(num[0]) });
    else if (op) out.push({ t: 'op', v: op[0] });
    else if (id) out.push({ t: 'id', v: id[0] });
    else throw new Error(`cannot read the expression at: ${rest}`);
    i += (str ?? num ?? op ?? id)?.[0].length ?? 1;
  }
  return out;
}

function truthy(v: Value): boolean {
  return !(v === null || v === false || v === 0 || v === '');
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return (a ?? '') === (b ?? '') || String(a ?? '') === String(b ?? '');
}

/** Evaluates `src` (without the `${{ }}`) against `ctx`. */
export function evaluate(src: string, ctx: Context, status: Status): Value {
  const ts = tokens(src);
  let p = 0;
  const peek = (): Token | undefined => ts[p];
  const take = (v?: string): Token => {
    const t = ts[p++];
    if (t === undefined || (v !== undefined && t.v !== v)) throw new Error(`expected ${v ?? 'more'} in: ${src}`);
    return t;
  };
  const primary = (): Value => {
    const t = take();
    if (t.t === 'str' || t.t === 'num') return t.v;
    if (t.t === 'op' && t.v === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (t.t === 'op' && t.v === '!') return !truthy(primary());
    if (t.t !== 'id') throw new Error(`unexpected ${t.v} in: ${src}`);
    if (t.v === 'true' || t.v === 'false') return t.v === 'true';
    if (t.v === 'null') return null;
    if (peek()?.v === '(') {
      take('(');
      take(')');
      if (t.v === 'always') return true;
      if (t.v === 'success') return !status.failed;
      if (t.v === 'failure') return status.failed;
      if (t.v === 'cancelled') return false;
      throw new Error(`function ${t.v}() is not supported by this test runner`);
    }
    let value: unknown = ctx[t.v];
    while (peek()?.v === '.' || peek()?.v === '[') {
      const key = take().v === '.' ? String(take().v) : String((() => { const k = primary(); take(']'); return k; })());
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
    return value === undefined ? null : (value as Value);
  };
  const comparison = (): Value => {
    let left = primary();
    while (peek()?.v === '==' || peek()?.v === '!=') {
      const op = take().v;
      const right = primary();
      left = op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (peek()?.v === '&&') {
      take();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (peek()?.v === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const v = or();
  if (p !== ts.length) throw new Error(`unexpected ${ts[p]?.v ?? ''} in: ${src}`);
  return v;
}

/** Replaces every `${{ ... }}` in `text` with its value, as GitHub does before a step runs. */
export function interpolate(text: string, ctx: Context, status: Status): string {
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_, expr: string) => String(evaluate(expr, ctx, status) ?? ''));
}

/** An `if:` condition: a bare expression (or one in `${{ }}`); a missing one means success(). */
export function condition(src: unknown, ctx: Context, status: Status): boolean {
  if (src === undefined) return !status.failed;
  const text = String(src).trim().replace(/^\$\{\{(.*)\}\}$/s, '$1');
  const uses = /\b(always|failure|cancelled|success)\(\)/.test(text);
  const v = truthy(evaluate(text, ctx, status));
  return uses ? v : !status.failed && v;
}
