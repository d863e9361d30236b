import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/cli/duration.js';

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

  it.each(['10', '', 'm', '10 minutes', '-5m', '0s', '1h 30m', '5M'])('refuses %j with the accepted forms', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(/^--interval must be (a duration such as 30s, 10m, 1h or 1h30m|longer than zero)/);
  });

  it('formats waits for people', () => {
    expect([850, 42_000, 582_000, 3_600_000].map(formatDuration)).toEqual(['850ms', '42s', '9m 42s', '1h 0m']);
  });
});
