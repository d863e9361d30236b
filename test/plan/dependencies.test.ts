import { describe, expect, it } from 'vitest';
import { danglingDependencies, dependencyCycles } from '../../src/plan/dependencies.js';

const graph = (edges: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(edges));

describe('dependency order', () => {
  it.each<[string, Record<string, string[]>, string[][]]>([
    ['none', { a: [], b: ['a'] }, []],
    ['a self-loop', { a: ['a'] }, [['a']]],
    ['a pair', { a: ['b'], b: ['a'] }, [['a', 'b']]],
    ['a loop reached through a later dependency', { a: ['x', 'b'], b: ['c'], c: ['a'], x: [] }, [['a', 'b', 'c']]],
    ['a loop behind a chain, reported once', { x: ['a'], a: ['b'], b: ['a'] }, [['a', 'b']]],
    ['a diamond is no loop', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, []],
  ])('%s', (_, edges, cycles) => {
    expect(dependencyCycles(graph(edges))).toEqual(cycles);
  });

  it('walks a chain of 100,000 changes without overflowing the stack', () => {
    const n = 100_000;
    const deps = new Map(Array.from({ length: n }, (_, i) => [`c${i}`, [`c${(i + 1) % n}`]]));
    expect(dependencyCycles(deps)[0]).toHaveLength(n);
  });

  it('names each dependency on an address that is not among the changes', () => {
    expect(danglingDependencies(graph({ a: ['ghost', 'b'], b: [] }))).toEqual([{ address: 'a', dependency: 'ghost' }]);
  });
});
