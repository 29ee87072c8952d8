// Messages of the dashboard feature: Vietnamese first, English second (every key in both).
// Registered into the one typed registry (platform/i18n/registry.ts) when this module loads.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'dash.title': 'Tổng quan',
  'dash.welcome': 'Xin chào, {name}.',
  'dash.people': 'Người đang hoạt động',
  'dash.orgs': 'Tổ chức',
  'dash.positions': 'Chức vụ đang giữ',
  'dash.recent': 'Thay đổi gần đây',
} as const;

export const en: { [K in keyof typeof vi]: string } = {
  'dash.title': 'Overview',
  'dash.welcome': 'Hello, {name}.',
  'dash.people': 'Active people',
  'dash.orgs': 'Organisations',
  'dash.positions': 'Positions held',
  'dash.recent': 'Recent changes',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
