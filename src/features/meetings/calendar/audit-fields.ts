// The words of personal calendar feeds' fields in the audit log (D60); the feed's secret address is
// never audited (only its hash is stored). Loaded with the room's messages.
import { registerAuditFields } from '../../../platform/audit-fields.ts';
import { registerMessages } from '../../../platform/i18n/registry.ts';

const vi = { 'cal.audit.replaced': 'Số lịch cũ ngừng hoạt động', 'cal.audit.revokedAt': 'Thu hồi lúc' } as const;
const en: { [K in keyof typeof vi]: string } = { 'cal.audit.replaced': 'Old feeds stopped', 'cal.audit.revokedAt': 'Revoked at' };
registerMessages(vi, en);

registerAuditFields('calendar_feed', {
  user_id: null, // the account whose feed it is
  replaced: { label: 'cal.audit.replaced', kind: 'number' },
  revoked_at: { label: 'cal.audit.revokedAt', kind: 'instant' },
});

declare module '../../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
