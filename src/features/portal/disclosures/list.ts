// The staff's list of disclosures (công khai) as an office list (docs/DESIGN.md D52): filters (kind,
// state on today) and the sort in the URL, and the print view and Excel export of the whole filter.
// A ward posts tens of items a year: the list is read whole, filtered and sorted in memory.
import { z } from 'zod';
import { pageFields, sortFields } from '../../../platform/list.ts';
import { registerOfficeList, sliceRows, sortRows, type ListColumn } from '../../../platform/office-list/spec.ts';
import type { MessageKey, T } from '../../../platform/i18n/index.ts';
import type { Queryable } from '../../../db/index.ts';
import type { Actor } from '../../../platform/actor.ts';
import { todayInVietnam } from '../../../lib/vi/index.ts';
import { PORTAL_APPROVERS } from '../schema.ts';
import { DISCLOSURE_KINDS } from './schema.ts';
import { daysLeft, staffDisclosures, statusOn, type DisclosureRow, type DisclosureStatus } from './service.ts';

export const DISCLOSURE_STATES = ['current', 'upcoming', 'expired', 'withdrawn'] as const satisfies readonly DisclosureStatus[];
export const DISCLOSURE_SORTS = ['name', 'kind', 'posted_on', 'ends_on', 'status'] as const;

/** The staff list's URL: kind, state today, page, sort (default: newest posting first). */
export const StaffDisclosureQuery = z.object({
  kind: z.enum(DISCLOSURE_KINDS).optional().catch(undefined),
  state: z.enum(DISCLOSURE_STATES).optional().catch(undefined),
  ...pageFields(),
  ...sortFields(DISCLOSURE_SORTS),
});
export type StaffDisclosureQuery = z.output<typeof StaffDisclosureQuery>;

export const kindLabel = (t: T, k: string): string => t(`disclosure.kind.${k}` as MessageKey);
export const STATE_KEY: Record<DisclosureStatus, MessageKey> = { current: 'disclosure.current', expired: 'disclosure.expired', upcoming: 'disclosure.upcoming', withdrawn: 'disclosure.withdrawn' };

/** The columns, as of `today` (the state and the days left). */
export function disclosureColumns(today: string): ListColumn<DisclosureRow>[] {
  return [
    { key: 'name', label: 'disclosure.name', value: (r) => r.title, width: 56, sortable: true },
    { key: 'kind', label: 'disclosure.kind', value: (r, t) => kindLabel(t, r.kind), width: 28, sortable: true },
    { key: 'posted_on', label: 'disclosure.postedOn', value: (r) => r.posted_on, type: 'date', width: 15, sortable: true },
    { key: 'ends_on', label: 'disclosure.endsOn', value: (r) => r.ends_on, type: 'date', width: 15, sortable: true },
    {
      key: 'status',
      label: 'disclosure.status',
      value: (r, t) => {
        const s = statusOn(r, today);
        return s === 'current' ? `${t(STATE_KEY[s])} (${t('disclosure.daysLeft', { n: daysLeft(r.ends_on, today) })})` : t(STATE_KEY[s]);
      },
      sortValue: (r) => DISCLOSURE_STATES.indexOf(statusOn(r, today)),
      width: 24,
      sortable: true,
    },
  ];
}

/** The ward's disclosures matching the filter, in the asked order. */
export async function filteredDisclosures(db: Queryable, actor: Actor, query: StaffDisclosureQuery, t: T, today = todayInVietnam()): Promise<DisclosureRow[]> {
  const rows = (await staffDisclosures(db, actor)).filter((r) => (!query.kind || r.kind === query.kind) && (!query.state || statusOn(r, today) === query.state));
  return sortRows(rows, disclosureColumns(today), query, t);
}

export const disclosureList = registerOfficeList<StaffDisclosureQuery, DisclosureRow>({
  name: 'disclosures',
  path: '/app/portal/disclosures',
  title: 'list.disclosures.title',
  sheet: 'Danh sách công khai',
  file: 'danh-sach-cong-khai',
  access: PORTAL_APPROVERS,
  query: StaffDisclosureQuery,
  columns: () => disclosureColumns(todayInVietnam()),
  load: async (db, actor, query, range) => sliceRows(await filteredDisclosures(db, actor, query, (k) => k), range),
  describe: async (_db, _actor, query, t) => [query.kind ? `${t('disclosure.kind')}: ${kindLabel(t, query.kind)}` : '', query.state ? `${t('disclosure.status')}: ${t(STATE_KEY[query.state])}` : ''].filter(Boolean),
});
