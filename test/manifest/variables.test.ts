/**
 * Var files (YAML and dotenv) and the precedence of the sources of `${NAME}`: the environment,
 * then each --var-file in order, then each --var in order; later wins.
 */
import { describe, expect, it } from 'vitest';
import { parseVarFile, varFileFormat } from '../../src/manifest/variables/var-file.js';
import { mergeVariables, resolveVariables } from '../../src/manifest/variables/variables.js';
import { tempTrees } from '../helpers.js';

const tree = tempTrees();

const codesAt = (ds: readonly { code: string; source?: { line: number; col: number } }[]): [string, number?, number?][] =>
  ds.map((d) => [d.code, d.source?.line, d.source?.col]);

describe('var file formats', () => {
  it.each([
    ['dev.yaml', 'yaml'],
    ['env/prod.YML', 'yaml'],
    ['dev.env', 'dotenv'],
    ['.env', 'dotenv'],
    ['.env.local', 'dotenv'],
    ['vars.txt', undefined],
    ['vars', undefined],
  ])('%s is %s', (file, format) => {
    expect(varFileFormat(file)).toBe(format);
  });
});

describe('YAML var files', () => {
  it('read a mapping of scalars; numbers keep their text, booleans become true/false', () => {
    const r = parseVarFile('# comment\nDATABASE: analyticsdb\nCOUNT: 0012\nPRUNE: true\nEMPTY: ""\nQUOTED: "a: b # c"\n', 'v.yaml', 'yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.variables.map((v) => [v.name, v.value])).toEqual([
      ['DATABASE', 'analyticsdb'],
      ['COUNT', '0012'],
      ['PRUNE', 'true'],
      ['EMPTY', ''],
      ['QUOTED', 'a: b # c'],
    ]);
    expect(r.variables[0]?.pos).toEqual({ file: 'v.yaml', line: 2, col: 11 });
  });

  it('an empty file sets nothing', () => {
    expect(parseVarFile('# nothing yet\n', 'v.yaml', 'yaml')).toEqual({ variables: [], diagnostics: [] });
  });

  it('refuse a name set twice (as YAML does), with the first place named', () => {
    const r = parseVarFile('A: x\nB: y\nA: z\n', 'v.yaml', 'yaml');
    expect(codesAt(r.diagnostics)).toEqual([['KD111', 3, 1]]);
    expect(r.diagnostics[0]?.message).toContain('v.yaml:1:1');
  });

  it('report a bad name, null, a list and a mapping, each at its place', () => {
    const r = parseVarFile('1ST: a\nNOTHING:\nLIST: [a, b]\nMAP: { a: b }\nGOOD: z\n', 'v.yaml', 'yaml');
    expect(codesAt(r.diagnostics)).toEqual([
      ['KD133', 1, 1],
      ['KD135', 2, 9],
      ['KD135', 3, 7],
      ['KD135', 4, 6],
    ]);
    expect(r.diagnostics.find((d) => d.code === 'KD135')?.hint).toContain('NOTHING: ""');
    expect(r.variables.map((v) => v.name)).toContain('GOOD');
  });

  it('must be one mapping', () => {
    expect(codesAt(parseVarFile('- a\n- b\n', 'v.yaml', 'yaml').diagnostics)).toEqual([['KD136', 1, 1]]);
    expect(codesAt(parseVarFile('A: 1\n---\nB: 2\n', 'v.yaml', 'yaml').diagnostics)).toEqual([['KD136', 3, 1]]);
  });

  it('refuse a credential by its name or its value, and never echo it', () => {
    const r = parseVarFile(
      'STORAGE_ACCOUNT_KEY: s3cr3t-value-1\nCONN: Endpoint=sb://x/;SharedAccessKey=s3cr3t-value-2\nAZURE_CLIENT_SECRET: s3cr3t-value-3\nOK: fine\n',
      'v.yaml',
      'yaml',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KD130', 'KD130', 'KD130']);
    expect(JSON.stringify(r)).not.toContain('s3cr3t');
    expect(r.variables.map((v) => v.name)).toEqual(['OK']);
  });
});

