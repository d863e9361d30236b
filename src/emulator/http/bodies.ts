/** Reading request bodies (bounded) and writing JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmError } from '../arm/errors.js';

/** Bodies above this are refused with 413 (ARM's own limit is larger; this keeps the emulator safe). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  const tooLarge = () =>
    new ArmError(413, 'RequestEntityTooLarge', `The request content is larger than the limit of ${limit} bytes.`, undefined, undefined, {
      Connection: 'close',
    });
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      // The body broke off (the client went away, or its framing was invalid): a request problem.
      if (!refused) reject(new ArmError(400, 'InvalidRequestContent', `The request content could not be read: ${err.message}.`));
    });
  });
}

/** A JSON request body, with ARM's answers for the wrong content type and malformed JSON. */
export function parseJson(contentType: string | undefined, raw: Buffer): unknown {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw.length === 0) {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: the body is empty.');
  }
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw new ArmError(
      415,
      'UnsupportedMediaType',
      `The content media type '${mediaType === '' ? '(none)' : mediaType}' is not supported. Only 'application/json' is supported.`,
    );
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${err instanceof Error ? err.message : String(err)}'.`,
    );
  }
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent || res.destroyed) return;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined) {
    res.setHeader('Content-Length', '0');
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.writeHead(status);
  res.end(text);
}
