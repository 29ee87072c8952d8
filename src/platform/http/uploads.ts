import type { FastifyInstance } from 'fastify';
import fastifyMultipart from '@fastify/multipart';

/** The largest file any feature accepts (portal attachments); each feature checks its own lower limit. */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
export const UPLOAD_MAX_FILES = 5;

/**
 * Multipart forms for the whole app, registered once: fields land in `req.body` (so the CSRF
 * check reads `_csrf` as for plain forms); a file over the limit arrives truncated, never
 * thrown, so the feature can answer with its own Vietnamese message and write nothing.
 */
export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: UPLOAD_MAX_BYTES + 1, files: UPLOAD_MAX_FILES, fields: 100, fieldSize: 200_000, parts: 120 },
  });
}
