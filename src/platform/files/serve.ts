// Sending a stored file back: its own content type, never sniffed by the browser, with a file name
// a Vietnamese reader recognises. docs/DESIGN.md D12.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { storedPath } from './store.ts';
import { safeFileName } from './upload.ts';
import { FILE_KINDS } from './kinds.ts';

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
    .replace(/[^\x20-\x7e]|["\\%]/gu, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${rfc5987(name.normalize('NFC'))}`;
}

/**
 * Content types a browser may show inline from our origin: raster images it decodes as images
 * (never script), sniffed from their bytes at upload and checked by their pixel size (D29).
 * Everything else (PDF, which may carry JavaScript; Office files; HEIC, which browsers do not
 * show) is sent as a download.
 */
export const INLINE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * The name a stored file is sent under: the stored safe name, its extension made to agree with the
 * content type (`Ke hoach.exe` sent as `application/pdf` → `Ke hoach.pdf`; a name without an
 * extension gets one; `bang.xls` stays itself as an `application/x-cfb`, one kind with `.doc`). A content type outside FILE_KINDS keeps the name as it is.
 */
export function servedName(filename: string, contentType: string): string {
  const name = safeFileName(filename);
  const kind = Object.values(FILE_KINDS).find((k) => k.mime === contentType || Object.values(k.names).includes(contentType));
  if (!kind) return name;
  const ext = path.extname(name).slice(1).toLowerCase();
  if (Object.hasOwn(kind.names, ext)) return name; // one of the kind's names (Word or Excel 97 are one kind)
  const wanted = Object.entries(kind.names).find(([, type]) => type === contentType)?.[0] ?? kind.ext;
  return /\.[A-Za-z0-9]{1,5}$/.test(name) ? name.replace(/\.[A-Za-z0-9]{1,5}$/, `.${wanted}`) : `${name}.${wanted}`;
}

export interface SendOptions {
  contentType: string;
  /** `Cache-Control` value, e.g. `private, max-age=3600`. */
  cacheControl: string;
  /** The stored safe name; sent with the extension of its content type (`servedName`). */
  filename: string;
  /** Asks to show the file in the browser: granted only for `INLINE_TYPES`, otherwise a download. */
  inline?: boolean;
}

/**
 * Streams the file stored under `key` with its content type, `X-Content-Type-Options: nosniff`, a
 * `Content-Security-Policy` that lets nothing run (`default-src 'none'; sandbox`), the given cache
 * policy and a `Content-Disposition`: `inline` only for an image of `INLINE_TYPES` when asked,
 * `attachment` for everything else. Returns null (nothing sent) when the key is unsafe or the
 * bytes are not on disk, so the caller answers 404 its own way.
 */
export function sendStoredFile(reply: FastifyReply, filesDir: string, key: string, opts: SendOptions): FastifyReply | null {
  const full = storedPath(filesDir, key);
  if (!full || !fs.existsSync(full)) return null;
  const inline = opts.inline === true && INLINE_TYPES.has(opts.contentType);
  reply.header('content-type', opts.contentType);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('content-security-policy', "default-src 'none'; sandbox");
  reply.header('cache-control', opts.cacheControl);
  reply.header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', servedName(opts.filename, opts.contentType)));
  return reply.send(fs.createReadStream(full));
}
