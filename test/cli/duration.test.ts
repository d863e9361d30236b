import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/cli/options/duration.js';

describe('durations on the command line', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5m', 90_000],
    ['250ms', 250],
    ['1d', 86_400_000],
  ])('%s is %i ms', (text, ms) => expect(parseDuration(text, '--interval')).toBe(ms));

  it.each(['', 'm', '10 minutes', '-5m', '0s', '1h 30m', '5M'])('refuses %j, naming the flag, the value and an example', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(
      new RegExp(`^--interval must be (a duration such as 30s, 10m, 1h or 1h30m|longer than zero).*, got ${JSON.stringify(JSON.stringify(text)).slice(1, -1)}; e\\.g\\. --interval 30s$`),
    );
  });

  it('refuses a bare number on a flag that never took one, saying which units it could mean', () => {
    expect(() => parseDuration('10', '--interval')).toThrow(/^--interval "10": a duration needs a unit, e\.g\. --interval 10s or --interval 10m \(<duration> is a number with a unit: 500ms, 30s/);
  });

  it('reads a bare number in the old unit for one version, with a notice naming the new spelling', () => {
    const notices: string[] = [];
    const warn = (line: string): number => notices.push(line);
    expect(parseDuration('500', '--poll-interval', { legacyUnit: 'ms', warn })).toBe(500);
    expect(parseDuration('30', '--operation-timeout', { legacyUnit: 's', warn })).toBe(30_000);
    expect(parseDuration('2s', '--poll-interval', { legacyUnit: 'ms', warn })).toBe(2_000);
    expect(notices).toEqual([
      'kustodian: --poll-interval 500: a number without a unit is read as milliseconds for one more version; write --poll-interval 500ms instead',
      'kustodian: --operation-timeout 30: a number without a unit is read as seconds for one more version; write --operation-timeout 30s instead',
    ]);
  });

  it('zero only where the flag allows it', () => {
    expect(parseDuration('0', '--resource-graph-lag', { allowZero: true })).toBe(0);
    expect(parseDuration('0s', '--resource-graph-lag', { allowZero: true })).toBe(0);
    expect(() => parseDuration('0', '--poll-interval', { legacyUnit: 'ms' })).toThrow(/^--poll-interval must be longer than zero, got "0"/);
  });

  it('a limit is said as it would be typed', () => {
    expect(() => parseDuration('2h', '--poll-interval', { maxMs: 3_600_000 })).toThrow(/^--poll-interval must be at most 1h, got "2h"$/);
    expect(() => parseDuration('25d', '--operation-timeout', { maxMs: 24 * 86_400_000 })).toThrow(/^--operation-timeout must be at most 24d, got "25d"$/);
    expect(() => parseDuration('367d', '--interval')).toThrow(/^--interval must be at most 366d, got "367d"$/);
  });

  it('formats waits for people', () => {
    expect([850, 42_000, 582_000, 3_600_000].map(formatDuration)).toEqual(['850ms', '42s', '9m 42s', '1h 0m']);
  });
});
