// The people list page's kept parts (issue 12, docs/DESIGN.md D78): the filters (with the ward's
// organizations) and the table of one page with its pager, rendered once and kept while the ward's
// directory stamp `d:<ward>` (migration 0025: any change of its people, posts, memberships or
// organizations) is unchanged, for the readers who see every person's details alike (office,
// Standing Committee: platform/personal.ts `readsAllPersonalData`). Others (an organization's head
// reads only its own people's details) get the parts rendered afresh. What is one user's (the
// header, the bulk-end form with its CSRF token) is rendered per request around them.
import { renderToString } from 'preact-render-to-string';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { translator, type Locale } from '../../platform/i18n/index.ts';
import { directoryScope, keep, Kept, type StampReader } from '../../platform/kept.ts';
import { readsAllPersonalData } from '../../platform/personal.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import type { PeopleQuery } from './schema.ts';
import { listPeople } from './service.ts';
import { PeopleFilters, PeopleTable } from './views.tsx';

/** A page's kept parts (UTF-8: the filters, then the table and pager) and how many people its filter holds. */
export interface PeopleListParts {
  total: number;
  parts: [Buffer, Buffer];
}

/** At most 1,000 pages (~25 KB each) and 32 MB in all. */
const store = new Kept<PeopleListParts>(1000, 32 * 1024 * 1024, (v) => v.parts[0].length + v.parts[1].length);

/**
 * The kept parts of the people list's page for `query` in `locale`:
 * - `wholeQuery`: the list's query words for its print and Excel links (office-list `wholeListQuery`);
 * - `bulkOrgId`: the organization whose members the page offers to end at once (a box per row), or null;
 * - `stamps`: the request's stamp reader (platform/kept.ts `stampReaderOf`: the directory stamp read with the session, D79).
 * Kept per ward, language, day, query and those two; made by `listPeople` and the orgs' service.
 */
export async function peopleListParts(db: Queryable, actor: Actor, query: PeopleQuery, locale: Locale, wholeQuery: string, bulkOrgId: string | null, stamps: StampReader): Promise<PeopleListParts> {
  const readsAll = await readsAllPersonalData(db, actor);
  const make = async (): Promise<PeopleListParts> => {
    const [{ items, total, onDate }, orgs] = await Promise.all([listPeople(db, actor, query), listOrgs(db, actor)]);
    const ctx = { t: translator(locale) };
    const orgOptions = orgs.map((o) => ({ value: o.id, label: o.name }));
    return {
      total,
      parts: [
        Buffer.from(renderToString(<PeopleFilters ctx={ctx} query={query} onDate={onDate} orgOptions={orgOptions} wholeQuery={wholeQuery} />)),
        Buffer.from(renderToString(<PeopleTable ctx={ctx} items={items} total={total} query={query} onDate={onDate} bulkOrgId={bulkOrgId} byBirth={readsAll} />)),
      ],
    };
  };
  if (!readsAll) return make();
  const { q, org, on, ended, sort, dir, page, page_size } = query;
  const key = JSON.stringify([actor.wardId, locale, on ?? todayInVietnam(), bulkOrgId, wholeQuery, q, org, on, ended, sort, dir, page, page_size]);
  return keep(store, db, key, () => stamps([directoryScope(actor.wardId)]), make);
}
