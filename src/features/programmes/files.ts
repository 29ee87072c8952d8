// Evidence files: size- and type-checked (type sniffed from the bytes, never trusted from the
// browser), stored under ROVIEC_FILES with random names; a row in work_file per file.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { notFound, ValidationError } from '../../platform/errors.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;

/** What evidence may be: photos, scans, documents. */
export const ALLOWED_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/x-cfb': 'doc', // Word 97–2003 / Excel 97–2003
};

export interface Upload {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

interface PartLike {
  type?: string;
  value?: unknown;
  filename?: string;
  _buf?: Buffer | null;
  file?: { truncated?: boolean };
}

/**
 * The request body as plain fields (multipart parts unwrapped to their values) and the files of
 * one field. Urlencoded and JSON bodies pass through with no files.
 */
export function formAndFiles(req: FastifyRequest, fileField: string): { fields: Record<string, unknown>; files: Upload[] } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (!req.isMultipart?.()) return { fields: body, files: [] };
  const fields: Record<string, unknown> = {};
  const files: Upload[] = [];
  for (const [k, raw] of Object.entries(body)) {
    const parts = (Array.isArray(raw) ? raw : [raw]) as PartLike[];
    if (k === fileField) {
      for (const p of parts) {
        if (p?.type !== 'file') continue;
        const data = p._buf ?? Buffer.alloc(0);
        if (!p.filename && data.length === 0) continue; // an empty file input
        files.push({ filename: p.filename ?? 'tep', data, truncated: !!p.file?.truncated });
      }
      continue;
    }
    const values = parts.filter((p) => p && p.type !== 'file').map((p) => p.value);
    fields[k] = values.length === 1 ? values[0] : values;
  }
  return { fields, files };
}

export interface CheckedFile extends Upload {
  contentType: string;
  ext: string;
}

/** Size and type of each file; the first bad one is named in Vietnamese. */
export async function checkFiles(files: Upload[], field = 'files'): Promise<CheckedFile[]> {
  if (files.length > MAX_FILES) throw new ValidationError({ [field]: 'file.err.tooMany' });
  const out: CheckedFile[] = [];
  for (const f of files) {
    if (f.truncated || f.data.length > MAX_FILE_BYTES) throw new ValidationError({ [field]: 'file.err.tooLarge' });
    if (f.data.length === 0) throw new ValidationError({ [field]: 'file.err.empty' });
    const sniffed = await fileTypeFromBuffer(f.data);
    const ext = sniffed ? ALLOWED_TYPES[sniffed.mime] : undefined;
    if (!sniffed || !ext) throw new ValidationError({ [field]: 'file.err.type' });
    out.push({ ...f, contentType: sniffed.mime, ext });
  }
  return out;
}

function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = path.basename(name.normalize('NFC')).replace(/[\u0000-\u001f"\\/]/g, '_').slice(0, 200);
  return base || 'tep';
}

/**
 * Writes checked files to disk; returns a function that inserts their rows (inside the caller's
 * transaction) and one that removes the bytes again if that transaction fails.
 */
export async function storeFiles(filesDir: string, actor: Pick<Actor, 'wardId' | 'userId'>, files: CheckedFile[]) {
  const dir = path.join(filesDir, actor.wardId);
  await fs.mkdir(dir, { recursive: true });
  const stored: { id: string; key: string; file: CheckedFile; sha256: string }[] = [];
  for (const f of files) {
    const key = `${actor.wardId}/${crypto.randomBytes(16).toString('hex')}.${f.ext}`;
    await fs.writeFile(path.join(filesDir, key), f.data, { flag: 'wx' });
    stored.push({ id: newId(), key, file: f, sha256: crypto.createHash('sha256').update(f.data).digest('hex') });
  }
  return {
    insert: async (q: Queryable): Promise<string[]> => {
      for (const s of stored) {
        await q
          .insertInto('work_file')
          .values({ id: s.id, ward_id: actor.wardId, storage_key: s.key, original_name: safeName(s.file.filename), content_type: s.file.contentType, size_bytes: s.file.data.length, sha256: s.sha256, uploaded_by: actor.userId, created_at: nowIso() })
          .execute();
      }
      return stored.map((s) => s.id);
    },
    discard: async (): Promise<void> => {
      await Promise.all(stored.map((s) => fs.rm(path.join(filesDir, s.key), { force: true })));
    },
  };
}

/** A stored file of the actor's ward: its row and a path to read. */
export async function openFile(q: Queryable, filesDir: string, actor: Pick<Actor, 'wardId'>, id: string) {
  const row = await q.selectFrom('work_file').selectAll().where('ward_id', '=', actor.wardId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const full = path.join(filesDir, row.storage_key);
  if (!full.startsWith(path.resolve(filesDir) + path.sep)) throw notFound();
  return { row, path: full };
}
