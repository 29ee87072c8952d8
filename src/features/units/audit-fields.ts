// The words of administrative units' fields in the audit log (D60): the labels of the unit form,
// the first-run setup (setup.run), the organization template (org.template) and the ward merge
// (unit.merge), all audited on the unit. Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';
import { registerMessages } from '../../platform/i18n/registry.ts';

const vi = {
  'unit.audit.shape.2025': 'Hai cấp (từ 01/07/2025)',
  'unit.audit.shape.2017': 'Ba cấp (trước 01/07/2025)',
  'unit.audit.groups': 'Số tổ dân phố, thôn',
  'unit.audit.created': 'Số tổ chức đã tạo',
  'unit.audit.relations': 'Số quan hệ đã tạo',
  'unit.audit.skipped': 'Số tổ chức đã có (bỏ qua)',
  'unit.audit.moved': 'Bản ghi đã chuyển (theo bảng)',
  'unit.audit.renamed': 'Tên, mã đã đổi để khỏi trùng',
  'unit.audit.folded': 'Yêu cầu báo cáo đã gộp',
  'unit.audit.accounts': 'Tài khoản đã chuyển',
} as const;
const en: { [K in keyof typeof vi]: string } = {
  'unit.audit.shape.2025': 'Two levels (from 01/07/2025)',
  'unit.audit.shape.2017': 'Three levels (before 01/07/2025)',
  'unit.audit.groups': 'Residential groups, villages',
  'unit.audit.created': 'Organisations created',
  'unit.audit.relations': 'Relations created',
  'unit.audit.skipped': 'Organisations already there (skipped)',
  'unit.audit.moved': 'Records moved (per table)',
  'unit.audit.renamed': 'Names and codes changed to avoid clashes',
  'unit.audit.folded': 'Report requests folded',
  'unit.audit.accounts': 'Accounts moved',
};
registerMessages(vi, en);

registerAuditFields('unit', {
  name: 'unit.name',
  kind: { label: 'unit.kind', values: (v) => `unit.kind.${v}` },
  code: 'unit.code',
  valid_from: 'unit.validFrom',
  valid_to: 'unit.validTo',
  is_ward: null, // follows from the kind
  // setup.run
  shape: { label: 'setup.shape', values: (v) => `unit.audit.shape.${v}` },
  province: 'setup.province',
  district: 'setup.district',
  ward: 'setup.ward',
  groups: { label: 'unit.audit.groups', kind: 'number' },
  admin: 'setup.admin',
  // org.template
  template: 'org.template.field',
  with_farmers: { label: 'org.template.withFarmers', kind: 'bool' },
  created: { label: 'unit.audit.created', kind: 'number' },
  relations: { label: 'unit.audit.relations', kind: 'number' },
  skipped: { label: 'unit.audit.skipped', kind: 'number' },
  // unit.merge
  from: 'merge.from',
  into: 'merge.into',
  on: 'merge.on',
  moved: 'unit.audit.moved',
  renamed: 'unit.audit.renamed',
  folded: 'unit.audit.folded',
  accounts: 'unit.audit.accounts',
});

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
