/**
 * Every byte kustodian prints passes through `redact`: the CLI entry wraps stdout and stderr
 * once, so no output path — plans in any format, apply events and reports, diagnostics,
 * commander's own messages, and commands added later — can print a secret.
 *
 * Redaction works per write call; every writer here writes whole lines or whole documents, so a
 * secret is never split across two calls.
 */
import type { Writable } from 'node:stream';
import { redact } from '../../core/redact.js';
import type { CliIO } from '../process/io.js';

type Env = Readonly<Record<string, string | undefined>>;
type Callback = (error?: Error | null) => void;

function redactChunk(chunk: string | Uint8Array, env: Env): string | Uint8Array {
  if (typeof chunk === 'string') return redact(chunk, env);
  const text = Buffer.from(chunk).toString('utf8');
  const clean = redact(text, env);
  return clean === text ? chunk : Buffer.from(clean, 'utf8');
}

/** The same stream (TTY flags, columns, events), with `write` redacting what it is given. */
export function redactingStream<S extends Writable>(stream: S, env: Env): S {
  const write = (chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | Callback, callback?: Callback): boolean => {
    const clean = redactChunk(chunk, env);
    if (typeof encodingOrCallback === 'function') return stream.write(clean, encodingOrCallback);
    if (encodingOrCallback !== undefined) return stream.write(clean, encodingOrCallback, callback);
    return stream.write(clean, callback);
  };
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function redactingIO(io: CliIO): CliIO {
  return { ...io, stdout: redactingStream(io.stdout, io.env), stderr: redactingStream(io.stderr, io.env) };
}
