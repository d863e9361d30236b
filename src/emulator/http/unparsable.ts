/**
 * Requests that never reach the request handler, or break off inside it, still get ARM's error
 * JSON, once: bytes node's HTTP parser refuses (a malformed request line or header, headers over
 * the size limit, broken chunked encoding in the middle of a body) and CONNECT, which node hands
 * to a separate event and would otherwise answer by closing the connection without a word.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { Duplex } from 'node:stream';

interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly code: string;
  readonly message: string;
}

function refusalFor(error: Error & { code?: string }): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', code: 'RequestHeaderFieldsTooLarge', message: 'The request headers are larger than the server accepts.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', code: 'RequestTimeout', message: 'The request was not received in time.' };
    default:
      return { status: 400, reason: 'Bad Request', code: 'InvalidRequestFormat', message: 'The request is not valid HTTP/1.1 and could not be read.' };
  }
}

const bodyOf = (r: Refusal): string => JSON.stringify({ error: { code: r.code, message: r.message } });

function answerOnSocket(socket: Duplex, r: Refusal): void {
  const body = bodyOf(r);
  socket.end(
    `HTTP/1.1 ${r.status} ${r.reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function answerUnparsableRequests(server: Server): void {
  // The response under way on each connection, if any: a parse error in the middle of a body
  // must be answered through it, or the connection would carry two answers.
  const inFlight = new WeakMap<Duplex, ServerResponse>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight.set(req.socket, res);
    res.on('close', () => {
      if (inFlight.get(req.socket) === res) inFlight.delete(req.socket);
    });
  });

  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    // The peer went away: nothing to say.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const res = inFlight.get(socket);
    if (res === undefined) {
      answerOnSocket(socket, refusalFor(error));
      return;
    }
    if (!res.headersSent) {
      const r = refusalFor(error);
      const body = bodyOf(r);
      res.shouldKeepAlive = false;
      // With a length, not chunked: the answer reads the same whichever of this and the handler wins.
      res.writeHead(r.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' });
      res.end(body);
    }
    // The connection cannot carry another request once its bytes stopped making sense.
    if (res.writableFinished) socket.destroy();
    else res.on('finish', () => socket.destroy());
  });

  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    answerOnSocket(socket, { status: 405, reason: 'Method Not Allowed', code: 'MethodNotAllowed', message: "The requested resource does not support http method 'CONNECT'." });
  });
}
