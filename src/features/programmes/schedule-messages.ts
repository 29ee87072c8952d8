// Messages of the schedule as printed on paper (docs/DESIGN.md D56): columns, notes, the print
// button, the signature block, and the rule that keeps a programme's tasks in its year.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'sched.coordinating': 'Cơ quan phối hợp',
  'sched.notes': 'Ghi chú',
  'sched.print': 'In biểu tiến độ',
  'sched.printView': 'Bản in (khổ A4 ngang)',
  'sched.recipients': 'Nơi nhận:',
  'sched.thisMonth': 'Đến tháng này (tháng {n})',
  'sched.monthsNav': 'Đến tháng',
  'sched.from': 'từ {m}/{y}',
  'sched.note.carried': 'Bắt đầu từ tháng {m}/{y}, chuyển sang năm {year}',
  'sched.note.doneOn': 'Hoàn thành ngày {date}',
  'sched.note.target': 'Chỉ tiêu: {value}',
  'sched.note.deliverable': 'Sản phẩm: {value}',
  'sched.note.returned': 'Trả lại: {comment}',
  'sched.signHint': '(Ký, ghi rõ họ tên)',
  'task.err.dueOutsideYear': 'Thời hạn hoàn thành phải trong năm của chương trình (từ 01/01 đến 31/12); phần việc sang năm sau đưa vào chương trình năm sau.',
  'sched.err.monthNeedsYear': 'Phải đi kèm năm (year): tháng nào của năm nào.',
};

export const en: Record<keyof typeof vi, string> = {
  'sched.coordinating': 'Coordinating bodies',
  'sched.notes': 'Notes',
  'sched.print': 'Print the schedule',
  'sched.printView': 'Print view (A4 landscape)',
  'sched.recipients': 'Recipients:',
  'sched.thisMonth': 'Go to this month (month {n})',
  'sched.monthsNav': 'Go to month',
  'sched.from': 'from {m}/{y}',
  'sched.note.carried': 'Started in {m}/{y}, carried into {year}',
  'sched.note.doneOn': 'Done on {date}',
  'sched.note.target': 'Target: {value}',
  'sched.note.deliverable': 'Deliverable: {value}',
  'sched.note.returned': 'Returned: {comment}',
  'sched.signHint': '(Signature and full name)',
  'task.err.dueOutsideYear': 'The deadline must fall within the programme\'s year (1 January to 31 December); work for the next year goes into next year\'s programme.',
  'sched.err.monthNeedsYear': 'Must come with a year (year): which year\'s month.',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
