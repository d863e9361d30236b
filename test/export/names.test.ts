/** File and directory names for exported manifests: safe, unique per directory, the same every run. */
import { describe, expect, it } from 'vitest';
import { safeStem, uniqueStems } from '../../src/export/names.js';

describe('safeStem', () => {
  it.each([
    ['storm-events-iothub', 'storm-events-iothub'],
    ['Storm Events', 'storm-events'],
    ['a  b', 'a-b'],
    ['a - b', 'a-b'],
    ['.hidden', 'hidden'],
    ['..', 'unnamed'],
    ['-lead.', 'lead'],
    ['v1.2', 'v1.2'],
    ['Sales_DB 2024', 'sales_db-2024'],
    ['   ', 'unnamed'],
    ['x'.repeat(120), 'x'.repeat(80)],
    [`${'y'.repeat(79)}.z`, 'y'.repeat(79)],
  ])('%j → %j', (name, stem) => {
    expect(safeStem(name)).toBe(stem);
  });
});

describe('uniqueStems', () => {
  const stems = (names: string[], reserved?: ReadonlySet<string>) =>
    Object.fromEntries(uniqueStems(names.map((name) => ({ key: name.toLowerCase(), name })), reserved));

  it('gives each stem to the first key and numbers the others, never taking a stem a name has of its own', () => {
    expect(stems(['a b', 'a-b', 'A-B-2', 'a.b'])).toEqual({ 'a b': 'a-b', 'a-b': 'a-b-3', 'a-b-2': 'a-b-2', 'a.b': 'a.b' });
  });

  it('is the same whatever the input order', () => {
    const names = ['Telemetry', 'telemetry ', 'TELEMETRY.', 'x y', 'x-y'];
    expect(stems(names)).toEqual(stems([...names].reverse()));
  });

  it('keeps away from reserved stems and Windows device names', () => {
    expect(stems(['defaults', 'database', 'con', 'Nul', 'ok'], new Set(['defaults', 'database']))).toEqual({
      defaults: 'defaults-2',
      database: 'database-2',
      con: 'con-2',
      nul: 'nul-2',
      ok: 'ok',
    });
  });
});
