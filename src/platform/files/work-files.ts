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
import { stageFiles, storedPath } from './store.ts';
import { sendStoredFile } from './serve.ts';
import { safeFileName, type CheckedFile, type FilePolicy } from './upload.ts';

/**
 * Work files (D6): photos, scans and documents, 10 MiB each, at most 5 per form; JPEG, PNG, WEBP,
 * HEIC, PDF, DOCX, XLSX, ODT, Word/Excel 97–2003. Messages under `files`.
 */
export const WORK_FILES: FilePolicy = {
  maxBytes: 10 * 1024 * 1024,
  maxFiles: 5,
  kinds: ['jpeg', 'png', 'webp', 'heic', 'pdf', 'docx', 'xlsx', 'odt', 'office97'],
  field: 'files',
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
  const staged = await stageFiles(filesDir, { wardId: actor.wardId }, files.map((f) => ({ data: f.data, ext: f.ext })));
  const rows = staged.files.map((s, i) => ({ id: newId(), stored: s, file: files[i] as CheckedFile }));
  return {
    insert: async (q) => {
      for (const r of rows) {
        await q
          .insertInto('work_file')
          .values({ id: r.id, ward_id: actor.wardId, storage_key: r.stored.key, original_name: safeFileName(r.file.filename), content_type: r.file.contentType, size_bytes: r.stored.size, sha256: r.stored.sha256, uploaded_by: actor.userId, created_at: nowIso() })
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
 * Sends a work file opened by `openWorkFile` (the caller has checked who may see its item): an
 * image of `INLINE_TYPES` shown in the browser, everything else (PDF included) as a download
 * under its stored name with the extension of its type; private cache. Null when the bytes are gone.
 */
export function sendWorkFile(reply: FastifyReply, filesDir: string, f: Awaited<ReturnType<typeof openWorkFile>>): FastifyReply | null {
  return sendStoredFile(reply, filesDir, f.key, { contentType: f.row.content_type, cacheControl: 'private, max-age=3600', filename: f.row.original_name, inline: true });
}
