// What the request log may say about a URL (docs/DESIGN.md D39): secrets that travel in a path —
// the one-time activation token of /activate/:token — are replaced before the line is written,
// wherever they appear (the path, or a `next=` query parameter, encoded or not); and the CSRF token
// an upload form sends in its query string (`_csrf=`, D77).
import type { FastifyRequest } from 'fastify';

/** Paths whose next segment is a secret. */
const SECRET_PREFIXES = ['/activate/'];

/** Query parameters whose value is a secret. */
const SECRET_PARAMS = /([?&]_csrf=)[^&#\s]*/gi;

/** `url` with the secret segment after each SECRET_PREFIXES entry (also %2F-encoded) and each SECRET_PARAMS value replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  let out = url.replace(SECRET_PARAMS, '$1[redacted]');
  for (const prefix of SECRET_PREFIXES) {
    const plain = new RegExp(`${prefix.replace(/\//g, '\\/')}[^/?#&\\s]+`, 'gi');
    const encoded = new RegExp(`${encodeURIComponent(prefix)}[^/?#&%\\s]+`, 'gi');
    out = out.replace(plain, `${prefix}[redacted]`).replace(encoded, `${encodeURIComponent(prefix)}[redacted]`);
  }
  return out;
}

/** The request as Fastify's logger writes it (its default fields but the Host header), with the URL redacted. */
export function requestLogSerializer(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
