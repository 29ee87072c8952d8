// Response compression (docs/DESIGN.md D43): HTML, CSS, JavaScript, JSON and XML feeds, when the
// client accepts it; never what is compressed already (XLSX, DOCX and ODT are zip files, images,
// PDF), never a body under COMPRESS_THRESHOLD bytes. ETags are left as the route set them and the
// 304 answer (no body) is never touched; `Vary: Accept-Encoding` tells caches the two forms apart.
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';
import { Negotiator } from '@fastify/accept-negotiator';

/** Bodies smaller than this (bytes) go as they are: the saving does not pay for the work. */
export const COMPRESS_THRESHOLD = 1024;

/** gzip level (1–9) and brotli quality (0–11) chosen by measure (D43). */
export const GZIP_LEVEL = 6;
export const BROTLI_QUALITY = 4;

// Text types only: everything else we send (XLSX, DOCX, ODT, images, PDF, octet-stream
// downloads) is either compressed already or not ours to re-encode.
const COMPRESSIBLE = /^(?:text\/(?:html|css|plain|javascript|csv|calendar|xml)|application\/(?:json|problem\+json|javascript|xml|rss\+xml|atom\+xml|manifest\+json)|image\/svg\+xml)\s*(?:;|$)/i;

/** Whether a response of this Content-Type is compressed (when long enough and accepted). */
export function isCompressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType);
}

/** Registers compression for every route declared after it. */
export async function setupCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    // The server's preference among encodings the client accepts equally (D43).
    encodings: ['br', 'gzip'],
    threshold: COMPRESS_THRESHOLD,
    customTypes: (type: string) => isCompressible(type),
    zlibOptions: { level: GZIP_LEVEL },
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
    // Request bodies are never inflated: a client sends them as they are.
    globalDecompression: false,
  });
}

/** An encoding a precompressed body is kept in (the on-the-fly compression's, D43). */
export type BodyEncoding = 'br' | 'gzip';

// The negotiator @fastify/compress itself uses (with its preference br, then gzip), with a small
// cache of the few Accept-Encoding values browsers send.
const negotiator = new Negotiator<BodyEncoding | 'identity'>({ supportedValues: ['br', 'gzip', 'identity'], cache: new Map() });

/**
 * Which encoding to send a body of `bytes` bytes in, for the request's Accept-Encoding header, as
 * the on-the-fly compression would choose it: `br` preferred, then `gzip` ("x-gzip" and "*" as
 * gzip), null for identity (no or an unknown header, `identity`, or a body under COMPRESS_THRESHOLD).
 * For routes that keep precompressed variants of a cached body (`compressBody`) and set
 * Content-Encoding themselves (then @fastify/compress leaves the answer alone). docs/DESIGN.md D68.
 */
export function acceptedEncoding(header: string | undefined, bytes: number): BodyEncoding | null {
  if (!header || bytes < COMPRESS_THRESHOLD) return null;
  const e = negotiator.negotiate(header.toLowerCase().replace(/\*|x-gzip/g, 'gzip'));
  return e === 'br' || e === 'gzip' ? e : null;
}

/** `body` compressed with the same settings as the on-the-fly compression (brotli quality 4, gzip level 6). Synchronous: for a body made once and sent many times. */
export function compressBody(body: Buffer, encoding: BodyEncoding): Buffer {
  return encoding === 'br' ? zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } }) : zlib.gzipSync(body, { level: GZIP_LEVEL });
}
