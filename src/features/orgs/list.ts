// The organizations of a ward as an office list (docs/DESIGN.md D52): the tree (each body followed
// by its branches, indented on paper and in Excel), filtered by kind and "with ended ones"; its
// print view and Excel export. A tree keeps its order: no column sort.
import { DIRECTORY_READERS } from '../../platform/auth/roles.ts';
import { isMessageKey, type T } from '../../platform/i18n/index.ts';
import { registerOfficeList, sliceRows, type ListColumn } from '../../platform/office-list/spec.ts';
import { formatDate } from '../../lib/vi/index.ts';
import { OrgListQuery } from './schema.ts';
import { orgTree, type OrgTreeItem } from './service.ts';

const kindText = (t: T, kind: string) => {
  const key = `org.kind.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
};

const statusText = (t: T, o: OrgTreeItem) => (o.ended && o.valid_to ? t('org.endedOn', { date: formatDate(o.valid_to) }) : o.valid_to ? t('org.activeUntil', { date: formatDate(o.valid_to) }) : t('common.active'));

export const orgColumns: ListColumn<OrgTreeItem>[] = [
  { key: 'name', label: 'org.name', value: (o) => `${'    '.repeat(o.depth)}${o.depth ? '– ' : ''}${o.name}`, width: 52 },
  { key: 'short_name', label: 'org.shortName', value: (o) => o.short_name ?? '', width: 20 },
  { key: 'kind', label: 'org.kind', value: (o, t) => kindText(t, o.kind), width: 26 },
  { key: 'unit', label: 'org.unit', value: (o) => o.unitName ?? '', width: 26 },
  { key: 'status', label: 'org.status', value: (o, t) => statusText(t, o), width: 24 },
];

export const orgList = registerOfficeList<OrgListQuery, OrgTreeItem>({
  name: 'orgs',
  path: '/app/orgs',
  title: 'list.orgs.title',
  sheet: 'Danh sách tổ chức',
  file: 'danh-sach-to-chuc',
  access: DIRECTORY_READERS,
  query: OrgListQuery,
  columns: () => orgColumns,
  load: async (db, actor, query, range) => sliceRows(await orgTree(db, actor, query), range),
  describe: async (_db, _actor, query, t) => [query.kind ? `${t('org.kind')}: ${kindText(t, query.kind)}` : '', query.ended === '1' ? t('org.showEnded') : ''].filter(Boolean),
});
