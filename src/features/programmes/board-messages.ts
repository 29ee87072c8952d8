// Messages of the Standing Committee's dashboard (docs/DESIGN.md D51): Vietnamese first, English
// second (every key in both). Registered into the one typed registry when this module loads.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'board.year': 'Năm',
  'board.show': 'Xem',
  'board.allBranches': 'Cả chi bộ, chi hội, chi đoàn ở tổ dân phố',
  'board.print': 'In bảng điều hành tiến độ',
  'board.asOf': 'Số liệu tính đến ngày {date}.',
  'board.programme': 'Chương trình',
  'board.noProgramme': 'Chưa có chương trình',
  'board.due': 'Đã đến hạn',
  'board.doneDue': 'Đã xong trong số đến hạn',
  'board.avgProgress': 'Tiến độ bình quân',
  'board.completionHint': 'Tỷ lệ hoàn thành = số nhiệm vụ đã hoàn thành (đúng hạn hoặc chậm) trong số nhiệm vụ đã đến hạn tính đến ngày {date}, chia cho số nhiệm vụ đã đến hạn. Chưa có nhiệm vụ nào đến hạn thì để trống.',
  'board.avgHint': 'Tiến độ bình quân = trung bình cộng % tiến độ đã báo cáo của mọi nhiệm vụ trong năm (nhiệm vụ đã hoàn thành tính 100%, chưa báo cáo tính 0%), kể cả nhiệm vụ chưa đến hạn.',
  'board.wardTotal': 'Toàn phường',
  'board.pending': 'Đang chờ phê duyệt',
  'board.pendingNone': 'Không có gì đang chờ phê duyệt.',
  'board.pendingProgramme': 'Chương trình',
  'board.pendingTask': 'Nhiệm vụ',
  'board.kind': 'Loại',
  'board.item': 'Nội dung',
  'board.submittedAt': 'Trình lúc',
  'board.charts': 'Biểu đồ',
  'board.chartProgress': 'Tiến độ bình quân theo tổ chức (%)',
  'board.chartProgressDesc': 'Biểu đồ thanh ngang: mỗi tổ chức có nhiệm vụ trong năm một thanh, dài bằng tiến độ bình quân; số liệu ở bảng "Kết quả theo tổ chức".',
  'board.chartMonths': 'Nhiệm vụ theo tháng đến hạn và trạng thái',
  'board.chartMonthsDesc': 'Biểu đồ cột chồng: mỗi tháng một cột, chia theo trạng thái nhiệm vụ; số liệu ở bảng dưới biểu đồ.',
  'board.month': 'Tháng',
  'board.status': 'Trạng thái',
  'board.monthN': 'T{m}',
  'board.monthTable': 'Số liệu của biểu đồ theo tháng',
  'board.noTasks': 'Năm {year} chưa có nhiệm vụ nào.',
  'board.orgsWithout': '{n} tổ chức chưa có chương trình năm {year}.',
} as const;

export const en: { [K in keyof typeof vi]: string } = {
  'board.year': 'Year',
  'board.show': 'Show',
  'board.allBranches': 'Include residential group cells and branches',
  'board.print': 'Print the dashboard',
  'board.asOf': 'Figures as of {date}.',
  'board.programme': 'Programme',
  'board.noProgramme': 'No programme yet',
  'board.due': 'Due',
  'board.doneDue': 'Done of those due',
  'board.avgProgress': 'Average progress',
  'board.completionHint': 'Completion rate = tasks done (on time or late) among the tasks due by {date}, divided by the tasks due. Empty while nothing is due.',
  'board.avgHint': 'Average progress = the mean of the reported progress (%) of every task of the year (a done task counts 100%, an unreported one 0%), tasks not yet due included.',
  'board.wardTotal': 'Whole ward',
  'board.pending': 'Waiting for approval',
  'board.pendingNone': 'Nothing is waiting for approval.',
  'board.pendingProgramme': 'Programme',
  'board.pendingTask': 'Task',
  'board.kind': 'Kind',
  'board.item': 'Item',
  'board.submittedAt': 'Submitted',
  'board.charts': 'Charts',
  'board.chartProgress': 'Average progress by organization (%)',
  'board.chartProgressDesc': 'Horizontal bar chart: one bar per organization with tasks this year, as long as its average progress; the figures are in the table "By organization".',
  'board.chartMonths': 'Tasks by month due and status',
  'board.chartMonthsDesc': 'Stacked column chart: one column per month, split by task status; the figures are in the table below the chart.',
  'board.month': 'Month',
  'board.status': 'Status',
  'board.monthN': 'M{m}',
  'board.monthTable': 'Figures of the monthly chart',
  'board.noTasks': 'No tasks in {year} yet.',
  'board.orgsWithout': '{n} organizations have no programme for {year}.',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
