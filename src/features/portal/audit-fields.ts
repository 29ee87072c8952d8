// The words of the portal's articles, categories and sites in the audit log (D60): the labels of
// the article, category and footer forms, statuses in words; the rendered body (html, text) and
// counters are left out. Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';
import { registerMessages } from '../../platform/i18n/registry.ts';

const vi = {
  'portal.audit.slug': 'Đường dẫn',
  'portal.audit.submittedAt': 'Gửi duyệt lúc',
  'portal.audit.revNo': 'Lần sửa',
  'portal.audit.host': 'Tên miền',
  'portal.audit.isDefault': 'Cổng mặc định',
  'portal.audit.siteTitle': 'Tên cổng thông tin',
  'portal.audit.subtitle': 'Dòng phụ đề',
} as const;
const en: { [K in keyof typeof vi]: string } = {
  'portal.audit.slug': 'Address',
  'portal.audit.submittedAt': 'Submitted at',
  'portal.audit.revNo': 'Revision',
  'portal.audit.host': 'Domain name',
  'portal.audit.isDefault': 'Default portal',
  'portal.audit.siteTitle': 'Portal name',
  'portal.audit.subtitle': 'Subtitle',
};
registerMessages(vi, en);

registerAuditFields('article', {
  category_id: null, // the category (an id; its name is on the article's page)
  slug: 'portal.audit.slug',
  title: 'portal.field.title',
  summary: 'portal.field.summary',
  body_md: 'portal.field.body',
  body_html: null, // rendered from the body
  body_text: null,
  title_text: null, // the title without diacritics, for search (D72)
  status: { label: 'portal.field.status', values: (v) => `portal.status.${v}` },
  published_at: { label: 'portal.field.published', kind: 'instant' },
  view_count: null,
  cover_image_id: null, // the cover image (an id)
  author_user_id: null,
  author_label: 'portal.field.author',
  review_note: 'portal.field.note',
  submitted_at: { label: 'portal.audit.submittedAt', kind: 'instant' },
  rev_no: { label: 'portal.audit.revNo', kind: 'number' },
});

registerAuditFields('portal_category', {
  slug: 'portal.audit.slug',
  name: 'portal.cat.name',
  description: 'portal.cat.description',
  on_home: { label: 'portal.cat.onHome', kind: 'bool' },
});

registerAuditFields('portal_site', {
  host: 'portal.audit.host',
  is_default: { label: 'portal.audit.isDefault', kind: 'bool' },
  title: 'portal.audit.siteTitle',
  subtitle: 'portal.audit.subtitle',
  content_version: null,
  content_at: null,
  footer_body: 'portal.footer.body',
  footer_address: 'portal.footer.address',
  footer_phone: 'portal.footer.phone',
  footer_email: 'portal.footer.email',
});

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
