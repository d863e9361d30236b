/**
 * Redaction, for any text: an environment secret placed anywhere in it (as written, or as it
 * reads inside JSON) is gone afterwards; bearer tokens, JWTs and SAS signatures are gone too;
 * redacting twice changes nothing more; and text with none of these is left alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact.js';

const secret = fc
  .string({ unit: fc.constantFrom(...'abcXYZ0189-_.~+/="\\\'!@#$%^&*() '.split('')), minLength: 8, maxLength: 40 })
  .filter((s) => s.trim() === s && !'[REDACTED]'.includes(s) && !'[REDACTED-JWT]'.includes(s));
const filler = fc.string({ maxLength: 60 });
const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{10,40}$/);

describe('redact properties', () => {
  it('an environment secret anywhere in the text is gone, as written and as JSON escapes it', () => {
    fc.assert(
      fc.property(filler, secret, filler, fc.boolean(), (before, s, after, asJson) => {
        const text = asJson ? JSON.stringify({ message: `${before}${s}${after}` }) : `${before}${s}${after}`;
        const out = redact(text, { AZURE_CLIENT_SECRET: s });
        expect(out).not.toContain(s);
        expect(out).not.toContain(JSON.stringify(s).slice(1, -1));
        expect(redact(out, { AZURE_CLIENT_SECRET: s })).toBe(out);
      }),
      { numRuns: 500 },
    );
  });

  it('bearer tokens, JWTs and SAS signatures are gone', () => {
    fc.assert(
      fc.property(filler, b64url, b64url, b64url, (around, header, payload, sig) => {
        const jwt = `eyJ${header}.${payload}.${sig}`;
        for (const text of [`${around} Authorization: Bearer ${jwt} ${around}`, `${around}${jwt}`, `https://a.blob.core.windows.net/c?sv=2022&sig=${sig}&se=1 ${around}`]) {
          const out = redact(text, {});
          expect(out).not.toContain(payload);
          expect(out).not.toContain(`sig=${sig}`);
          expect(redact(out, {})).toBe(out);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('text without secrets is left alone', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9 ,.:/-]{0,120}$/), (text) => {
        expect(redact(text, {})).toBe(text);
      }),
    );
  });
});
