// The people list as an office list (docs/DESIGN.md D52): the page's columns, its print view and
// Excel export of the whole filter. Personal details only where the actor reads them (personal.ts),
// and every print or export of them recorded as a `person.export` audit event.
import { DIRECTORY_READERS } from '../../platform/auth/roles.ts';
import { registerOfficeList, type ListColumn } from '../../platform/office-list/spec.ts';
import { formatDate, todayInVietnam } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { recordPersonalExport } from './personal.ts';
import { PeopleQuery } from './schema.ts';
import { listPeople, postsLabel, type PersonListItem } from './service.ts';

/** The columns of the people list: name, posts held on the list's date, birth date, phone. */
export function peopleColumns(onDate: string): ListColumn<PersonListItem>[] {
  return [
    { key: 'name', label: 'person.fullName', value: (p) => p.full_name, width: 28, sortable: true },
    { key: 'posts', label: 'person.posts', header: (t) => t('person.postsOn', { date: formatDate(onDate) }), value: (p) => postsLabel(p.posts), width: 48 },
    { key: 'birth_date', label: 'person.birthDate', value: (p) => (p.personal_hidden ? null : p.birth_date), type: 'date', width: 13, sortable: true },
    { key: 'phone', label: 'person.phone', value: (p) => (p.personal_hidden ? null : p.phone), width: 16 },
  ];
}

export const peopleList = registerOfficeList<PeopleQuery, PersonListItem>({
  name: 'people',
  path: '/app/people',
  title: 'list.people.title',
  sheet: 'Danh sách cán bộ, hội viên',
  file: 'danh-sach-can-bo-hoi-vien',
  access: DIRECTORY_READERS,
  query: PeopleQuery,
  columns: (_t, query) => peopleColumns(query.on ?? todayInVietnam()),
  load: async (db, actor, query, range) => {
    const { items, total } = await listPeople(db, actor, { ...query, page: Math.floor(range.offset / range.limit) + 1, page_size: range.limit });
    return { rows: items, total };
  },
  describe: async (db, actor, query, t) => {
    const org = query.org ? (await listOrgs(db, actor)).find((o) => o.id === query.org) : undefined;
    return [
      query.q ? t('list.search', { q: query.q }) : '',
      org ? `${t('position.org')}: ${org.name}` : '',
      query.on ? `${t('common.onDate')} ${formatDate(query.on)}` : '',
      query.ended === '1' ? t('person.showEnded') : '',
    ].filter(Boolean);
  },
  recordExport: (db, actor, rows, via) => recordPersonalExport(db, actor, rows, via),
});
