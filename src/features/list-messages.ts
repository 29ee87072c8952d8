// Titles and filter words of the office lists (docs/DESIGN.md D52), one catalogue for the rooms'
// list specs (features/*/list.ts): Vietnamese first, English with the same keys.
import { registerMessages } from '../platform/i18n/registry.ts';

const vi = {
  'list.people.title': 'Danh sách cán bộ, hội viên',
  'list.orgs.title': 'Danh sách tổ chức',
  'list.programmes.title': 'Danh sách chương trình công tác',
  'list.tasks.title': 'Danh sách nhiệm vụ',
  'list.articles.title': 'Danh sách bài viết',
  'list.disclosures.title': 'Danh sách công khai',
  'list.audit.title': 'Nhật ký thay đổi',
  'list.prog.tasks': 'Số nhiệm vụ',
  'list.prog.done': 'Đã hoàn thành',
  'list.prog.late': 'Chậm, quá hạn',
  'list.task.programme': 'Chương trình',
  'list.task.dueMonth': 'Tháng đến hạn',
  'list.task.none': 'Không có nhiệm vụ nào theo bộ lọc này.',
  'list.task.nav': 'Nhiệm vụ',
} as const;

const en: Record<keyof typeof vi, string> = {
  'list.people.title': 'Officials and members',
  'list.orgs.title': 'Organisations',
  'list.programmes.title': 'Work programmes',
  'list.tasks.title': 'Tasks',
  'list.articles.title': 'Articles',
  'list.disclosures.title': 'Public disclosures',
  'list.audit.title': 'Change log',
  'list.prog.tasks': 'Tasks',
  'list.prog.done': 'Done',
  'list.prog.late': 'Late or overdue',
  'list.task.programme': 'Programme',
  'list.task.dueMonth': 'Due in month',
  'list.task.none': 'No task matches this filter.',
  'list.task.nav': 'Tasks',
};

registerMessages(vi, en);

declare module '../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
