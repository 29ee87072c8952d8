import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { AppError } from '../errors.ts';

/** Requests of an upload scope whose multipart body was read to its end (preHandler reached). */
const bodiesRead = new WeakSet<FastifyRequest>();

/**
 * Whether `err` was thrown while reading a multipart body (a boundary missing, a body cut off, the
 * client gone mid-upload: busboy's plain errors, before any handler ran): the sender's fault or
 * their connection's, a 400 `err.badMultipart`, never a 500 in the log.
 */
export function isMultipartReadError(req: FastifyRequest, err: unknown): boolean {
  return !(err instanceof AppError) && /^multipart\//i.test(req.headers['content-type'] ?? '') && !bodiesRead.has(req) && !(typeof (err as { statusCode?: unknown })?.statusCode === 'number');
}

/** The largest file any feature accepts (portal attachments); each feature checks its own lower limit. */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
export const UPLOAD_MAX_FILES = 5;

/** What one upload-taking scope accepts. */
export interface UploadLimits {
  /** Largest file in bytes that the feature accepts; one byte more is read so the feature sees `truncated`. */
  fileSize: number;
  /** Most files in one request. */
  files: number;
  /**
   * The URLs (as registered, e.g. `/app/meetings/:id/reports`) in the scope that take files, when
   * the scope also holds other routes (a whole feature's plugin): a multipart request to any other
   * route of the scope is a 415 before a byte of its body is read. Omit only for a scope made for
   * its upload routes alone.
   */
  routes?: readonly string[];
}

/**
 * Multipart forms for one encapsulated scope only (a feature's upload routes), never the whole
 * app: a multipart request to any other route is a 415. Fields land in `req.body`; a file over
 * `limits.fileSize` arrives truncated, never thrown, so the feature can answer with its own
 * Vietnamese message and write nothing. The CSRF token of a multipart form comes from the
 * `x-csrf-token` header or the `_csrf` query parameter, checked in onRequest before any part is
 * read (platform/http/security.ts); a `_csrf` field in the body is not looked at.
 *
 * Call inside `app.register(async (scope) => { await registerMultipart(scope, …); scope.post(…) })`.
 */
export async function registerMultipart(scope: FastifyInstance, limits: UploadLimits): Promise<void> {
  if (limits.fileSize > UPLOAD_MAX_BYTES) throw new Error(`upload limit ${limits.fileSize} over ${UPLOAD_MAX_BYTES}`);
  const only = limits.routes ? new Set(limits.routes) : null;
  if (only) {
    // After the root's onRequest hooks (identity, access, CSRF), still before the body.
    scope.addHook('onRequest', async (req) => {
      if (/^multipart\//i.test(req.headers['content-type'] ?? '') && !only.has(req.routeOptions.url ?? '')) throw new AppError(415, 'err.unsupportedMedia');
    });
  }
  // Reached once every part was read (multipart parses in preValidation): later errors are the app's.
  scope.addHook('preHandler', (req, _reply, done) => {
    bodiesRead.add(req);
    done();
  });
  await scope.register(fastifyMultipart, {
    // Every part is read in preValidation, before the write gate's preHandler (admission.ts, D77):
    // a slow upload holds no write slot while it arrives.
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    // One file more than allowed still arrives, so the feature refuses "too many files" with its own
    // message on the form; past that the parser stops reading (413).
    limits: { fileSize: limits.fileSize + 1, files: limits.files + 1, fields: 100, fieldSize: 200_000, parts: limits.files + 101 },
  });
}
