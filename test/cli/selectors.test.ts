/**
 * `--target` and `--exclude`: an empty or malformed selector is a usage error that names the
 * accepted forms, before anything is read or started — not a selection of nothing that ends in
 * "No changes." and exit 0.
 */
import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../src/plan/rules/select.js';
import { runCli, workspace } from '../support/cli.js';

describe('selectors', () => {
  it.each([
    ['', /empty/],
    ['label:', /label:key=value/],
    ['label:team', /label:key=value/],
    ['label:=x', /label key must be/],
    ['label:team=a b', /label value must be/],
    ['[', /name glob/],
    ['a/b', /name glob/],
    ['x'.repeat(101), /name glob/],
  ])('%j is refused: %s', (text, problem) => {
    const parsed = parseSelector(text);
    expect('problem' in parsed ? parsed.problem : 'accepted').toMatch(problem);
  });

  it.each([
    ['legacy-*', { by: 'name', glob: 'legacy-*' }],
    ['label:team=weather', { by: 'label', key: 'team', value: 'weather' }],
    ['label:team=', { by: 'label', key: 'team', value: '' }],
  ])('%j is accepted', (text, selector) => {
    expect(parseSelector(text)).toEqual(selector);
  });

  it.each([
    ['plan', '--target', ''],
    ['plan', '--target', 'label:'],
    ['plan', '--target', '['],
    ['drift', '--exclude', 'label:'],
    ['apply', '--target', '', '--dry-run'],
    ['reconcile', '--target', '['],
  ])('%s %s %j exits 1 saying the accepted forms, and plans nothing', async (...args) => {
    const dir = workspace();
    const run = await runCli([...args, '--emulator'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^kustodian: ${args[1]} `));
    expect(run.stderr).toContain('label:key=value');
    expect(run.stderr).not.toContain('No changes');
  }, 30_000);
});
