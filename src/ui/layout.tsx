import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { MessageKey } from '../platform/i18n/index.ts';
import type { Role } from '../platform/auth/roles.ts';
import { type PageContext, hasAnyRole, readsOnly } from './context.ts';

export interface NavItem {
  href: string;
  key: MessageKey;
  roles: readonly Role[];
  soon?: boolean;
  /** Other paths of the section (a task page belongs to the programmes): the entry is marked current there too. */
  also?: readonly string[];
}

// Navigation of the working app; features not built yet show as "sắp có" without a link.
const NAV: NavItem[] = [
  { href: '/app', key: 'nav.dashboard', roles: ['admin', 'standing', 'office', 'org_head', 'member', 'editor'], also: ['/app/home'] },
  { href: '/app/programmes', key: 'nav.programmes', roles: ['admin', 'standing', 'office', 'org_head', 'member'], soon: true },
  { href: '/app/meetings', key: 'nav.meetings', roles: ['admin', 'standing', 'office'], soon: true },
  { href: '/app/reports', key: 'nav.reports', roles: ['admin', 'standing', 'office', 'org_head'], soon: true },
  { href: '/app/opinions', key: 'nav.opinions', roles: ['admin', 'standing', 'office', 'org_head'], soon: true },
  { href: '/app/portal', key: 'nav.portal', roles: ['admin', 'standing', 'office', 'editor'], soon: true },
  { href: '/app/people', key: 'nav.people', roles: ['admin', 'standing', 'office', 'org_head', 'member', 'editor'], also: ['/app/positions', '/app/memberships'] },
  { href: '/app/orgs', key: 'nav.orgs', roles: ['admin', 'standing', 'office', 'org_head', 'member', 'editor'] },
  { href: '/app/units', key: 'nav.units', roles: ['admin', 'standing', 'office', 'org_head', 'member', 'editor'] },
  { href: '/app/users', key: 'nav.users', roles: ['admin'] },
  { href: '/app/audit', key: 'nav.audit', roles: ['admin', 'standing', 'office'] },
];

/** Features register their nav entries here at startup (href -> entry), replacing "soon" ones. */
export function registerNav(item: NavItem): void {
  const i = NAV.findIndex((n) => n.href === item.href);
  if (i >= 0) NAV[i] = item;
  else NAV.push(item);
  navKept.clear();
}

/**
 * The nav as registered in this thread, as plain data: a worker thread replays it with
 * `registerNav` so the pages it renders carry the same menu (platform/workers, D45).
 */
export function navSnapshot(): NavItem[] {
  return NAV.map((n) => ({ ...n, roles: [...n.roles], ...(n.also ? { also: [...n.also] } : {}) }));
}

