/**
 * The Resource Graph queries the emulator understands: the forms kustodian sends over the
 * data connections of the `KustoResources` table. It is not a KQL engine; any other query is
 * a 400 that lists these forms, so a client never mistakes "not understood" for "no rows".
 */

/** Resource Graph's type of a data connection: lower-cased, as Resource Graph answers it. */
export const GRAPH_CONNECTION_TYPE = 'microsoft.kusto/clusters/databases/dataconnections';

/** The columns of a KustoResources row (as Resource Graph names them). */
export const GRAPH_COLUMNS = [
  'id',
  'name',
  'type',
  'tenantId',
  'kind',
  'location',
  'resourceGroup',
  'subscriptionId',
  'managedBy',
  'sku',
  'plan',
  'properties',
  'tags',
  'identity',
  'zones',
  'extendedLocation',
] as const;

export const SUPPORTED_QUERY_FORMS =
  `KustoResources | where type =~ '${GRAPH_CONNECTION_TYPE}' ` +
  "[| where id startswith '<prefix>' [or id startswith '<prefix>' …]] [| project <columns>] [| order by id [asc|desc]]";

export interface GraphQuery {
  /** Each inner list is one `where id startswith` stage: a row must match one prefix of every stage. Lower-cased. */
  readonly idPrefixes: readonly (readonly string[])[];
  /** `type == '…'` in another casing than Resource Graph's: a valid query that matches nothing. */
  readonly matchesNothing: boolean;
  /** The projected columns, in order; all columns when there is no `project`. */
  readonly columns: readonly string[];
  readonly order: 'asc' | 'desc';
}

export class GraphQueryError extends Error {
  constructor(problem: string) {
    super(`The emulator's Resource Graph does not understand this query: ${problem}. It answers only queries of the form: ${SUPPORTED_QUERY_FORMS}.`);
    this.name = 'GraphQueryError';
  }
}

type Token =
  | { readonly kind: 'pipe' | 'comma' }
  | { readonly kind: 'word'; readonly text: string }
  /** `=~`, `==`, or any other punctuation (which no supported form uses). */
  | { readonly kind: 'op'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string };

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      value += text[i + 1] ?? '';
      i += 1;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw new GraphQueryError('a string literal is not closed');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '|' || c === ',') {
      tokens.push({ kind: c === '|' ? 'pipe' : 'comma' });
      i += 1;
    } else if (c === "'" || c === '"') {
      const s = readString(text, i);
      tokens.push({ kind: 'string', value: s.value });
      i = s.end;
    } else if (text.startsWith('=~', i) || text.startsWith('==', i)) {
      tokens.push({ kind: 'op', text: text.slice(i, i + 2) });
      i += 2;
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0] ?? c;
      tokens.push(/^[A-Za-z_]/.test(word) ? { kind: 'word', text: word } : { kind: 'op', text: word });
      i += word.length;
    }
  }
  return tokens;
}

/** The query's stages: the tokens between pipes. */
function stages(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'pipe') out.push([]);
    else out[out.length - 1]?.push(t);
  }
  return out;
}

function word(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.text : undefined;
}

interface Condition {
  readonly column: 'type' | 'id';
  readonly op: string;
  readonly value: string;
}

/** `type =~ 'x'`, `type == 'x'` or `id startswith 'x'`, joined by `or`. */
function conditions(tokens: readonly Token[]): Condition[] {
  const out: Condition[] = [];
  for (let i = 0; i < tokens.length; i += 4) {
    if (i > 0 && word(tokens[i - 1]) !== 'or') throw new GraphQueryError("conditions of one where may be joined only by 'or'");
    const column = word(tokens[i]);
    const op = tokens[i + 1];
    const value = tokens[i + 2];
    const opText = op?.kind === 'op' || op?.kind === 'word' ? op.text : undefined;
    if (value?.kind !== 'string') throw new GraphQueryError('a where condition must compare a column with a string literal');
    if (column === 'type' && (opText === '=~' || opText === '==')) out.push({ column, op: opText, value: value.value });
    else if (column === 'id' && opText === 'startswith') out.push({ column, op: opText, value: value.value });
    else throw new GraphQueryError(`the condition '${column ?? '?'} ${opText ?? '?'}' is not one of type =~, type ==, id startswith`);
  }
  if (out.length === 0) throw new GraphQueryError('a where without a condition');
  return out;
}

export function parseGraphQuery(text: string): GraphQuery {
  const [head = [], ...rest] = stages(tokenize(text));
  if (head.length !== 1 || word(head[0])?.toLowerCase() !== 'kustoresources') {
    throw new GraphQueryError('the query must start with the table KustoResources (data connections are not in Resources)');
  }
  let columns: readonly string[] = GRAPH_COLUMNS;
  const idPrefixes: string[][] = [];
  let typeFiltered = false;
  let matchesNothing = false;
  let order: 'asc' | 'desc' = 'asc';
  const need = (column: string): void => {
    if (!columns.includes(column)) throw new GraphQueryError(`the column '${column}' is not in the rows at that point`);
  };
  for (const stage of rest) {
    const verb = word(stage[0]);
    if (verb === 'where') {
      const conds = conditions(stage.slice(1));
      const column = conds[0]?.column;
      if (conds.some((c) => c.column !== column)) throw new GraphQueryError("one where may not mix 'type' and 'id' conditions");
      if (column === 'type') {
        for (const c of conds) {
          if (c.value.toLowerCase() !== GRAPH_CONNECTION_TYPE) throw new GraphQueryError(`only data connections are indexed here, not '${c.value}'`);
          if (c.op === '==' && c.value !== GRAPH_CONNECTION_TYPE) matchesNothing = true;
        }
        need('type');
        typeFiltered = true;
      } else {
        need('id');
        idPrefixes.push(conds.map((c) => c.value.toLowerCase()));
      }
    } else if (verb === 'project') {
      const names: string[] = [];
      for (let i = 1; i < stage.length; i += 2) {
        const name = word(stage[i]);
        if (name === undefined || !columns.includes(name)) throw new GraphQueryError(`project names an unknown column '${name ?? '?'}' (known: ${columns.join(', ')})`);
        if (i + 1 < stage.length && stage[i + 1]?.kind !== 'comma') throw new GraphQueryError('project columns must be separated by commas');
        names.push(name);
      }
      if (names.length === 0) throw new GraphQueryError('project without columns');
      columns = names;
    } else if ((verb === 'order' || verb === 'sort') && word(stage[1]) === 'by' && word(stage[2]) === 'id' && stage.length <= 4) {
      need('id');
      const direction = word(stage[3]) ?? 'desc';
      if (direction !== 'asc' && direction !== 'desc') throw new GraphQueryError(`unknown sort direction '${direction}'`);
      order = direction;
    } else {
      throw new GraphQueryError(`the operator '${verb ?? '?'}' is not supported`);
    }
  }
  if (!typeFiltered) throw new GraphQueryError(`the query must filter on the data connection type (where type =~ '${GRAPH_CONNECTION_TYPE}')`);
  return { idPrefixes, matchesNothing, columns, order };
}
