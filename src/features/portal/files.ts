// Images and attachments of articles and disclosures. Images are checked by decoding them (not by
// name or declared type), turned upright, stripped of metadata (no GPS from a phone) and stored as
// JPEG in two widths; attachments are accepted only for the document types a commune publishes,
// sniffed from their bytes. Reading, checking, storing and sending bytes is platform/files (D12);
// the sharp processing and the portal_file rows are the portal's.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand } from '../../platform/command.ts';
import { requireThat } from '../../platform/access.ts';
import { notFound, ValidationError } from '../../platform/errors.ts';
import { checkFiles, keepIfRecorded, photoJpegs, removeStored, safeFileName, stageFiles, type FilePolicy, type Upload } from '../../platform/files/index.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { isApprover } from './service.ts';
import { PORTAL_APPROVERS, PORTAL_STAFF } from './schema.ts';

export type { Upload };

export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const IMAGE_WIDTHS = [480, 1024] as const;

/** Storage key (platform/files) of one variant (`480.jpg`, `1024.jpg`, `file`) of a portal file: `portal/<ward>/<id>-<variant>`. */
export function storageKey(wardId: string, fileId: string, variant: string): string {
  return `portal/${wardId}/${fileId}-${variant}`;
}

/**
 * Decodes the upload (HEIC from iPhones included) and returns the JPEG variants of IMAGE_WIDTHS,
 * upright and without metadata (platform/files photoJpegs, the one function of every image upload);
 * refuses what is not an image or is too large, in bytes or pixels.
 */
export async function processImage(upload: Upload): Promise<{ width: number; height: number; variants: Map<number, Buffer> }> {
  if (upload.truncated || upload.data.length > IMAGE_MAX_BYTES) throw new ValidationError({ file: 'portal.err.imageTooLarge' });
  if (upload.data.length === 0) throw new ValidationError({ file: 'portal.err.fileRequired' });
  return photoJpegs(upload.data, IMAGE_WIDTHS, 'file', { notImage: 'portal.err.notImage', pixels: 'file.err.pixels', heic: 'file.err.heic' });
}

/** Attachments (D5): PDF, Word, Excel, PowerPoint (pptx), OpenDocument text and sheet, 20 MB; the name must say what the bytes are. */
export const ATTACHMENTS: FilePolicy = {
  maxBytes: ATTACHMENT_MAX_BYTES,
  maxFiles: 1,
  kinds: ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'office97'],
  field: 'file',
  matchName: true,
  messages: { tooMany: 'portal.err.badAttachment', tooLarge: 'portal.err.attachmentTooLarge', empty: 'portal.err.fileRequired', type: 'portal.err.badAttachment' },
};