export function Csrf({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

/**
 * The `action` of a multipart (upload) form: the path with the CSRF token in the query string,
 * because the server checks the token before it reads a byte of the body (docs/DESIGN.md D10).
 */
export function uploadAction(ctx: PageContext, action: string): string {
  return `${action}${action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(ctx.csrfToken)}`;
}

export function Layout({ ctx, title, children, wide }: { ctx: PageContext; title: string; children: ComponentChildren; wide?: boolean }) {
  const { t } = ctx;
  const other = ctx.locale === 'vi' ? 'en' : 'vi';
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* For scripts and API callers with a cookie session; anonymous pages make no token (D27). */}
        {ctx.user && <meta name="csrf-token" content={ctx.csrfToken} />}
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}' />
        {/* An answer to a POST (a refused form): a reload asks by GET, never re-sends (D64). */}
        {ctx.posted && <meta name="rv-posted" content="1" />}
        <title>{`${title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/vendor/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <a class="brand" href={ctx.user ? '/app' : '/'}>
              {t('app.name')}
            </a>
            {ctx.ward && <span class="ward-name">{ctx.ward.name}</span>}
            <div class="masthead-tools">
              {ctx.user && ctx.wards.length > 1 && (
                <form method="post" action="/app/ward" class="ward-switch">
                  <Csrf ctx={ctx} />
                  <label class="sr-only" for="ward-select">
                    {t('nav.ward')}
                  </label>
                  <select id="ward-select" name="wardId">
                    {ctx.wards.map((w) => (
                      <option value={w.id} selected={w.id === ctx.ward?.id}>
                        {w.name}
                      </option>
                    ))}
                  </select>
                  <button type="submit">{t('nav.switchWard')}</button>
                </form>
              )}
              <a href={`/lang/${other}?next=${encodeURIComponent(ctx.path)}`} lang={other} hreflang={other}>
                {t('lang.switch')}
              </a>
              {ctx.user ? (
                <>
                  <UnreadLink ctx={ctx} />
                  <a href="/app/account">{ctx.user.displayName}</a>
                  {readsOnly(ctx) && <span class="muted">({t('nav.readOnly')})</span>}
                  <form method="post" action="/logout" class="inline">
                    <Csrf ctx={ctx} />
                    <button type="submit" class="link">
                      {t('nav.logout')}
                    </button>
                  </form>
                </>
              ) : (
                <a href="/login">{t('nav.login')}</a>
              )}
            </div>
          </div>
          {ctx.user && <KeptNav ctx={ctx} />}
        </header>
        <main id="main" class={wide ? 'wide' : undefined}>
          {ctx.banners?.map((b) => (
            <p class="notice warn banner" role="note">
              {b.text}
              {b.link && (
                <>
                  {' '}
                  <a href={b.link.href}>{b.link.text}</a>
                </>
              )}
            </p>
          ))}
          {ctx.notice && (
            <p class="notice" role="status">
              {ctx.notice}
            </p>
          )}
          {children}
        </main>
        <footer class="foot">
          <p>{t('app.tagline')}</p>
        </footer>
      </body>
    </html>
  );
}

/**
 * Working entries as links, the ones not built yet folded into one "sắp có" disclosure. On a phone
 * the bar is replaced by a <details> menu naming the current page (CSS picks one; no JS needed).
 */
export function MainNav({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="mainnav" aria-label={ctx.t('nav.menu')}>
      <NavLists ctx={ctx} />
    </nav>
  );
}

/** What `MainNav` holds: the bar, then the phone's menu. */
function NavLists({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const { links, soon, current } = navOf(ctx);
  const items = () =>
    links.map((n) => (
      <li>
        <a href={n.href} aria-current={n === current ? 'page' : undefined}>
          {t(n.key)}
        </a>
      </li>
    ));
  return (
    <>
      <ul class="nav-bar">
        {items()}
        {soon.length > 0 && (
          <li class="is-soon">
            <details class="nav-soon">
              <summary>
                {t('nav.soon')} ({soon.length})
              </summary>
              <ul>
                {soon.map((n) => (
                  <li class="soon">{t(n.key)}</li>
                ))}
              </ul>
            </details>
          </li>
        )}
      </ul>
      <details class="nav-menu">
        <summary>
          {t('nav.menu')}
          {current && <span class="nav-here">{t(current.key)}</span>}
        </summary>
        <ul>{items()}</ul>
      </details>
    </>
  );
}

/** The entries `ctx`'s roles reach (links, then the ones not built yet) and the link of the page it shows. */
function navOf(ctx: PageContext): { links: NavItem[]; soon: NavItem[]; current: NavItem | undefined } {
  const mine = NAV.filter((n) => hasAnyRole(ctx, n.roles));
  const links = mine.filter((n) => !n.soon);
  return { links, soon: mine.filter((n) => n.soon), current: links.find((n) => isCurrent(ctx.path, n)) };
}

// The nav rendered once per language, set of roles and current entry (issue 12, D79): it holds
// nothing of one user, and rendering its two lists of links was a tenth of a kept people page's
// CPU. Emptied when an entry is registered; at most NAV_KEPT of them.
const navKept = new Map<string, string>();
const NAV_KEPT = 512;

/** `MainNav` with its lists' HTML kept per language, roles and current entry: the same bytes. */
export function KeptNav({ ctx }: { ctx: PageContext }) {
  const key = `${ctx.locale}|${[...ctx.roles].sort().join(',')}|${navOf(ctx).current?.href ?? ''}`;
  let html = navKept.get(key);
  if (html === undefined) {
    html = renderToString(<NavLists ctx={ctx} />);
    if (navKept.size >= NAV_KEPT) navKept.clear();
    navKept.set(key, html);
  }
  return <nav class="mainnav" aria-label={ctx.t('nav.menu')} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Whether `path` is a page of entry `n`'s section: its link, a page under it, or one of its other paths (`also`). */
export function isCurrent(path: string, n: Pick<NavItem, 'href' | 'also'>): boolean {
  const under = (p: string) => path === p || path.startsWith(p + '/');
  return (n.href === '/app' ? path === '/app' : under(n.href)) || (n.also ?? []).some(under);
}

/**
 * The notifications link of the header with the unread count (issue 11, D49): the number shown
 * beside the word, and said in full to a screen reader ("3 thông báo chưa đọc").
 */
function UnreadLink({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const n = ctx.unread ?? 0;
  return (
    <a href="/app/notifications" class="notif-link" aria-current={ctx.path === '/app/notifications' ? 'page' : undefined}>
      {t('nav.notifications')}
      {n > 0 && (
        <>
          {' '}
          <span class="notif-count" aria-hidden="true">
            {n >= 100 ? '99+' : n}
          </span>
          <span class="sr-only">{` (${n >= 100 ? t('nav.unreadMany') : t('nav.unread', { n })})`}</span>
        </>
      )}
    </a>
  );
}
