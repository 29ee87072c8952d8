// The public site's own settings (the footer: responsible body, address, phone, e-mail) and the
// thumbnails of article lists. docs/DESIGN.md D55.
import type { Db, Queryable } from '../../db/index.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand } from '../../platform/command.ts';
import { requireAccess } from '../../platform/access.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { SiteFooterInput } from './schema.ts';

export const FOOTER_FIELDS = ['footer_body', 'footer_address', 'footer_phone', 'footer_email'] as const;

/** The ward's default public site with its footer and version, for the settings page; 404 when the ward has none. */
export async function siteSettings(q: Queryable, actor: Pick<Actor, 'wardId'>) {
  const row = await q
    .selectFrom('portal_site')
    .select(['id', 'title', 'subtitle', 'version', ...FOOTER_FIELDS])
    .where('ward_id', '=', actor.wardId)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}
export type SiteSettings = Awaited<ReturnType<typeof siteSettings>>;

/**
 * Saves the footer of the ward's site (editors, approvers, admin: `portal.edit`), bumping its
 * version; a stale version is a conflict. The trigger of migration 0018 bumps content_version, so
 * every cached public page shows the new footer at once (D42).
 */
export async function updateSiteFooter(db: Db, actor: Actor, input: SiteFooterInput): Promise<void> {
  await runCommand(db, actor, 'portal_site.footer', async ({ trx }) => {
    await requireAccess(trx, actor, 'portal.edit');
    const before = await siteSettings(trx, actor);
    if (before.version !== input.version) throw conflict();
    const after = { footer_body: input.footer_body, footer_address: input.footer_address, footer_phone: input.footer_phone, footer_email: input.footer_email };
    await trx
      .updateTable('portal_site')
      .set((eb) => ({ ...after, version: eb('version', '+', 1), updated_at: nowIso() }))
      .where('ward_id', '=', actor.wardId)
      .where('id', '=', before.id)
      .execute();
    await writeAudit(trx, actor, { action: 'portal_site.footer', entityType: 'portal_site', entityId: before.id, summary: input.footer_body ?? before.title, before, after });
  });
}

/** A list thumbnail: the image id (served at /media/<id>/480.jpg) and its alt text. */
export interface Thumb {
  id: string;
  alt: string;
}

/**
 * The thumbnail of each article in `rows`: its chosen cover when it has one, otherwise its first
 * image (by upload time); articles without images have none. One query for the whole list.
 */
export async function thumbnailsOf(q: Queryable, wardId: string, rows: readonly { id: string; cover_image_id: string | null; title: string }[]): Promise<Map<string, Thumb>> {
  const out = new Map<string, Thumb>();
  if (rows.length === 0) return out;
  const files = await q
    .selectFrom('portal_file')
    .select(['id', 'owner_id', 'alt'])
    .where('ward_id', '=', wardId)
    .where('owner_type', '=', 'article')
    .where('kind', '=', 'image')
    .where(
      'owner_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const mine = files.filter((f) => f.owner_id === r.id);
    const pick = mine.find((f) => f.id === r.cover_image_id) ?? mine[0];
    if (pick) out.set(r.id, { id: pick.id, alt: pick.alt ?? r.title });
  }
  return out;
}

/** `rows` with their thumbnails (`thumb`, null when none). */
export async function withThumbs<R extends { id: string; cover_image_id: string | null; title: string }>(q: Queryable, wardId: string, rows: R[]): Promise<(R & { thumb: Thumb | null })[]> {
  const thumbs = await thumbnailsOf(q, wardId, rows);
  return rows.map((r) => ({ ...r, thumb: thumbs.get(r.id) ?? null }));
}
