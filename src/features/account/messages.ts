// Messages of the account feature: Vietnamese first, English second (every key in both).
// Registered into the one typed registry (platform/i18n/registry.ts) when this module loads.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'auth.title': 'Đăng nhập',
  'auth.username': 'Tên đăng nhập',
  'auth.password': 'Mật khẩu',
  'auth.submit': 'Đăng nhập',
  'auth.invalid': 'Tên đăng nhập hoặc mật khẩu không đúng.',
  'auth.throttled': 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.',
  'auth.disabled': 'Tài khoản đã bị khóa. Liên hệ quản trị viên.',
  'auth.loggedOut': 'Bạn đã đăng xuất.',
  'auth.noWard': 'Tài khoản chưa được phân quyền ở đơn vị nào.',
  'auth.changePassword': 'Đổi mật khẩu',
  'auth.currentPassword': 'Mật khẩu hiện tại',
  'auth.newPassword': 'Mật khẩu mới',
  'auth.newPassword2': 'Nhập lại mật khẩu mới',
  'auth.passwordChanged': 'Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đăng xuất.',
  'auth.wrongCurrent': 'Mật khẩu hiện tại không đúng.',
  'auth.mismatch': 'Hai lần nhập mật khẩu mới không khớp.',
  'auth.weak': 'Mật khẩu cần ít nhất 10 ký tự.',
  'audit.action.auth.login': 'Đăng nhập',
  'audit.action.auth.login_failed': 'Đăng nhập không thành công',
  'audit.action.auth.password_change': 'Đổi mật khẩu',
} as const;

export const en: { [K in keyof typeof vi]: string } = {
  'auth.title': 'Log in',
  'auth.username': 'Username',
  'auth.password': 'Password',
  'auth.submit': 'Log in',
  'auth.invalid': 'Incorrect username or password.',
  'auth.throttled': 'Too many failed login attempts. Please try again in {minutes} minutes.',
  'auth.disabled': 'This account has been locked. Contact an administrator.',
  'auth.loggedOut': 'You have logged out.',
  'auth.noWard': 'This account has not been given access to any unit.',
  'auth.changePassword': 'Change password',
  'auth.currentPassword': 'Current password',
  'auth.newPassword': 'New password',
  'auth.newPassword2': 'Repeat new password',
  'auth.passwordChanged': 'Password changed. Your other sessions have been logged out.',
  'auth.wrongCurrent': 'The current password is incorrect.',
  'auth.mismatch': 'The two new passwords do not match.',
  'auth.weak': 'The password must be at least 10 characters long.',
  'audit.action.auth.login': 'Signed in',
  'audit.action.auth.login_failed': 'Failed sign-in',
  'audit.action.auth.password_change': 'Changed password',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
