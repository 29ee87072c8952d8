// The kept nav (issue 12, docs/DESIGN.md D79): the header's nav served from its kept HTML is the nav
// rendered afresh, byte for byte, for every set of roles, both languages and every page it can mark
// as current, whether it was kept already or not; registering an entry empties what was kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { ROLES, type Role } from '../platform/auth/roles.ts';
import { translator, type Locale } from '../platform/i18n/index.ts';
import type { PageContext } from './context.ts';
import { KeptNav, MainNav, navSnapshot, registerNav } from './layout.tsx';

const ctxOf = (locale: Locale, roles: Role[], path: string): PageContext => ({
  t: translator(locale),
  locale,
  path,
  csrfToken: 'x',
  user: { id: 'u', displayName: 'Nguyễn Thu Trang', username: 'vanphong' },
  ward: null,
  wards: [],
  roles: new Set(roles),
});

/** Every subset of the roles. */
const roleSets = (): Role[][] => Array.from({ length: 1 << ROLES.length }, (_, m) => ROLES.filter((_, i) => m & (1 << i)));

const paths = () => ['/app', '/app/people', '/app/people/new', '/app/peoplex', '/app/account', '/', ...navSnapshot().map((n) => `${n.href}/x`)];

function assertSame(what: string): void {
  for (const locale of ['vi', 'en'] as const) {
    for (const roles of roleSets()) {
      for (const path of paths()) {
        const ctx = ctxOf(locale, roles, path);
        const fresh = renderToString(<MainNav ctx={ctx} />);
        assert.equal(renderToString(<KeptNav ctx={ctx} />), fresh, `${what}: ${locale} ${roles.join('+')} ${path}`);
        // The same set of roles in another order is the same nav.
        assert.equal(renderToString(<KeptNav ctx={ctxOf(locale, [...roles].reverse(), path)} />), fresh, `${what}: ${locale} ${roles.join('+')} ${path}, again`);
      }
    }
  }
}

test('the kept nav is the nav rendered afresh, for every set of roles, language and current page', () => {
  assertSame('first');
  const ctx = ctxOf('vi', ['office'], '/app/people');
  assert.match(renderToString(<KeptNav ctx={ctx} />), /<a href="\/app\/people" aria-current="page">Cán bộ, hội viên<\/a>/);
});

test('registering an entry empties the kept nav: the new entry shows at once', () => {
  const ctx = ctxOf('vi', ['office'], '/app');
  assert.doesNotMatch(renderToString(<KeptNav ctx={ctx} />), /\/app\/nav-test/);
  registerNav({ href: '/app/nav-test', key: 'nav.people', roles: ['office'] });
  assert.match(renderToString(<KeptNav ctx={ctx} />), /href="\/app\/nav-test"/);
  assertSame('after registering');
});
