/** The CLI's streams redact whatever is written to them, and are otherwise the same streams. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { redactingStream } from '../../src/cli/output/redacting-io.js';
import { captureIO, iotHubManifest, tempTrees } from '../helpers.js';

const SECRET = 'Placeholder"Client\\Secret-77';
const env = { AZURE_CLIENT_SECRET: SECRET };
const tree = tempTrees();

function sink(): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const stream: PassThrough & { isTTY?: boolean; columns?: number } = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('redacting streams', () => {
  it('redacts strings and bytes, as written and JSON-escaped, and calls callbacks', async () => {
    const { stream, text } = sink();
    const safe = redactingStream(stream, env);
    let called = 0;
    safe.write(`a ${SECRET} b\n`);
    safe.write(Buffer.from(`${JSON.stringify({ s: SECRET })}\n`), () => (called += 1));
    safe.write('Authorization: Bearer abc.def.ghi\n', 'utf8', () => (called += 1));
    safe.write(Buffer.from([0xe2, 0x9c, 0x93, 0x0a]));
    await new Promise((r) => setImmediate(r));
    expect(text()).toBe('a [REDACTED] b\n{"s":"[REDACTED]"}\nAuthorization: Bearer [REDACTED]\n✓\n');
    expect(called).toBe(2);
  });

  it('keeps the stream itself: TTY flag, columns, events', () => {
    const { stream } = sink();
    stream.isTTY = true;
    stream.columns = 93;
    const safe = redactingStream(stream, env);
    expect(safe.isTTY).toBe(true);
    expect(safe.columns).toBe(93);
    let ended = false;
    safe.on('finish', () => (ended = true));
    safe.end();
    return new Promise<void>((resolve) => setImmediate(() => {
      expect(ended).toBe(true);
      resolve();
    }));
  });
});

describe('main() prints no secret, whichever command prints it', () => {
  it('validate quotes a field name equal to the secret: text and JSON are redacted', async () => {
    const dir = tree({ 'a.yaml': iotHubManifest('a', `  ${JSON.stringify(SECRET)}: x\n`) });
    for (const format of ['text', 'json']) {
      const io = captureIO(dir, env);
      expect(await main(['node', 'kustodian', 'validate', '-o', format, '.'], io)).toBe(1);
      const out = io.out() + io.err();
      expect(out).toContain('KD122');
      expect(out).toContain('[REDACTED]');
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(JSON.stringify(SECRET).slice(1, -1));
    }
  });
});
