import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES, translate, type Locale, type MessageKey } from '../i18n/index.ts';
import { LANG_COOKIE } from './security.ts';

// Refusals made before any hook or handler runs (the router, Node's HTTP parser): in the reader's
// language (the rv_lang cookie, Vietnamese by default) like every other refusal, never Fastify's or
// Node's English JSON (docs/DESIGN.md D10, D27), and with the same security headers as every other
// answer (security-headers.ts, D79): no hook runs to set them.

/** The small error page of a refusal made before the app's layout can run. */
function page(locale: Locale, message: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${message}</title><link rel="stylesheet" href="/static/app.css"></head><body><main id="main"><h1>${message}</h1><p><a href="/">${translate(locale, 'err.home')}</a></p></main></body></html>`;
}

/** The language a Cookie header (or the raw request bytes holding one) asks for: the LANG_COOKIE one of LOCALES, else vi (security.ts `pickLocale`: pages ignore Accept-Language). */
function localeOf(cookies: string | undefined): Locale {
  const asked = new RegExp(`(?:^|[;\\s])${LANG_COOKIE}=(\\w+)`, 'm').exec(cookies ?? '')?.[1];
  return (LOCALES as string[]).includes(asked ?? '') ? (asked as Locale) : 'vi';
}

/**
 * The handlers Fastify is given for refusals before any hook, each answer carrying `headers` (the
 * app's security headers, `securityHeadersFor(config)`):
 * - `frameworkError` (Fastify's `frameworkErrors`): a URL that cannot be decoded (400 `bad_url`) or
 *   whose path parameter is longer than the router's `maxParamLength` (414 `url_too_long`); JSON
 *   under /api/ or for JSON callers, else a page;
 * - `clientError` (Fastify's `clientErrorHandler`): Node refused the request before it was parsed —
 *   the request line and headers over `maxHeaderSize` (16 KiB; e.g. a 1 MB query string) → 431, a
 *   timeout → 408, anything else → 400. The request is known only from the bytes read so far
 *   (`err.rawPacket`): when they start with `<METHOD> /api/` the answer is JSON, else a page; the
 *   language from a Cookie header among them. The connection is then closed, as Node does.
 */
export function frameworkErrorHandlers(headers: Readonly<Record<string, string>>): {
  frameworkError: (error: { code?: string }, req: FastifyRequest, res: FastifyReply) => FastifyReply;
  clientError: (err: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => void;
} {
  const headerLines = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return {
    frameworkError(error, req, res) {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      const locale = localeOf(req.headers.cookie);
      const message = translate(locale, tooLong ? 'err.urlTooLong' : 'err.badUrl');
      const reply = res.headers(headers);
      if (req.url.startsWith('/api/') || /json/.test(req.headers.accept ?? '')) return reply.code(status).send({ error: tooLong ? 'url_too_long' : 'bad_url', message });
      return reply.code(status).type('text/html; charset=utf-8').send(page(locale, message));
    },
    clientError(err, socket) {
      clientErrorAnswer(err, socket, headerLines);
    },
  };
}

/** The answer of `clientError` (above), written on the socket with the security headers' lines. */
function clientErrorAnswer(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket, headerLines: string): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, key, code]: [number, string, MessageKey, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'err.headersTooLarge', 'headers_too_large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'err.clientError', 'timeout']
        : [400, 'Bad Request', 'err.clientError', 'bad_request'];
  const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.subarray(0, 64 * 1024).toString('latin1') : '';
  const api = /^[A-Z]+ \/api\//.test(raw.slice(0, 64));
  const locale = localeOf(/^cookie:(.*)$/im.exec(raw)?.[1]);
  const message = translate(locale, key);
  const body = Buffer.from(api ? JSON.stringify({ error: code, message }) : page(locale, message), 'utf8');
  const type = api ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n${headerLines}Connection: close\r\n\r\n`);
    socket.write(body);
  }
  socket.destroy(err);
}