describe('dotenv var files', () => {
  it('read NAME=value lines: comments, export, quotes, escapes, inline comments', () => {
    const text = [
      '# dev values',
      '',
      'DATABASE=analyticsdb',
      'export HUB = blobevents  # the hub',
      'LOCATION="Central US"',
      "GROUP='$Default'",
      'ESCAPED="a\\"b\\nc"',
      'HASH=a#b',
      'EMPTY=',
      '   INDENTED=yes',
    ].join('\r\n');
    const r = parseVarFile(text, '.env', 'dotenv');
    expect(r.diagnostics).toEqual([]);
    expect(Object.fromEntries(r.variables.map((v) => [v.name, v.value]))).toEqual({
      DATABASE: 'analyticsdb',
      HUB: 'blobevents',
      LOCATION: 'Central US',
      GROUP: '$Default',
      ESCAPED: 'a"b\nc',
      HASH: 'a#b',
      EMPTY: '',
      INDENTED: 'yes',
    });
    expect(r.variables.find((v) => v.name === 'HUB')?.pos).toEqual({ file: '.env', line: 4, col: 14 });
  });

  it('report a line without =, an unclosed quote, text after a quote, a bad name and a repeated name at file:line:col', () => {
    const r = parseVarFile('A=1\njust words\nB="open\nC="x" y\n2X=1\nA=2\n', 'dev.env', 'dotenv');
    expect(codesAt(r.diagnostics)).toEqual([
      ['KD136', 2, 1],
      ['KD136', 3, 3],
      ['KD136', 4, 3],
      ['KD134', 6, 1],
      ['KD133', 5, 1],
    ]);
    expect(r.diagnostics.find((d) => d.code === 'KD134')?.message).toBe('variable A is set twice in this file (first at dev.env:1:1)');
    expect(r.variables.map((v) => [v.name, v.value])).toEqual([['A', '1']]);
  });

  it('refuse credentials as YAML files do, without echoing them', () => {
    const r = parseVarFile('DB_PASSWORD=hunter2hunter2\nSAS=https://x.blob.core.windows.net/c?sv=1&sig=abcdefabcdef\n', '.env', 'dotenv');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KD130', 'KD130']);
    expect(JSON.stringify(r)).not.toMatch(/hunter2|abcdefabcdef/);
  });
});

describe('precedence: environment < --var-file (in order) < --var (in order)', () => {
  it('later wins, name by name', () => {
    const dir = tree({
      'a.yaml': 'A: from-a\nB: from-a\nC: from-a\n',
      'b.env': 'B=from-b\nC=from-b\n',
    });
    const r = resolveVariables({
      cwd: dir,
      env: { A: 'from-env', C: 'from-env', D: 'from-env' },
      files: ['a.yaml', 'b.env'],
      assignments: ['C=from-var-1', 'C=from-var-2', 'E=x=y'],
    });
    expect(r.diagnostics).toEqual([]);
    expect({ ...r.variables }).toEqual({ A: 'from-a', B: 'from-b', C: 'from-var-2', D: 'from-env', E: 'x=y' });
  });

  it('the environment is the fallback, and an empty --var is a value', () => {
    const r = resolveVariables({ cwd: '/', env: { A: 'env' }, files: [], assignments: ['B='] });
    expect({ ...r.variables }).toEqual({ A: 'env', B: '' });
  });

  it('holds any name as an ordinary one (no prototype)', () => {
    const merged = mergeVariables({}, [[{ name: 'constructor', value: 'c', pos: { file: 'x', line: 1, col: 1 } }]]);
    expect(merged['constructor']).toBe('c');
    expect(mergeVariables({}, [])['constructor']).toBeUndefined();
  });

  it('reports every problem of every source, naming a --var by its argument and never its value', () => {
    const dir = tree({ 'bad.yaml': 'A: [1]\n' });
    const r = resolveVariables({
      cwd: dir,
      env: {},
      files: ['bad.yaml', 'missing.yaml', 'vars.txt'],
      assignments: ['NOEQUALS', '9X=1', 'MY_TOKEN=t0psecretvalue'],
    });
    expect(r.diagnostics.map((d) => [d.code, d.source?.file ?? d.address])).toEqual([
      ['KD135', 'bad.yaml'],
      ['KD100', 'missing.yaml'],
      ['KD136', 'vars.txt'],
      ['KD136', '--var (argument 1)'],
      ['KD130', '--var (argument 3)'],
      ['KD133', '--var (argument 2)'],
    ]);
    expect(r.diagnostics[1]?.hint).toContain('--var-file');
    expect(JSON.stringify(r.diagnostics)).not.toContain('t0psecretvalue');
  });
});
