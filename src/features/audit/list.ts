// The audit log as an office list (docs/DESIGN.md D52): its print view and Excel export of the
// whole filter (who, kind of object, action, dates), newest first or in the sort of the URL (D65), with the same columns as the
// page but the field-by-field details (a nested table on the page, left out on paper).
import { AUDIT_READERS } from '../../platform/auth/roles.ts';
import { registerOfficeList, type ListColumn } from '../../platform/office-list/spec.ts';
import { formatDate } from '../../lib/vi/index.ts';
import { wardUserOptions } from '../users/service.ts';
import { AuditQuery } from './schema.ts';
import { actionLabel, entityTypeLabel, listAudit, type AuditItem } from './service.ts';

export const auditColumns: ListColumn<AuditItem>[] = [
  { key: 'at', label: 'audit.at', value: (e) => e.at, type: 'datetime', width: 18, sortable: true },
  { key: 'actor', label: 'audit.actor', value: (e) => e.actor_label, width: 26, sortable: true },
  { key: 'action', label: 'audit.action', value: (e, t) => actionLabel(t, e.action), width: 30, sortable: true },
  { key: 'entity', label: 'audit.entity', value: (e, t) => entityTypeLabel(t, e.entity_type), width: 20, sortable: true },
  { key: 'summary', label: 'audit.summary', value: (e) => e.summary ?? '', width: 60 },
];

export const auditList = registerOfficeList<AuditQuery, AuditItem>({
  name: 'audit',
  path: '/app/audit',
  title: 'list.audit.title',
  sheet: 'Nhật ký thay đổi',
  file: 'nhat-ky-thay-doi',
  access: AUDIT_READERS,
  query: AuditQuery,
  columns: () => auditColumns,
  load: async (db, actor, query, range) => {
    const { items, total } = await listAudit(db, actor, { ...query, after: undefined, page: Math.floor(range.offset / range.limit) + 1, page_size: range.limit });
    return { rows: items, total };
  },
  describe: async (db, actor, query, t) => {
    const user = query.actor ? (await wardUserOptions(db, actor)).find((u) => u.value === query.actor)?.label : null;
    return [
      user ? `${t('audit.actor')}: ${user}` : '',
      query.who ? `${t('audit.who')}: “${query.who}”` : '',
      query.type ? `${t('audit.entity')}: ${entityTypeLabel(t, query.type)}` : '',
      query.entity ? t('audit.oneEntity') : '',
      query.action ? `${t('audit.action')}: ${actionLabel(t, query.action)}` : '',
      query.from ? `${t('common.from')} ${formatDate(query.from)}` : '',
      query.to ? `${t('common.to')} ${formatDate(query.to)}` : '',
    ].filter(Boolean);
  },
});
