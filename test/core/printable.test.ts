/** Outside text is printed inert: no terminal control, no forged line, no reordering. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostics.js';
import { firstUnsafeCharacter, printable } from '../../src/core/printable.js';

describe('printable', () => {
  it.each([
    ['\u001b]0;pwned\u0007', '\\u001b]0;pwned\\u0007'],
    ['\u001b[2K\u001b[1Aline', '\\u001b[2K\\u001b[1Aline'],
    ['a\nb\r\nc', 'a\\u000ab\\u000d\\u000ac'],
    ['evil\u202egnp.exe', 'evil\\u202egnp.exe'],
    ['line\u2028separator\u2029', 'line\\u2028separator\\u2029'],
    ['\u009b31m', '\\u009b31m'],
    ['tab\tstays, é and 漢字 too', 'tab\tstays, é and 漢字 too'],
  ])('%j → %j', (raw, shown) => {
    expect(printable(raw)).toBe(shown);
    expect(printable(printable(raw))).toBe(printable(shown));
  });

  it('names the first unsafe character', () => {
    expect(firstUnsafeCharacter('ok')).toBeUndefined();
    expect(firstUnsafeCharacter('a\u0007b\u001b')).toBe('U+0007');
    expect(firstUnsafeCharacter('x\u2066')).toBe('U+2066');
  });

  it('a diagnostic quoting hostile text stays one line plus its hint', () => {
    const text = formatDiagnostic({
      severity: 'error',
      code: 'KD122',
      message: 'unknown field `x\n::error file=a.yaml::forged` in spec',
      hint: 'did you mean `\u001b[2Ky`?',
      source: { file: 'odd\nname.yaml', line: 1, col: 1 },
    });
    expect(text.split('\n')).toHaveLength(2);
    expect(text).not.toMatch(/\u001b/);
    expect(text).toContain('odd\\u000aname.yaml:1:1: error KD122: unknown field `x\\u000a::error file=a.yaml::forged` in spec');
  });
});
