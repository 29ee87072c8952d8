// Sending a stored file back: its own content type, never sniffed by the browser, with a file name
// a Vietnamese reader recognises. docs/DESIGN.md D12.
import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { storedPath } from './store.ts';
import { safeFileName } from './upload.ts';

/** RFC 5987 `value-chars`: everything outside `attr-char` percent-encoded as UTF-8. */
function rfc5987(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A `Content-Disposition` value (RFC 6266) for `filename`: an ASCII `filename="…"` for old
 * clients (Vietnamese letters without their marks, đ → d, anything else outside printable ASCII
 * and `"`, `\`, `%` as `_`) and the exact name as `filename*=UTF-8''…`.
 * `contentDisposition('attachment', 'Kế hoạch.pdf')` →
 * `attachment; filename="Ke hoach.pdf"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch.pdf`.
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const name = safeFileName(filename);
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${rfc5987(name.normalize('NFC'))}`;
}

export interface SendOptions {
  contentType: string;
  /** `Cache-Control` value, e.g. `private, max-age=3600`. */
  cacheControl: string;
  /** With a file name: sent with `Content-Disposition`; without: no such header. */
  disposition?: { type: 'inline' | 'attachment'; filename: string };
}

/**
 * Streams the file stored under `key` with its content type, `X-Content-Type-Options: nosniff`,
 * the given cache policy and, if asked, a `Content-Disposition`. Returns null (nothing sent) when
 * the key is unsafe or the bytes are not on disk, so the caller answers 404 its own way.
 */
export function sendStoredFile(reply: FastifyReply, filesDir: string, key: string, opts: SendOptions): FastifyReply | null {
  const full = storedPath(filesDir, key);
  if (!full || !fs.existsSync(full)) return null;
  reply.header('content-type', opts.contentType);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', opts.cacheControl);
  if (opts.disposition) reply.header('content-disposition', contentDisposition(opts.disposition.type, opts.disposition.filename));
  return reply.send(fs.createReadStream(full));
}
