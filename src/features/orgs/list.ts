// The organizations of a ward as an office list (docs/DESIGN.md D52, D65): the tree (each body
// followed by its branches, indented on paper and in Excel), filtered by kind and "with ended ones";
// sorted by a column (`sort`/`dir` in the URL) it is a flat list in that order, ties in tree order;
// page, print view and Excel export read the same rows (orgListRows).
import { DIRECTORY_READERS } from '../../platform/auth/roles.ts';
import { isMessageKey, translator, type T } from '../../platform/i18n/index.ts';
import { registerOfficeList, sliceRows, sortRows, type ListColumn } from '../../platform/office-list/spec.ts';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { formatDate } from '../../lib/vi/index.ts';
import { OrgListQuery } from './schema.ts';
import { orgTree, type OrgTreeItem } from './service.ts';

const kindText = (t: T, kind: string) => {
  const key = `org.kind.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
};

const statusText = (t: T, o: OrgTreeItem) => (o.ended && o.valid_to ? t('org.endedOn', { date: formatDate(o.valid_to) }) : o.valid_to ? t('org.activeUntil', { date: formatDate(o.valid_to) }) : t('common.active'));

/** Status as a sort key: in force, then in force until a day (soonest first), then ended (earliest first). */
const statusKey = (o: OrgTreeItem): string => (o.ended ? `2 ${o.valid_to ?? ''}` : o.valid_to ? `1 ${o.valid_to}` : '0');

export const orgColumns: ListColumn<OrgTreeItem>[] = [
  { key: 'name', label: 'org.name', value: (o) => `${'    '.repeat(o.depth)}${o.depth ? '– ' : ''}${o.name}`, width: 52, sortable: true, sortValue: (o) => o.name },
  { key: 'short_name', label: 'org.shortName', value: (o) => o.short_name ?? '', width: 20, sortable: true },
  { key: 'kind', label: 'org.kind', value: (o, t) => kindText(t, o.kind), width: 26, sortable: true },
  { key: 'unit', label: 'org.unit', value: (o) => o.unitName ?? '', width: 26, sortable: true },
  { key: 'status', label: 'org.status', value: (o, t) => statusText(t, o), width: 24, sortable: true, sortValue: statusKey },
];

/**
 * The rows of the organizations list for `query`: the tree (with depths) without `sort`; with one,
 * every shown organization flat (depth 0) in that column's order, empty values last, ties in tree
 * order (a stable sort of the tree). The page, the print view and the Excel file all read these.
 */
export async function orgListRows(db: Queryable, actor: Pick<Actor, 'wardId'>, query: OrgListQuery, t: T): Promise<OrgTreeItem[]> {
  const tree = await orgTree(db, actor, query);
  if (!query.sort || !orgColumns.some((c) => c.key === query.sort && c.sortable)) return tree;
  return sortRows(
    tree.map((o) => ({ ...o, depth: 0 })),
    orgColumns,
    query,
    t,
  );
}

export const orgList = registerOfficeList<OrgListQuery, OrgTreeItem>({
  name: 'orgs',
  path: '/app/orgs',
  title: 'list.orgs.title',
  sheet: 'Danh sách tổ chức',
  file: 'danh-sach-to-chuc',
  access: DIRECTORY_READERS,
  query: OrgListQuery,
  columns: () => orgColumns,
  load: async (db, actor, query, range) => sliceRows(await orgListRows(db, actor, query, translator('vi')), range),
  describe: async (_db, _actor, query, t) => [query.kind ? `${t('org.kind')}: ${kindText(t, query.kind)}` : '', query.ended === '1' ? t('org.showEnded') : ''].filter(Boolean),
});