/** Checks an attachment (size, kind sniffed from the bytes, matching name); its content type and safe file name. */
export async function checkAttachment(upload: Upload): Promise<{ mime: string; filename: string }> {
  const checked = await checkFiles([upload], ATTACHMENTS);
  return { mime: checked[0]?.contentType ?? 'application/octet-stream', filename: safeFileName(upload.filename) };
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

/** Stores an image with its required alt text; the files are removed again if the row cannot be written. */
export async function addImage(db: Db, actor: Actor, filesDir: string, owner: Owner, upload: Upload, meta: { alt: string; caption: string | null }): Promise<string> {
  await assertOwner(db, actor, owner);
  const img = await processImage(upload);
  const id = newId();
  const staged = await stageFiles(filesDir, { area: 'portal', wardId: actor.wardId }, [...img.variants].map(([w, data]) => ({ name: `${id}-${w}.jpg`, data })));
  await keepIfRecorded(staged, () =>
    runCommand(db, actor, 'portal_file.image', async ({ trx }) => {
      await assertOwner(trx, actor, owner);
      const row = {
        id,
        ward_id: actor.wardId,
        owner_type: owner.type,
        owner_id: owner.id,
        kind: 'image',
        filename: safeFileName(upload.filename),
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
    }),
  );
  return id;
}

export async function addAttachment(db: Db, actor: Actor, filesDir: string, owner: Owner, upload: Upload, title: string | null): Promise<string> {
  await assertOwner(db, actor, owner);
  const { mime, filename } = await checkAttachment(upload);
  const id = newId();
  const staged = await stageFiles(filesDir, { area: 'portal', wardId: actor.wardId }, [{ name: `${id}-file`, data: upload.data }]);
  await keepIfRecorded(staged, () =>
    runCommand(db, actor, 'portal_file.attachment', async ({ trx }) => {
      await assertOwner(trx, actor, owner);
      const row = { id, ward_id: actor.wardId, owner_type: owner.type, owner_id: owner.id, kind: 'attachment', filename, mime, size_bytes: upload.data.length, width: null, height: null, alt: null, caption: title, created_by_label: actor.label, created_at: nowIso() };
      await trx.insertInto('portal_file').values(row).execute();
      await writeAudit(trx, actor, { action: 'portal_file.attachment', entityType: owner.type, entityId: owner.id, summary: filename, after: row });
    }),
  );
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
    if (owner.type === 'article') await trx.updateTable('article').set((eb) => ({ cover_image_id: null, version: eb('version', '+', 1) })).where('ward_id', '=', actor.wardId).where('id', '=', owner.id).where('cover_image_id', '=', fileId).execute();
    await writeAudit(trx, actor, { action: 'portal_file.delete', entityType: owner.type, entityId: owner.id, summary: f.filename, before: f });
  });
  const variants = f.kind === 'image' ? IMAGE_WIDTHS.map((w) => `${w}.jpg`) : ['file'];
  await removeStored(filesDir, variants.map((v) => storageKey(actor.wardId, fileId, v)));
  return owner;
}

/** Who is asking for a portal file: the ward of the site the host name chose, and the signed-in reader's ward and roles. */
export interface FileReader {
  siteWardId: string | null;
  staff: { wardId: string; roles: ReadonlySet<string> } | null;
}

/**
 * A portal file with the access of its owner (D5, D29): public (`cache: 'public'`) when it belongs
 * to the ward of the site the request's host chose and its article is published and out
 * (`published_at <= now`) or its disclosure is posted (`posted_on <= today`) and not withdrawn;
 * otherwise only for the staff of the file's own ward who may see the owner (articles: editors
 * and approvers; disclosures: approvers), `cache: 'private'`; otherwise null (the caller's 404).
 * A file of another ward is never found through this site's host.
 */
export async function readableFile(db: Queryable, fileId: string, reader: FileReader, now = nowIso()) {
  const wards = [reader.siteWardId, reader.staff?.wardId].filter((w): w is string => !!w);
  if (wards.length === 0) return null;
  const f = await db.selectFrom('portal_file').selectAll().where('id', '=', fileId).where('ward_id', 'in', wards).executeTakeFirst();
  if (!f) return null;
  const isPublic =
    f.owner_type === 'article'
      ? !!(await db.selectFrom('article').select('id').where('ward_id', '=', f.ward_id).where('id', '=', f.owner_id).where('status', '=', 'published').where('published_at', '<=', now).executeTakeFirst())
      : !!(await db.selectFrom('disclosure').select('id').where('ward_id', '=', f.ward_id).where('id', '=', f.owner_id).where('withdrawn_on', 'is', null).where('posted_on', '<=', todayInVietnam(new Date(now))).executeTakeFirst());
  if (isPublic && f.ward_id === reader.siteWardId) return { ...f, cache: 'public' as const };
  const staffRoles: readonly string[] = f.owner_type === 'article' ? PORTAL_STAFF : PORTAL_APPROVERS;
  const staff = reader.staff && reader.staff.wardId === f.ward_id && staffRoles.some((r) => reader.staff?.roles.has(r));
  return staff ? { ...f, cache: 'private' as const } : null;
}
