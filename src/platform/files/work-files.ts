// The ward's register of working files (`work_file`): evidence of progress (programmes) and the
// files of source documents (sources) share it, so its row is written here, always inside the
// transaction of the caller's command; the links to it (`progress_file`,
// `source_document.file_id`) stay with the features. docs/DESIGN.md D6 "Uploads", D12.
import type { Queryable } from '../../db/index.ts';
import type { CommandTx } from '../command.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../actor.ts';
import { notFound } from '../errors.ts';
import type { FastifyReply } from 'fastify';
import { stageFiles, storedPath, type StoredBytes } from './store.ts';
import { sendStoredFile } from './serve.ts';
import { safeFileName, type CheckedFile, type FilePolicy } from './upload.ts';

/**
 * Work files (D6): photos, scans and documents, 10 MiB each, at most 5 per form; JPEG, PNG, WEBP,
 * HEIC, PDF, DOCX, XLSX, ODT, Word/Excel 97–2003. Messages under `files`. Photos get a JPEG preview
 * 1600 pixels wide at most, without metadata (D55); the original bytes are kept for download.
 */
export const WORK_FILES: FilePolicy = {
  maxBytes: 10 * 1024 * 1024,
  maxFiles: 5,
  kinds: ['jpeg', 'png', 'webp', 'heic', 'pdf', 'docx', 'xlsx', 'odt', 'office97'],
  field: 'files',
  previewWidth: 1600,
  messages: { tooMany: 'file.err.tooMany', tooLarge: 'file.err.tooLarge', empty: 'file.err.empty', type: 'file.err.type' },
};

/** Checked files written to disk and waiting for their rows. */
export interface StagedWorkFiles {
  /** Inserts one `work_file` row per file with the caller's transaction `q`; returns their ids in order. */
  insert(q: CommandTx): Promise<string[]>;
  /** Removes the bytes again (when the transaction failed). */
  discard(): Promise<void>;
}

/**
 * Writes checked files under `ROVIEC_FILES/<ward>/<random>.<ext>` (the work register keeps the D6
 * layout, so storage keys already recorded stay valid) before the caller's transaction.
 */
export async function storeWorkFiles(filesDir: string, actor: Pick<Actor, 'wardId' | 'userId'>, files: CheckedFile[]): Promise<StagedWorkFiles> {
  const previews = files.filter((f) => f.preview);
  const staged = await stageFiles(filesDir, { wardId: actor.wardId }, [...files.map((f) => ({ data: f.data, ext: f.ext })), ...previews.map((f) => ({ data: f.preview as Buffer, ext: 'jpg' }))]);
  let p = files.length;
  const rows = files.map((file, i) => ({ id: newId(), stored: staged.files[i] as StoredBytes, file, previewKey: file.preview ? (staged.files[p++]?.key ?? null) : null }));
  return {
    insert: async (q) => {
      for (const r of rows) {
        await q
          .insertInto('work_file')
          .values({ id: r.id, ward_id: actor.wardId, storage_key: r.stored.key, original_name: safeFileName(r.file.filename), content_type: r.file.contentType, size_bytes: r.stored.size, sha256: r.stored.sha256, uploaded_by: actor.userId, created_at: nowIso(), preview_key: r.previewKey })
          .execute();
      }
      return rows.map((r) => r.id);
    },
    discard: staged.discard,
  };
}

/** A work file of the actor's ward: its row and the storage key to send; 404 if it is not there. */
export async function openWorkFile(q: Queryable, filesDir: string, actor: Pick<Actor, 'wardId'>, id: string) {
  const row = await q.selectFrom('work_file').selectAll().where('ward_id', '=', actor.wardId).where('id', '=', id).executeTakeFirst();
  if (!row || !storedPath(filesDir, row.storage_key)) throw notFound();
  return { row, key: row.storage_key };
}

/**
 * Sends a work file opened by `openWorkFile` (the caller has checked who may see its item). A photo
 * with a preview is shown as that JPEG (resized, no location data) under its name with `.jpg`;
 * with `original` the bytes exactly as uploaded are sent as a download under the name the person
 * gave, every character kept (D55; servedName fixes only an extension that lies about the bytes). Any other file: an image of `INLINE_TYPES` shown in the browser, everything
 * else (PDF included) as a download under its stored name with the extension of its type; never
 * stored by the browser. Null when the bytes are gone.
 */
export function sendWorkFile(reply: FastifyReply, filesDir: string, f: Awaited<ReturnType<typeof openWorkFile>>, opts: { original?: boolean } = {}): FastifyReply | null {
  // Not kept after sign-out on a shared office PC (D77): a photo of a ward's work is private.
  const cacheControl = 'private, no-store';
  if (f.row.preview_key && !opts.original) {
    return sendStoredFile(reply, filesDir, f.row.preview_key, { contentType: 'image/jpeg', cacheControl, filename: previewName(f.row.original_name), inline: true });
  }
  if (opts.original) return sendStoredFile(reply, filesDir, f.key, { contentType: f.row.content_type, cacheControl, filename: f.row.original_name, inline: false });
  return sendStoredFile(reply, filesDir, f.key, { contentType: f.row.content_type, cacheControl, filename: f.row.original_name, inline: true });
}

/** The name a preview is sent under: the person's name with `.jpg` for its extension (`IMG_0001.HEIC` → `IMG_0001.jpg`). */
export function previewName(name: string): string {
  return /\.[A-Za-z0-9]{1,5}$/.test(name) ? name.replace(/\.[A-Za-z0-9]{1,5}$/, '.jpg') : `${name}.jpg`;
}

/** Whether a work file row has a photo preview: the page links the original as a download beside it. */
export const hasPreview = (row: { preview_key: string | null }): boolean => !!row.preview_key;

/** Whether a file URL asks for the original bytes (`?original=1`, the "Tải bản gốc" link) rather than a photo's preview. */
export function wantsOriginal(query: unknown): boolean {
  return typeof query === 'object' && query !== null && (query as Record<string, unknown>).original === '1';
}
