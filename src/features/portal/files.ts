// Images and attachments of articles and disclosures. Images are checked by decoding them (not by
// name or declared type), turned upright, stripped of metadata (no GPS from a phone) and stored as
// JPEG in two widths; attachments are accepted only for the document types a commune publishes,
// checked by their first bytes.
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand } from '../../platform/command.ts';
import { requireThat } from '../../platform/access.ts';
import { notFound, ValidationError } from '../../platform/errors.ts';
import { cleanText } from '../../lib/vi/index.ts';
import { isApprover } from './service.ts';

export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const IMAGE_WIDTHS = [480, 1024] as const;
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

export interface Upload {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

export function storagePath(filesDir: string, wardId: string, fileId: string, variant: string): string {
  return path.join(filesDir, 'portal', wardId, `${fileId}-${variant}`);
}

/** Decodes the upload; refuses what is not an image or is too large. Returns the JPEG variants. */
export async function processImage(upload: Upload): Promise<{ width: number; height: number; variants: Map<number, Buffer> }> {
  if (upload.truncated || upload.data.length > IMAGE_MAX_BYTES) throw new ValidationError({ file: 'portal.err.imageTooLarge' });
  if (upload.data.length === 0) throw new ValidationError({ file: 'portal.err.fileRequired' });
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>["metadata"]>>;
  try {
    meta = await sharp(upload.data, { limitInputPixels: 60_000_000 }).metadata();
  } catch {
    throw new ValidationError({ file: 'portal.err.notImage' });
  }
  if (!meta.format || !IMAGE_FORMATS.has(meta.format) || !meta.width || !meta.height) throw new ValidationError({ file: 'portal.err.notImage' });
  const variants = new Map<number, Buffer>();
  let size = { width: meta.width, height: meta.height };
  try {
    for (const w of IMAGE_WIDTHS) {
      const { data, info } = await sharp(upload.data, { limitInputPixels: 60_000_000 })
        .rotate()
        .resize({ width: w, withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 78, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      variants.set(w, data);
      if (w === 1024) size = { width: info.width, height: info.height };
    }
  } catch {
    throw new ValidationError({ file: 'portal.err.notImage' });
  }
  return { ...size, variants };
}

const DOC_TYPES: { ext: string[]; mime: string; magic: (b: Buffer) => boolean }[] = [
  { ext: ['pdf'], mime: 'application/pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { ext: ['docx'], mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: isZip },
  { ext: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: isZip },
  { ext: ['pptx'], mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: isZip },
  { ext: ['odt'], mime: 'application/vnd.oasis.opendocument.text', magic: isZip },
  { ext: ['ods'], mime: 'application/vnd.oasis.opendocument.spreadsheet', magic: isZip },
  { ext: ['doc'], mime: 'application/msword', magic: isOle },
  { ext: ['xls'], mime: 'application/vnd.ms-excel', magic: isOle },
];

function isZip(b: Buffer): boolean {
  return b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}
function isOle(b: Buffer): boolean {
  return b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

/** A file name safe to store and to send back: no path, no control characters, at most 150 characters. */
export function safeFilename(name: string): string {
  const base = cleanText(path.basename(name.replace(/\\/g, '/')))
    .replace(/[\p{Cc}"<>|:*?/\\]/gu, '_')
    .slice(-150);
  return base || 'tep';
}

export function checkAttachment(upload: Upload): { mime: string; filename: string } {
  if (upload.truncated || upload.data.length > ATTACHMENT_MAX_BYTES) throw new ValidationError({ file: 'portal.err.attachmentTooLarge' });
  if (upload.data.length === 0) throw new ValidationError({ file: 'portal.err.fileRequired' });
  const filename = safeFilename(upload.filename);
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const type = DOC_TYPES.find((d) => d.ext.includes(ext));
  if (!type || !type.magic(upload.data)) throw new ValidationError({ file: 'portal.err.badAttachment' });
  return { mime: type.mime, filename };
}

type Owner = { type: 'article' | 'disclosure'; id: string };

/** The access check of a file command (requireThat: marks the running command checked); returns the owner's title. */
async function assertOwner(db: Queryable, actor: Actor, owner: Owner): Promise<string> {
  if (owner.type === 'article') {
    const a = await db.selectFrom('article').select(['title', 'status']).where('ward_id', '=', actor.wardId).where('id', '=', owner.id).executeTakeFirst();
    if (!a) throw notFound();
    const editable = isApprover(actor) || (actor.roles.has('editor') && ['draft', 'returned', 'unpublished'].includes(a.status));
    requireThat(editable);
    return a.title;
  }
  requireThat(isApprover(actor));
  const d = await db.selectFrom('disclosure').select('title').where('ward_id', '=', actor.wardId).where('id', '=', owner.id).executeTakeFirst();
  if (!d) throw notFound();
  return d.title;
}

async function writeFiles(files: [string, Buffer][]): Promise<void> {
  for (const [p, data] of files) {
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, data);
  }
}

async function removeFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => fs.rm(p, { force: true })));
}

/** Stores an image with its required alt text; the files are removed again if the row cannot be written. */
export async function addImage(db: Db, actor: Actor, filesDir: string, owner: Owner, upload: Upload, meta: { alt: string; caption: string | null }): Promise<string> {
  await assertOwner(db, actor, owner);
  const img = await processImage(upload);
  const id = newId();
  const written = [...img.variants].map(([w, data]) => [storagePath(filesDir, actor.wardId, id, `${w}.jpg`), data] as [string, Buffer]);
  await writeFiles(written);
  try {
    await runCommand(db, actor, 'portal_file.image', async ({ trx }) => {
      await assertOwner(trx, actor, owner);
      const row = {
        id,
        ward_id: actor.wardId,
        owner_type: owner.type,
        owner_id: owner.id,
        kind: 'image',
        filename: safeFilename(upload.filename),
        mime: 'image/jpeg',
        size_bytes: img.variants.get(1024)?.length ?? 0,
        width: img.width,
        height: img.height,
        alt: meta.alt,
        caption: meta.caption,
        created_by_label: actor.label,
        created_at: nowIso(),
      };
      await trx.insertInto('portal_file').values(row).execute();
      await writeAudit(trx, actor, { action: 'portal_file.image', entityType: owner.type, entityId: owner.id, summary: meta.alt, after: row });
    });
  } catch (e) {
    await removeFiles(written.map(([p]) => p));
    throw e;
  }
  return id;
}

export async function addAttachment(db: Db, actor: Actor, filesDir: string, owner: Owner, upload: Upload, title: string | null): Promise<string> {
  await assertOwner(db, actor, owner);
  const { mime, filename } = checkAttachment(upload);
  const id = newId();
  const p = storagePath(filesDir, actor.wardId, id, 'file');
  await writeFiles([[p, upload.data]]);
  try {
    await runCommand(db, actor, 'portal_file.attachment', async ({ trx }) => {
      await assertOwner(trx, actor, owner);
      const row = { id, ward_id: actor.wardId, owner_type: owner.type, owner_id: owner.id, kind: 'attachment', filename, mime, size_bytes: upload.data.length, width: null, height: null, alt: null, caption: title, created_by_label: actor.label, created_at: nowIso() };
      await trx.insertInto('portal_file').values(row).execute();
      await writeAudit(trx, actor, { action: 'portal_file.attachment', entityType: owner.type, entityId: owner.id, summary: filename, after: row });
    });
  } catch (e) {
    await removeFiles([p]);
    throw e;
  }
  return id;
}

export async function removeFile(db: Db, actor: Actor, filesDir: string, fileId: string): Promise<Owner> {
  const f = await db.selectFrom('portal_file').selectAll().where('ward_id', '=', actor.wardId).where('id', '=', fileId).executeTakeFirst();
  if (!f) throw notFound();
  const owner = { type: f.owner_type as Owner['type'], id: f.owner_id };
  await assertOwner(db, actor, owner);
  await runCommand(db, actor, 'portal_file.delete', async ({ trx }) => {
    await assertOwner(trx, actor, owner);
    await trx.deleteFrom('portal_file').where('id', '=', fileId).where('ward_id', '=', actor.wardId).execute();
    if (owner.type === 'article') await trx.updateTable('article').set({ cover_image_id: null }).where('id', '=', owner.id).where('cover_image_id', '=', fileId).execute();
    await writeAudit(trx, actor, { action: 'portal_file.delete', entityType: owner.type, entityId: owner.id, summary: f.filename, before: f });
  });
  const variants = f.kind === 'image' ? IMAGE_WIDTHS.map((w) => `${w}.jpg`) : ['file'];
  await removeFiles(variants.map((v) => storagePath(filesDir, actor.wardId, fileId, v)));
  return owner;
}

/** Whether a file may be shown to the public: its article is out, or it belongs to a posted disclosure. */
export async function publicFile(db: Db, fileId: string, now = nowIso()) {
  const f = await db.selectFrom('portal_file').selectAll().where('id', '=', fileId).executeTakeFirst();
  if (!f) return null;
  if (f.owner_type === 'article') {
    const a = await db.selectFrom('article').select('id').where('id', '=', f.owner_id).where('status', '=', 'published').where('published_at', '<=', now).executeTakeFirst();
    return a ? f : { ...f, hidden: true as const };
  }
  const d = await db.selectFrom('disclosure').select('id').where('id', '=', f.owner_id).where('withdrawn_on', 'is', null).executeTakeFirst();
  return d ? f : { ...f, hidden: true as const };
}

