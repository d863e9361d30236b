/**
 * The CI and Kubernetes examples of the manifests-repository template run kustodian the way the
 * CLI really accepts: every `kustodian <command> ...` in them (and every command the kustodian
 * action is given) is checked against the commander program itself. The *-flow tests beside
 * this one run them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { captureIO } from '../helpers.js';
import { REPO_ROOT } from '../support/bin.js';
import { type Invocation, invocationsIn, invocationsInScript, problemsOf, tokenize } from './invocations.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples', 'manifests-repo');
const program = await buildProgram(captureIO(REPO_ROOT), () => undefined);

/** The CI and Kubernetes files (the manifests are not examples of running kustodian). */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'manifests' || e.name === 'node_modules' ? [] : yamlFiles(path.join(dir, e.name))) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** `with: command:` of each step that uses kustodian's action, as an invocation. */
function actionInvocations(doc: unknown, where: string): Invocation[] {
  const found: Invocation[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      const step = node as Record<string, unknown>;
      if (typeof step['uses'] === 'string' && /^[\w.-]+\/kustodian@/.test(step['uses'])) {
        const command = (step['with'] as Record<string, unknown> | undefined)?.['command'];
        found.push({ where: `${where}:${String(step['name'] ?? step['uses'])}`, argv: tokenize(String(command ?? '')).map((t) => t.text) });
      }
      Object.values(step).forEach(visit);
    }
  };
  visit(doc);
  return found;
}

function invocationsOf(file: string): Invocation[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  return docs.flatMap((d, i) => {
    expect(d.errors, `${file}: YAML errors`).toEqual([]);
    const where = `${path.relative(REPO_ROOT, file)}#${i}`;
    return [...invocationsIn(d.toJS() as unknown, where), ...actionInvocations(d.toJS() as unknown, where)];
  });
}

const files = yamlFiles(EXAMPLES).sort();

describe('examples/', () => {
  it('holds the GitHub Actions, Azure Pipelines and Kubernetes examples', () => {
    expect(files.map((f) => path.relative(EXAMPLES, f))).toEqual([
      '.github/workflows/apply.yml',
      '.github/workflows/drift.yml',
      '.github/workflows/plan.yml',
      'azure-pipelines.yml',
      'kubernetes/cronjob.yaml',
      'kubernetes/deployment.yaml',
    ]);
  });

  it('never fetch kustodian at run time (npx --yes or a version npx would download)', () => {
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/npx\s+(--yes|-y)\b|kustodian@\d/);
  });

  it.each(files.map((f) => [path.relative(EXAMPLES, f), f]))('%s: every kustodian invocation is one the CLI accepts', (_, file) => {
    const found = invocationsOf(file);
    expect(found.length, 'no kustodian invocation found').toBeGreaterThan(0);
    for (const inv of found) expect(problemsOf(inv, program), `${inv.where}: kustodian ${inv.argv.join(' ')}`).toEqual([]);
  });

  it('together they use validate, plan, show, apply, drift and reconcile', () => {
    const used = new Set(files.flatMap(invocationsOf).map((i) => i.argv[0]));
    expect([...used].sort()).toEqual(['apply', 'drift', 'plan', 'reconcile', 'show', 'validate']);
  });

  it('finds the invocations with their flags: npx, versions, continuations, && chains, sh -c', () => {
    const found = files.flatMap(invocationsOf).map((i) => i.argv.join(' '));
    expect(found).toContain('apply --plan reviewed/plan.json --auto-approve -o text');
    expect(found).toContain('plan --out $(Build.ArtifactStagingDirectory)/plan.json --detailed-exitcode --allow-delete --max-deletes 5 --validate-remote');
    expect(found).toContain('reconcile /git/current/manifests -o json --report /reports/last-reconcile.json --skip-refused --allow-delete --max-deletes 5');
    expect(found).toContain('plan --out plan.json --detailed-exitcode --allow-delete --max-deletes 5 --validate-remote');
    expect(found).toContain('validate');
  });
});

describe('the invocation checker', () => {
  const check = (script: string): string[] => invocationsInScript(script, 'test').flatMap((i) => problemsOf(i, program));

  it('catches a bogus flag, an unknown command, a value outside the choices and a missing argument', () => {
    expect(check('npx kustodian plan --out plan.json --bogus-flag')).toEqual(['kustodian plan: unknown option --bogus-flag']);
    expect(check('npx kustodian plna')).toEqual([expect.stringMatching(/^unknown command "plna" \(commands: [a-z, ]*\bplan\b[a-z, ]*\)$/)]);
    expect(check('npx kustodian drift -o html')).toEqual(['kustodian drift: -o html is not one of text, json, markdown, junit']);
    expect(check('npx kustodian show -o markdown')).toEqual(['kustodian show: needs 1 argument(s), got 0']);
    expect(check('npx kustodian apply --auto-approve=yes')).toEqual(['kustodian apply: --auto-approve takes no value']);
    expect(check('npx kustodian apply --log-format json')).toEqual([expect.stringMatching(/^kustodian apply: --log-format is an old spelling/)]);
    expect(check('npx kustodian plan --poll-interval 500')).toEqual(['kustodian plan: --poll-interval 500 needs a unit (e.g. 500s)']);
    expect(check('npx kustodian plan --debug --no-color --poll-interval 500ms')).toEqual([]);
  });

  it('catches a bogus flag in a real example, after a line continuation', () => {
    const yaml = readFileSync(path.join(EXAMPLES, 'kubernetes', 'cronjob.yaml'), 'utf8').replace('--max-deletes 5', '--max-deletes 5 \\\n                    --prune-everything');
    const problems = parseAllDocuments(yaml).flatMap((d) => invocationsIn(d.toJS() as unknown, 'cronjob')).flatMap((i) => problemsOf(i, program));
    expect(problems).toEqual(['kustodian reconcile: unknown option --prune-everything']);
  });

  it('accepts what the CLI accepts: --flag=value, values from variables, options that take no value', () => {
    expect(check('npx --yes kustodian@0.1.0 drift -o "$FORMAT" --out=drift.xml --target "legacy-*" manifests')).toEqual([]);
    expect(check('KUSTODIAN_CLOUD=china npx kustodian plan --detailed-exitcode 2>plan.err || true')).toEqual([]);
  });

  it('does not take quoted text or other programs for an invocation', () => {
    expect(invocationsInScript('echo "then run kustodian plan --nope"; gh run list --workflow kustodian-plan.yml', 't')).toEqual([]);
    expect(invocationsInScript('# npx kustodian plan --nope\nnpx kustodian validate # --nope', 't').map((i) => i.argv)).toEqual([['validate']]);
    expect(invocationsInScript('if ! npx kustodian apply --plan p.json --auto-approve > log 2>&1; then exit 1; fi', 't').map((i) => i.argv)).toEqual([['apply', '--plan', 'p.json', '--auto-approve']]);
  });

  it('tokenizes quotes, operators and continuations', () => {
    expect(tokenize("a 'b c' \\\n d&&e $(f)").map((t) => t.text)).toEqual(['a', 'b c', 'd', '&&', 'e', '$(', 'f', ')']);
  });
});
