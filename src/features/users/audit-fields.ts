// The words of accounts' and API tokens' fields in the audit log (D60): the labels of the account
// and token forms, the invitation (user.invite, reset by link), the password change and the mail
// preference. Password and token hashes are never shown (hidden for every entity type by the audit
// room). Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';
import { registerMessages } from '../../platform/i18n/registry.ts';

const vi = {
  'user.audit.tokensRevoked': 'Số mã API bị thu hồi',
  'user.audit.sessionsEnded': 'Đăng xuất mọi phiên',
  'user.audit.otherSessionsEnded': 'Đăng xuất các phiên khác',
  'user.audit.byLink': 'Qua liên kết',
  'user.audit.purpose': 'Mục đích liên kết',
  'user.audit.purpose.invite': 'Kích hoạt tài khoản',
  'user.audit.purpose.reset': 'Đặt lại mật khẩu',
  'user.audit.expiresAt': 'Liên kết hết hạn lúc',
  'user.audit.locale': 'Ngôn ngữ',
  'user.audit.locale.vi': 'Tiếng Việt',
  'user.audit.locale.en': 'Tiếng Anh',
  'user.audit.person': 'Người',
  'user.audit.lastUsed': 'Dùng lần cuối',
} as const;
const en: { [K in keyof typeof vi]: string } = {
  'user.audit.tokensRevoked': 'API tokens revoked',
  'user.audit.sessionsEnded': 'Every session signed out',
  'user.audit.otherSessionsEnded': 'Other sessions signed out',
  'user.audit.byLink': 'By link',
  'user.audit.purpose': 'Purpose of the link',
  'user.audit.purpose.invite': 'Account activation',
  'user.audit.purpose.reset': 'Password reset',
  'user.audit.expiresAt': 'Link expires at',
  'user.audit.locale': 'Language',
  'user.audit.locale.vi': 'Vietnamese',
  'user.audit.locale.en': 'English',
  'user.audit.person': 'Person',
  'user.audit.lastUsed': 'Last used',
};
registerMessages(vi, en);

registerAuditFields('app_user', {
  username: 'user.username',
  display_name: 'user.displayName',
  disabled: { label: 'user.disabled', kind: 'bool' },
  person_id: { label: 'user.audit.person', kind: 'person' },
  home_ward_id: null, // the ward of the log itself
  locale: { label: 'user.audit.locale', values: (v) => `user.audit.locale.${v}` },
  mail_mode: { label: 'notifs.mailLegend', values: (v) => `notifs.mail.${v}` },
  access_version: null,
  tokens_revoked: { label: 'user.audit.tokensRevoked', kind: 'number' },
  sessions_ended: { label: 'user.audit.sessionsEnded', kind: 'bool' },
  other_sessions_ended: { label: 'user.audit.otherSessionsEnded', kind: 'bool' },
  by_link: { label: 'user.audit.byLink', kind: 'bool' },
  // user.invite
  invite_id: null,
  purpose: { label: 'user.audit.purpose', values: (v) => `user.audit.purpose.${v}` },
  email: 'invite.email',
  expires_at: { label: 'user.audit.expiresAt', kind: 'instant' },
  // user.grant, user.revoke_grant: a role at a unit (the ward or above), for an organization.
  user_id: null,
  role: { label: 'user.role', values: (v) => `role.${v}` },
  unit_id: null, // the unit of the grant (an id; the ward itself or a unit above)
  org_id: { label: 'user.scopeOrg', kind: 'org' },
});

registerAuditFields('api_token', {
  user_id: null, // the account whose token it is (the log's subject)
  name: 'token.name',
  expires_at: { label: 'token.expires', kind: 'instant' },
  revoked_at: { label: 'token.revoked', kind: 'instant' },
  last_used_at: { label: 'user.audit.lastUsed', kind: 'instant' },
});

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
