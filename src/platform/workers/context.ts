// A page's context across the thread boundary (docs/DESIGN.md D45): everything but the translator,
// with the CSRF token already read (reading it mints the session's secret, which only the
// request's thread can do). The worker puts the translator back for the request's locale.
import { translator } from '../i18n/index.ts';
import type { PageContext } from '../../ui/context.ts';

/** PageContext as cloneable data. */
export type PlainPageContext = Omit<PageContext, 't'>;

/** The cloneable part of `ctx` (reads its CSRF token: call it where a signed-in page would). */
export function toPlainContext(ctx: PageContext): PlainPageContext {
  const { t: _t, ...rest } = ctx;
  return { ...rest, csrfToken: ctx.csrfToken };
}

/** The page context again, in the worker. */
export function fromPlainContext(p: PlainPageContext): PageContext {
  return { ...p, t: translator(p.locale) };
}
