// Messages of the task form's aids and the tasks' bulk approval (issue 11 items 4 and 5, D53):
// Vietnamese first, English second (every key in both). Registered into the one registry when loaded.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'task.spread': 'Chia đều các mốc',
  'prog.notClearLine': 'Nhiệm vụ {no} «{title}»: thiếu {missing}.',
  'prog.notClearList': 'Các nhiệm vụ còn thiếu (bấm để sửa):',
  'task.spreadHint': 'Chia đều tiến độ lũy kế theo từng tháng, từ tháng bắt đầu đến tháng hết hạn (mốc vào cuối mỗi tháng). Chưa lưu cho đến khi bấm Lưu.',
  'task.spreadDone': 'Đã chia đều các mốc tiến độ theo tháng. Kiểm tra lại rồi bấm Lưu.',
  'task.spreadBefore': 'Nhiệm vụ kéo dài {total} tháng, {months} tháng trước năm nay: đến hết tháng 12/{year} dự kiến đạt {percent}%; các tháng dưới đây là mức lũy kế.',
  'task.err.spreadNeedsDates': 'Nhập ngày này để chia đều các mốc.',
  'task.err.spreadOutsideYear': 'Thời gian thực hiện không nằm trong năm của chương trình.',
  'task.saveAgain': 'Lưu và thêm nhiệm vụ khác',
  'task.savedAgain': 'Đã lưu nhiệm vụ. Nhập nhiệm vụ tiếp theo.',
  'task.ownerSearch': 'Tìm người phụ trách',
  'task.ownerSearchHint': 'Gõ tên, không cần dấu (vd: huong), rồi bấm Tìm.',
  'task.ownerFind': 'Tìm',
  'task.ownerFound': 'Tìm thấy {n} người; người của cơ quan chủ trì ở đầu danh sách.',
  'task.ownerNone': 'Không tìm thấy ai tên «{q}».',
  'task.ownerLeadGroup': 'Người của cơ quan chủ trì',
  'task.ownerOthers': 'Người khác',
  'task.bulk.approve': 'Phê duyệt',
  'task.bulk.return': 'Trả lại',
  'task.bulk.approveDone': 'Đã phê duyệt {n} nhiệm vụ.',
  'task.bulk.returnDone': 'Đã trả lại {n} nhiệm vụ.',
  'task.bulk.approveRefused': '{n} nhiệm vụ không thể phê duyệt:',
  'task.bulk.returnRefused': '{n} nhiệm vụ không thể trả lại:',
  'task.bulk.confirmApprove': 'Phê duyệt {n} nhiệm vụ sau?',
  'task.bulk.confirmReturn': 'Trả lại {n} nhiệm vụ sau?',
  'task.bulk.title': 'Phê duyệt hoặc trả lại nhiều nhiệm vụ',
  'task.bulk.link': 'Duyệt nhiều nhiệm vụ',
  'task.bulk.waiting': 'Nhiệm vụ đang chờ phê duyệt',
  'task.bulk.none': 'Không có nhiệm vụ nào đang chờ phê duyệt.',
  'task.bulk.comment': 'Ý kiến (bắt buộc khi trả lại; gửi chung cho các nhiệm vụ đã chọn)',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'task.spread': 'Spread milestones evenly',
  'prog.notClearLine': 'Task {no} “{title}”: missing {missing}.',
  'prog.notClearList': 'Tasks still missing something (select one to edit it):',
  'task.spreadHint': 'Spreads the cumulative progress evenly by month, from the start month to the due month (a milestone at each month end). Nothing is saved until you press Save.',
  'task.spreadDone': 'Milestones spread evenly by month. Check them, then press Save.',
  'task.spreadBefore': 'The task runs {total} months, {months} of them before this year: {percent}% is planned by the end of 12/{year}; the months below are cumulative.',
  'task.err.spreadNeedsDates': 'Enter this date to spread the milestones.',
  'task.err.spreadOutsideYear': 'The task\'s dates are outside the programme\'s year.',
  'task.saveAgain': 'Save and add another task',
  'task.savedAgain': 'Task saved. Enter the next task.',
  'task.ownerSearch': 'Find the owner',
  'task.ownerSearchHint': 'Type a name, accents optional (e.g. huong), then press Find.',
  'task.ownerFind': 'Find',
  'task.ownerFound': '{n} found; people of the lead organization first.',
  'task.ownerNone': 'Nobody named «{q}».',
  'task.ownerLeadGroup': 'People of the lead organization',
  'task.ownerOthers': 'Other people',
  'task.bulk.approve': 'Approve',
  'task.bulk.return': 'Return',
  'task.bulk.approveDone': '{n} tasks approved.',
  'task.bulk.returnDone': '{n} tasks returned.',
  'task.bulk.approveRefused': '{n} tasks could not be approved:',
  'task.bulk.returnRefused': '{n} tasks could not be returned:',
  'task.bulk.confirmApprove': 'Approve these {n} tasks?',
  'task.bulk.confirmReturn': 'Return these {n} tasks?',
  'task.bulk.title': 'Approve or return several tasks',
  'task.bulk.link': 'Approve several tasks',
  'task.bulk.waiting': 'Tasks waiting for approval',
  'task.bulk.none': 'No task is waiting for approval.',
  'task.bulk.comment': 'Comment (required to return; sent with every selected task)',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
