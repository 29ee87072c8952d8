import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate, type MessageKey } from '../i18n/index.ts';

// Refusals made before any hook or handler runs (the router, Node's HTTP parser): Vietnamese like
// every other refusal, never Fastify's or Node's English JSON (docs/DESIGN.md D10, D27).

const CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** The small Vietnamese error page of a refusal made before the app's layout can run. */
function page(message: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${message}</title><link rel="stylesheet" href="/static/app.css"></head><body><main id="main"><h1>${message}</h1><p><a href="/">${translate('vi', 'err.home')}</a></p></main></body></html>`;
}

/**
 * Fastify's `frameworkErrors`: a URL that cannot be decoded (400 `bad_url`) or whose path
 * parameter is longer than the router's `maxParamLength` (414 `url_too_long`). Vietnamese JSON
 * under /api/ or for JSON callers, else a Vietnamese page; with the security headers no hook set.
 */
export function frameworkError(error: { code?: string }, req: FastifyRequest, res: FastifyReply): FastifyReply {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const message = translate('vi', tooLong ? 'err.urlTooLong' : 'err.badUrl');
  const reply = res.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff');
  if (req.url.startsWith('/api/') || /json/.test(req.headers.accept ?? '')) return reply.code(status).send({ error: tooLong ? 'url_too_long' : 'bad_url', message });
  return reply.code(status).type('text/html; charset=utf-8').send(page(message));
}

/**
 * Fastify's `clientErrorHandler`: Node refused the request before it was parsed — the request line
 * and headers over `maxHeaderSize` (16 KiB; e.g. a 1 MB query string) → 431, a timeout → 408,
 * anything else → 400. The request's path is known only from the bytes read so far
 * (`err.rawPacket`): when they start with `<METHOD> /api/` the answer is Vietnamese JSON, else a
 * Vietnamese page. The connection is then closed, as Node does.
 */
export function clientError(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, key, code]: [number, string, MessageKey, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'err.headersTooLarge', 'headers_too_large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'err.clientError', 'timeout']
        : [400, 'Bad Request', 'err.clientError', 'bad_request'];
  const start = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.subarray(0, 64).toString('latin1') : '';
  const api = /^[A-Z]+ \/api\//.test(start);
  const message = translate('vi', key);
  const body = Buffer.from(api ? JSON.stringify({ error: code, message }) : page(message), 'utf8');
  const type = api ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nContent-Security-Policy: ${CSP}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n`);
    socket.write(body);
  }
  socket.destroy(err);
}
