import type { Role } from '../platform/auth/roles.ts';
import type { PageAccess } from '../platform/access.ts';
import type { Locale, T } from '../platform/i18n/index.ts';

/** Everything a page needs besides its own data. Built per request by platform/http. */
export interface PageContext {
  t: T;
  locale: Locale;
  path: string;
  csrfToken: string;
  user: { id: string; displayName: string; username: string } | null;
  ward: { id: string; name: string } | null;
  wards: { id: string; name: string }[];
  roles: ReadonlySet<Role>;
  /** What the page may offer (platform/access `can`, `canOpen`); absent on pages made without a signed-in ward. */
  access?: PageAccess | undefined;
  /** A confirmation to show once, already translated. */
  notice?: string | undefined;
  /** Unread notifications of the signed-in user in this ward (at most 100), for the header; undefined when not read. */
  unread?: number | undefined;
  /** Standing notices at the top of every page (platform/http/banners.ts), already translated. */
  banners?: { text: string; link?: { href: string; text: string } | undefined }[];
  /** The page answers a POST (a refused form): app.js turns its history entry into a GET (D64). */
  posted?: boolean;
}

export function hasAnyRole(ctx: PageContext, roles: readonly Role[]): boolean {
  return roles.some((r) => ctx.roles.has(r));
}

/**
 * Whether the signed-in user only reads this ward (D54, D65): a body above it (the city's Standing
 * Committee, a province administrator) whose roles reach the ward but hold nothing there to write.
 * The header and the home greeting then say "chỉ xem" rather than a name carrying a note.
 */
export function readsOnly(ctx: Pick<PageContext, 'user' | 'access'>): boolean {
  return !!ctx.user && !!ctx.access && ctx.access.readRoles.size > 0 && ctx.access.writeRoles.size === 0;
}
