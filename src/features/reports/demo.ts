// Demo reports (issue 10, item 7): the 2016 annual reviews of the Front and the mass organizations
// that were presented at the working session of 10/02/2017 (the founding document), their ward
// roll-up, and the report of the third quarter of 2026 in progress so the completeness board is alive.
//
// Written through the room's commands (createRequest, saveDraft, submitReport, returnReport,
// acceptReport, saveRollup) inside the demo's command `demo.load`, by system actors labelled with
// the person who would have acted (the office's clerk, each organization's head), so the history
// and the audit read as the real flow did. The commands stamp "now"; the 2016 flow happened in
// Dec 2016–Feb 2017 (and the 2026 one in Sep–Oct 2026), so after each step the instants it wrote (submission times, history events,
// the roll-up's edit time, the notifications it raised) are moved to the step's 2017 time by a
// named maintenance write (`demo.reports-backdate`), and `late` is set from that time against the
// due date (the command computed it from today). Audit rows keep the real load time.
import type { Db } from '../../db/index.ts';
import { nowIso } from '../../db/dialect.ts';
import { toIsoDate } from '../../lib/vi/index.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { runMaintenance, type CommandContext } from '../../platform/command.ts';
import { createRequest, setRequestOpen } from './requests.ts';
import { acceptReport, returnReport, saveDraft, submitReport } from './submissions.ts';
import { getRollup, joinParts, saveRollup } from './rollup.ts';
import { prefillFigures, prefillFor, type PeriodRange } from './prefill.ts';

/** The Front and the mass organizations of the founding document, in the demo ward's short names. */
export const DEMO_REPORT_ORGS = ['UBMTTQ', 'Đoàn TN', 'Hội LHPN', 'Hội CCB', 'Công đoàn', 'Hội NCT'] as const;
type OrgKey = (typeof DEMO_REPORT_ORGS)[number];

/** The instant of a Vietnam day and time ('YYYY-MM-DD', 'HH:MM'), ISO UTC. */
const vn = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`).toISOString();

interface Org2016 {
  head: string; // the head's post title (position.title), for the label of the actor who submits
  members: string;
  branches: string;
  figures: { tasks: [number, number, number]; meetings: number; sessions: number; participants: number; newMembers: number | null; families: number | null; funds: number; targetsMet: boolean };
  election: string;
  environment: string;
  families: string;
  organization: string;
  strength: string;
  cadres: string;
  supervision: string;
  direction: string;
  targets: string;
  proposal: string;
}

const ORGS_2016: Record<OrgKey, Org2016> = {
  UBMTTQ: {
    head: 'Chủ tịch Ủy ban MTTQ phường', members: 'đoàn viên, hội viên các tổ chức thành viên', branches: 'các ban công tác Mặt trận',
    figures: { tasks: [14, 2, 1], meetings: 6, sessions: 24, participants: 3150, newMembers: null, families: 92.5, funds: 186.5, targetsMet: true },
    election: 'Tổ chức 03 hội nghị hiệp thương giới thiệu người ứng cử đại biểu HĐND phường và 10 hội nghị cử tri nơi cư trú lấy ý kiến nhận xét người ứng cử; cuộc bầu cử ngày 22/5/2016 đạt tỷ lệ 99,6% cử tri đi bầu.',
    environment: 'duy trì 10/10 tổ dân phố ra quân tổng vệ sinh vào sáng chủ nhật cuối tháng, vận động nhân dân không lấn chiếm vỉa hè, lòng đường',
    families: 'cuộc vận động "Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư" được đẩy mạnh; 92,5% hộ đạt danh hiệu "Gia đình văn hóa", 8/10 tổ dân phố đạt danh hiệu "Tổ dân phố văn hóa"',
    organization: 'kiện toàn 02 ban công tác Mặt trận; vận động Quỹ "Vì người nghèo" 186,5 triệu đồng, hỗ trợ sửa chữa 02 nhà đại đoàn kết',
    strength: 'Phát huy vai trò nòng cốt tập hợp, đoàn kết các tầng lớp nhân dân; phối hợp tốt với UBND phường trong công tác bầu cử.',
    cadres: 'một số trưởng ban công tác Mặt trận tuổi cao, kiêm nhiệm nhiều việc ở tổ dân phố',
    supervision: 'mới giám sát 02 chuyên đề theo Quyết định 217-QĐ/TW, chưa theo dõi đến cùng việc trả lời kiến nghị sau giám sát',
    direction: 'Chủ trì phối hợp xây dựng chương trình phối hợp thống nhất hành động năm 2017; tổ chức hội nghị đại biểu nhân dân; thực hiện 06 quy chế dân chủ của quận.',
    targets: '95% hộ gia đình đạt danh hiệu "Gia đình văn hóa", 9/10 tổ dân phố đạt danh hiệu "Tổ dân phố văn hóa", Quỹ "Vì người nghèo" đạt 200 triệu đồng',
    proposal: 'Đề nghị Đảng ủy bố trí kinh phí hoạt động cho các ban công tác Mặt trận và chỉ đạo UBND phường trả lời kiến nghị sau giám sát đúng thời hạn.',
  },
  'Đoàn TN': {
    head: 'Bí thư Đoàn phường', members: 'đoàn viên, thanh niên', branches: 'các chi đoàn',
    figures: { tasks: [11, 1, 1], meetings: 8, sessions: 18, participants: 1240, newMembers: 27, families: null, funds: 35.2, targetsMet: true },
    election: 'Thành lập 04 đội thanh niên tình nguyện tuyên truyền, cổ động trực quan và hỗ trợ tại 10 khu vực bỏ phiếu trong ngày bầu cử 22/5/2016.',
    environment: 'ra quân 12 đợt "Ngày thứ bảy tình nguyện", "Chủ nhật xanh", bóc xóa quảng cáo rao vặt trên các tuyến phố',
    families: 'đoàn viên tham gia xây dựng tổ dân phố văn hóa, tổ chức vui Tết thiếu nhi và Trung thu cho thiếu nhi 10 tổ dân phố',
    organization: 'kết nạp 27 đoàn viên mới; vận động ủng hộ các quỹ 35,2 triệu đồng',
    strength: 'Tuổi trẻ xung kích trong các phong trào tình nguyện, nhất là trong cuộc bầu cử và giữ gìn trật tự đô thị.',
    cadres: 'bí thư các chi đoàn thường xuyên thay đổi do đi học, đi làm xa; 01 chi đoàn chưa kiện toàn được ban chấp hành',
    supervision: 'chưa xây dựng được kế hoạch giám sát riêng, công tác kiểm tra chi đoàn còn hình thức',
    direction: 'Triển khai Chỉ thị 05-CT/TW trong đoàn viên; đẩy mạnh "Tháng thanh niên", đội hình tình nguyện giữ gìn trật tự đô thị trong Năm trật tự và văn minh đô thị.',
    targets: 'kết nạp 30 đoàn viên mới, 100% chi đoàn tổ chức sinh hoạt định kỳ hằng tháng',
    proposal: 'Đề nghị Đảng ủy quan tâm giới thiệu đoàn viên ưu tú để kết nạp Đảng và hỗ trợ địa điểm sinh hoạt cho thanh thiếu nhi.',
  },
  'Hội LHPN': {
    head: 'Chủ tịch Hội LHPN phường', members: 'hội viên phụ nữ', branches: 'các chi hội phụ nữ',
    figures: { tasks: [15, 2, 0], meetings: 7, sessions: 30, participants: 2680, newMembers: 64, families: 93.1, funds: 72.4, targetsMet: true },
    election: 'Phối hợp giới thiệu 03 hội viên ứng cử đại biểu HĐND phường, trúng cử 03/03; tuyên truyền về quyền bầu cử của phụ nữ tại 06 chi hội.',
    environment: 'duy trì mô hình "Phụ nữ tự quản bảo vệ môi trường", "Tuyến phố phụ nữ không lấn chiếm vỉa hè" ở 06 chi hội, phân loại rác tại nguồn ở 02 tổ dân phố',
    families: 'cuộc vận động "Xây dựng gia đình 5 không 3 sạch" gắn với xây dựng gia đình văn hóa; 93,1% hộ hội viên đạt danh hiệu "Gia đình văn hóa"',
    organization: 'kết nạp 64 hội viên mới; vận động Quỹ hỗ trợ phụ nữ nghèo 72,4 triệu đồng, giúp 05 hội viên vay vốn phát triển kinh tế',
    strength: 'Nội dung sinh hoạt chi hội đổi mới, gắn với lợi ích thiết thực của hội viên; nhiều mô hình tự quản được duy trì.',
    cadres: 'chi hội trưởng phần lớn đã nghỉ hưu, tuổi cao, 02 chi hội chưa có phó chi hội trưởng; sinh hoạt chi hội ở Tổ dân phố số 4 và số 6 chưa đều',
    supervision: 'mới giám sát 01 chuyên đề về an toàn thực phẩm, chưa giám sát việc thực hiện chính sách đối với phụ nữ theo Quyết định 217-QĐ/TW',
    direction: 'Tổ chức học tập Nghị quyết Trung ương 4 (khóa XII) cho cán bộ, hội viên; nhân rộng mô hình "Phụ nữ tự quản bảo vệ môi trường" ra 10/10 tổ dân phố; kiện toàn cán bộ 02 chi hội còn khó khăn.',
    targets: 'kết nạp 60 hội viên mới, 95% hộ hội viên đạt danh hiệu "Gia đình văn hóa", 100% chi hội có mô hình tự quản',
    proposal: 'Đề nghị Đảng ủy chỉ đạo các chi bộ quan tâm giới thiệu cán bộ trẻ tham gia công tác chi hội; hỗ trợ kinh phí tập huấn cán bộ chi hội.',
  },
  'Hội CCB': {
    head: 'Chủ tịch Hội CCB phường', members: 'hội viên cựu chiến binh', branches: 'các chi hội cựu chiến binh',
    figures: { tasks: [9, 2, 2], meetings: 5, sessions: 12, participants: 860, newMembers: 15, families: 95, funds: 48, targetsMet: false },
    election: 'Hội viên tham gia các tổ bầu cử, bảo đảm an ninh trật tự tại các khu vực bỏ phiếu ngày 22/5/2016.',
    environment: 'duy trì 04 tổ tự quản an ninh trật tự và vệ sinh môi trường do hội viên cựu chiến binh làm nòng cốt',
    families: '95% hộ hội viên đạt danh hiệu "Gia đình văn hóa", 100% hội viên gương mẫu chấp hành chủ trương của Đảng, pháp luật của Nhà nước',
    organization: 'kết nạp 15 hội viên mới; vận động Quỹ nghĩa tình đồng đội 48 triệu đồng',
    strength: 'Hội viên gương mẫu, phát huy bản chất "Bộ đội Cụ Hồ" trong giữ gìn an ninh trật tự ở khu dân cư.',
    cadres: 'cán bộ chi hội tuổi cao, sức khỏe hạn chế, khó tìm người kế cận; 01 chi hội chưa bầu được chi hội trưởng',
    supervision: 'chưa tổ chức giám sát chuyên đề, chỉ tiêu phát triển hội viên mới chưa đạt (15/20)',
    direction: 'Kiện toàn cán bộ chi hội; tham gia giữ gìn trật tự đô thị và bảo vệ môi trường trong Năm trật tự và văn minh đô thị; giám sát việc thực hiện chế độ chính sách đối với người có công.',
    targets: 'kết nạp 20 hội viên mới, 100% chi hội có chi hội trưởng',
    proposal: 'Đề nghị Hội CCB quận và Đảng ủy hỗ trợ tập huấn nghiệp vụ cho cán bộ chi hội mới.',
  },
  'Công đoàn': {
    head: 'Chủ tịch Công đoàn cơ sở', members: 'đoàn viên công đoàn', branches: 'các tổ công đoàn',
    figures: { tasks: [8, 0, 0], meetings: 4, sessions: 10, participants: 420, newMembers: 6, families: null, funds: 22.5, targetsMet: true },
    election: '100% cán bộ, công chức, người lao động của cơ quan phường đi bầu cử; phối hợp tuyên truyền Luật Bầu cử trong đoàn viên.',
    environment: 'đoàn viên tham gia tổng vệ sinh trụ sở và tuyến phố được giao, thực hiện văn hóa công sở',
    families: 'tổ chức Ngày Gia đình Việt Nam 28/6, khen thưởng con đoàn viên học giỏi; 100% gia đình đoàn viên đăng ký gia đình văn hóa',
    organization: 'kết nạp 06 đoàn viên mới; vận động ủng hộ các quỹ 22,5 triệu đồng',
    strength: 'Chăm lo đời sống, quyền lợi hợp pháp của đoàn viên; phong trào thi đua gắn với cải cách hành chính.',
    cadres: 'cán bộ công đoàn đều kiêm nhiệm, thời gian dành cho hoạt động công đoàn ít',
    supervision: 'việc giám sát thực hiện quy chế dân chủ ở cơ quan chưa thường xuyên',
    direction: 'Phát động thi đua thực hiện Năm CCHC - Năm trật tự và văn minh đô thị trong cán bộ, công chức; phối hợp thực hiện quy chế dân chủ ở cơ quan.',
    targets: '100% đoàn viên được học tập nghị quyết, 100% tổ công đoàn đạt vững mạnh',
    proposal: 'Đề nghị Liên đoàn Lao động quận hỗ trợ tập huấn nghiệp vụ cho cán bộ công đoàn kiêm nhiệm.',
  },
  'Hội NCT': {
    head: 'Chủ tịch Hội Người cao tuổi phường', members: 'hội viên người cao tuổi', branches: 'các chi hội người cao tuổi',
    figures: { tasks: [10, 1, 1], meetings: 6, sessions: 14, participants: 1530, newMembers: 41, families: 94.2, funds: 56.8, targetsMet: true },
    election: 'Hội viên người cao tuổi tham gia đầy đủ các hội nghị cử tri, 99,8% hội viên đi bầu cử ngày 22/5/2016.',
    environment: 'phong trào "Tuổi cao gương sáng" gắn với giữ gìn vệ sinh ngõ phố, trồng và chăm sóc cây xanh ở 04 chi hội',
    families: 'xây dựng "Gia đình ông bà, cha mẹ mẫu mực, con cháu thảo hiền"; 94,2% hộ hội viên đạt danh hiệu "Gia đình văn hóa"',
    organization: 'kết nạp 41 hội viên mới; vận động Quỹ chăm sóc và phát huy vai trò người cao tuổi 56,8 triệu đồng',
    strength: 'Hội viên tích cực, gương mẫu, là chỗ dựa trong hòa giải ở cơ sở và giáo dục con cháu.',
    cadres: 'cán bộ chi hội tuổi cao, nhiều người trên 75 tuổi, việc kiện toàn gặp khó khăn',
    supervision: 'chưa tham gia giám sát việc thực hiện chính sách đối với người cao tuổi theo Quyết định 217-QĐ/TW',
    direction: 'Đẩy mạnh phong trào "Tuổi cao gương sáng", tham gia giữ gìn trật tự đô thị và hòa giải ở cơ sở; kiện toàn cán bộ chi hội.',
    targets: 'kết nạp 40 hội viên mới, 95% hộ hội viên đạt danh hiệu "Gia đình văn hóa"',
    proposal: 'Đề nghị UBND phường quan tâm chúc thọ, mừng thọ người cao tuổi và hỗ trợ địa điểm sinh hoạt cho các chi hội.',
  },
};

/** The six sections of the annual review of one organization, from its 2016 account. */
export function review2016(o: Org2016, full = true): Record<string, string> {
  const f = o.figures;
  return {
    results: [
      `1. Công tác tuyên truyền: tổ chức ${f.sessions} buổi tuyên truyền với ${f.participants.toLocaleString('vi-VN')} lượt ${o.members} và nhân dân tham dự về cuộc bầu cử đại biểu Quốc hội khóa XIV và đại biểu HĐND các cấp nhiệm kỳ 2016 - 2021, Nghị quyết Đại hội Đảng các cấp, nghị quyết hội nghị đại biểu nhân dân năm 2016 và các ngày lễ kỷ niệm. ${o.election}`,
      `2. Nếp sống văn minh đô thị, tự quản bảo vệ môi trường: ${o.environment}.`,
      `3. Xây dựng gia đình văn hóa, tổ dân phố văn hóa: ${o.families}.`,
      `4. Xây dựng tổ chức: ${o.organization}. Hoàn thành ${f.tasks[0]} nhiệm vụ của chương trình công tác năm (${f.tasks[1]} nhiệm vụ hoàn thành chậm so với kế hoạch).`,
    ].join('\n'),
    strengths: `Bám sát chương trình, kế hoạch công tác năm của Đảng ủy và cấp trên; đổi mới nội dung, phương thức hoạt động, hướng về cơ sở. ${o.strength}`,
    limitations: full
      ? [`- Công tác tổ chức cán bộ ở ${o.branches} còn khó khăn: ${o.cadres}.`, `- Công tác kiểm tra, giám sát: ${o.supervision}.`, '- Có việc chưa chủ động bám sát kế hoạch để triển khai, chưa phối hợp chặt chẽ với các ngành, đoàn thể trong những nhiệm vụ khó khăn, phức tạp.', 'Nguyên nhân: khách quan, cán bộ cơ sở đều kiêm nhiệm, kinh phí hoạt động hạn chế; chủ quan, việc xây dựng kế hoạch chưa cụ thể đến từng tháng, chưa phân công rõ người, rõ việc.'].join('\n')
      : `- Công tác tổ chức cán bộ ở ${o.branches} còn khó khăn.\n- Công tác kiểm tra, giám sát còn hạn chế.`,
    lessons: 'Bám sát sự lãnh đạo của Đảng ủy, phối hợp chặt chẽ với chính quyền và các đoàn thể; kế hoạch phải cụ thể, rõ người, rõ việc, rõ thời gian; cán bộ cơ sở là khâu quyết định.',
    directions: `Năm 2017: xây dựng chương trình công tác năm gắn với thực hiện Nghị quyết Trung ương 4 (khóa XII), Chỉ thị 05-CT/TW, 03 chương trình công tác của Quận ủy và Năm CCHC - Năm trật tự và văn minh đô thị, cụ thể hóa thành biểu tiến độ theo từng tháng. ${o.direction} Thực hiện giám sát, phản biện xã hội theo Quyết định 217, 218-QĐ/TW. Phấn đấu: ${o.targets}.`,
    proposals: o.proposal,
  };
}

/**
 * The indicator values of one organization's 2016 review: typed from its paper records (RõViệc
 * keeps no 2016 tasks or meetings), except the articles, which the portal has: the record's count.
 */
function figures2016(o: Org2016, articles: number, full = true): Record<string, number | null> {
  const f = o.figures;
  return { tasks_done: f.tasks[0], tasks_done_late: f.tasks[1], tasks_overdue: f.tasks[2], meetings_held: f.meetings, conclusions_addressed: null, articles_published: articles, propaganda_sessions: f.sessions, propaganda_participants: f.participants, new_members: f.newMembers, cultural_families_rate: full ? f.families : null, funds_raised: f.funds, targets_met: f.targetsMet ? 1 : 0 };
}

/**
 * How each organization's 2016 review went, Vietnam times: submitted (and, for Hội LHPN, returned
 * then resubmitted), accepted. Due 31/01/2017; Hội CCB submits late; all accepted before 10/02/2017.
 */
const FLOW_2016: Record<OrgKey, { submit: string; returned?: [string, string]; resubmit?: string; accept: string }> = {
  UBMTTQ: { submit: vn('2017-01-20', '15:10'), accept: vn('2017-01-23', '09:00') },
  'Đoàn TN': { submit: vn('2017-01-25', '16:40'), accept: vn('2017-02-03', '10:15') },
  'Hội LHPN': { submit: vn('2017-01-24', '10:05'), returned: [vn('2017-01-26', '08:30'), 'Đề nghị bổ sung tỷ lệ hộ hội viên đạt danh hiệu "Gia đình văn hóa" và nêu rõ nguyên nhân khó khăn về cán bộ chi hội, công tác giám sát.'], resubmit: vn('2017-02-01', '14:20'), accept: vn('2017-02-03', '10:30') },
  'Hội CCB': { submit: vn('2017-02-06', '09:45'), accept: vn('2017-02-08', '15:00') },
  'Công đoàn': { submit: vn('2017-01-31', '16:55'), accept: vn('2017-02-06', '08:45') },
  'Hội NCT': { submit: vn('2017-01-27', '09:30'), accept: vn('2017-02-06', '09:10') },
};
const DUE_2016 = '2017-01-31';
const REQUESTED_2016 = vn('2016-12-20', '09:00');

/** What a step wrote is found by the instant taken just before it (`mark`): the commands stamp "now". */
interface Step {
  subId: string;
  mark: string;
  at: string;
  due: string;
  requested: string;
  submitted?: boolean;
  accepted?: boolean;
}

/**
 * Moves what one step wrote (the history event, the submission's instants, the notifications it
 * raised) to the step's instant `at`; a submission is late when `at` falls after the due day
 * (Vietnam). Maintenance `demo.reports-backdate`.
 */
function backdate(q: CommandContext['trx'], st: Step): Promise<void> {
  const late = toIsoDate(new Date(st.at)) > st.due ? 1 : 0;
  return runMaintenance(q, 'demo.reports-backdate', async (m) => {
    await m.updateTable('report_submission_event').set({ at: st.at, late: st.submitted ? late : 0 }).where('submission_id', '=', st.subId).where('at', '>=', st.mark).execute();
    await m.updateTable('notification').set({ created_at: st.at }).where('link', '=', `/app/reports/submissions/${st.subId}`).where('created_at', '>=', st.mark).execute();
    const s = await m.selectFrom('report_submission').select(['first_submitted_at']).where('id', '=', st.subId).executeTakeFirstOrThrow();
    const first = s.first_submitted_at !== null && s.first_submitted_at >= st.mark;
    await m
      .updateTable('report_submission')
      .set({ updated_at: st.at, created_at: st.requested, ...(st.submitted ? { submitted_at: st.at, ...(first ? { first_submitted_at: st.at, late } : {}) } : {}), ...(st.accepted ? { accepted_at: st.at } : {}) })
      .where('id', '=', st.subId)
      .execute();
  });
}

/**
 * Loads the demo reports into ward `wardId`, inside the demo's command `c` (after the meetings demo:
 * the 2016 request names the meeting of 10/02/2017). Returns the two request ids.
 */
export async function loadReportsDemo(c: CommandContext, wardId: string): Promise<{ request2016: string; requestCurrent: string }> {
  const db = c.trx as unknown as Db;
  const q = c.trx;
  const orgRows = await q.selectFrom('organization').select(['id', 'short_name', 'name']).where('ward_id', '=', wardId).execute();
  const org = (s: string) => orgRows.find((o) => o.short_name === s)?.id as string;
  const holder = async (orgShort: string, title: string) =>
    (await q.selectFrom('position').innerJoin('person', 'person.id', 'position.person_id').select('person.full_name').where('position.ward_id', '=', wardId).where('position.org_id', '=', org(orgShort)).where('position.title', '=', title).executeTakeFirst())?.full_name ?? null;
  const meeting = async (day: string, hhmm: string) => (await q.selectFrom('meeting').select('id').where('ward_id', '=', wardId).where('starts_at', '=', vn(day, hhmm)).executeTakeFirst())?.id ?? null;
  const clerk = (await holder('VP Đảng ủy', 'Chánh Văn phòng Đảng ủy')) ?? 'Văn phòng Đảng ủy';
  const office: Actor = systemActor(wardId, `${clerk} (Văn phòng Đảng ủy)`);
  const heads = new Map<OrgKey, Actor>();
  for (const k of DEMO_REPORT_ORGS) heads.set(k, systemActor(wardId, `${(await holder(k, ORGS_2016[k].head)) ?? ORGS_2016[k].head} (${k})`));
  const head = (k: OrgKey) => heads.get(k) as Actor;
  const subOf = async (requestId: string, k: OrgKey) => q.selectFrom('report_submission').select(['id', 'version']).where('ward_id', '=', wardId).where('request_id', '=', requestId).where('org_id', '=', org(k)).executeTakeFirstOrThrow();
  const version = async (id: string) => (await q.selectFrom('report_submission').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  // What the record knows of each organization over a period, as a draft opens with it (prefill.ts).
  const figures = async (k: OrgKey, period: PeriodRange) => prefillFigures(await prefillFor(q, office, org(k), period));

  // 2016: requested by the office on 20/12/2016, presented at the meeting of 10/02/2017.
  const { id: r16 } = await createRequest(db, office, {
    form_id: 'rf-annual',
    period_id: '2016',
    due_on: DUE_2016,
    title: 'Báo cáo tổng kết năm 2016',
    note: 'Báo cáo kết quả công tác năm 2016, phương hướng nhiệm vụ trọng tâm năm 2017, trình bày tại buổi làm việc của Ban Thường vụ Đảng ủy với MTTQ và các đoàn thể.',
    issuer_org_id: org('Đảng ủy'),
    meeting_id: await meeting('2017-02-10', '14:00'),
    org_ids: DEMO_REPORT_ORGS.map(org),
  });
  /** Runs one step of an organization's flow, then moves what it wrote to its instant `at`. */
  const step = async (subId: string, at: string, ctx: { due: string; requested: string }, run: () => Promise<unknown>, set: { submitted?: boolean; accepted?: boolean } = {}) => {
    const mark = nowIso();
    await run();
    await backdate(q, { subId, mark, at, ...ctx, ...set });
  };
  const in2016 = { due: DUE_2016, requested: REQUESTED_2016 };
  for (const k of DEMO_REPORT_ORGS) {
    const o = ORGS_2016[k];
    const flow = FLOW_2016[k];
    const s = await subOf(r16, k);
    const computed = await figures(k, { start: '2016-01-01', end: '2016-12-31' });
    const draft = async (full: boolean) => {
      const values = figures2016(o, computed.articles_published, full);
      await saveDraft(db, head(k), s.id, { sections: review2016(o, full), indicators: values, version: await version(s.id) }, computed);
    };
    await draft(!flow.returned);
    await step(s.id, flow.submit, in2016, async () => submitReport(db, head(k), s.id, await version(s.id)), { submitted: true });
    if (flow.returned && flow.resubmit) {
      const [at, comment] = flow.returned;
      await step(s.id, at, in2016, async () => returnReport(db, office, s.id, { comment, version: await version(s.id) }));
      await draft(true);
      await step(s.id, flow.resubmit, in2016, async () => submitReport(db, head(k), s.id, await version(s.id)), { submitted: true });
    }
    await step(s.id, flow.accept, in2016, async () => acceptReport(db, office, s.id, { comment: null, version: await version(s.id) }), { accepted: true });
  }
  // The ward roll-up as the office edited it for the meeting: the document's own summary first.
  const roll = await getRollup(q, office, r16);
  const part = (code: string) => joinParts(roll.sections.find((x) => x.spec.code === code)?.parts ?? []);
  await saveRollup(db, office, r16, {
    results: `Năm 2016, MTTQ và các đoàn thể đã tiếp tục việc đổi mới nội dung phương thức hoạt động, bám sát Chương trình, kế hoạch công tác năm, triển khai các hoạt động gắn với tuyên truyền các ngày lễ kỷ niệm, tập trung triển khai tuyên truyền Nghị quyết Đại hội Đảng các cấp, cuộc bầu cử đại biểu Quốc hội khóa XIV và đại biểu HĐND các cấp nhiệm kỳ 2016 - 2021, nghị quyết hội nghị đại biểu nhân dân năm 2016.\n\n${part('results')}`,
    limitations: `Các ngành, đoàn thể còn gặp những khó khăn như công tác tổ chức cán bộ ở chi tổ hội; công tác kiểm tra, giám sát; có đoàn thể chưa chủ động bám sát kế hoạch để triển khai, chưa phối hợp chặt chẽ những nhiệm vụ khó khăn, phức tạp.\n\n${part('limitations')}`,
  }, 0);
  // Closed once rolled up: nothing more is taken for 2016.
  await setRequestOpen(db, office, r16, false, (await q.selectFrom('report_request').select('version').where('id', '=', r16).executeTakeFirstOrThrow()).version);
  await runMaintenance(q, 'demo.reports-backdate', async (m) => {
    await m.updateTable('report_request').set({ created_at: REQUESTED_2016, updated_at: vn('2017-02-09', '16:05') }).where('id', '=', r16).execute();
    await m.updateTable('report_rollup').set({ updated_at: vn('2017-02-09', '16:00') }).where('request_id', '=', r16).execute();
    // The 2016 flow's notifications were read long ago.
    await m.updateTable('notification').set({ created_at: REQUESTED_2016 }).where('link', '=', `/app/reports/${r16}`).execute();
    await m.updateTable('notification').set({ read_at: vn('2017-02-09', '16:00') }).where('ward_id', '=', wardId).where('link', 'like', '/app/reports/%').execute();
  });

  // 2026, third quarter: open, due 10/10/2026, in every state (so the board and the reminders have
  // work). Hội LHPN's report is with the office, so its head (the demo account with an e-mail in
  // tests) is not reminded by this request.
  const q3 = { due: '2026-10-10', requested: vn('2026-09-21', '08:30') };
  const { id: r26 } = await createRequest(db, office, {
    form_id: 'rf-quarterly',
    period_id: '2026Q3',
    due_on: q3.due,
    title: 'Báo cáo kết quả công tác quý III năm 2026',
    note: 'Gửi Văn phòng Đảng ủy trước ngày 10/10/2026 để tổng hợp báo cáo Ban Thường vụ.',
    issuer_org_id: org('Đảng ủy'),
    meeting_id: null,
    org_ids: DEMO_REPORT_ORGS.map(org),
  });
  await runMaintenance(q, 'demo.reports-backdate', async (m) => {
    await m.updateTable('report_request').set({ created_at: q3.requested, updated_at: q3.requested }).where('id', '=', r26).execute();
    await m.updateTable('report_submission').set({ created_at: q3.requested, updated_at: q3.requested }).where('request_id', '=', r26).execute();
    await m.updateTable('notification').set({ created_at: q3.requested }).where('link', '=', `/app/reports/${r26}`).execute();
  });
  const draftQ3 = async (k: OrgKey, at: string) => {
    const s = await subOf(r26, k);
    // The heads keep the record's figures and type the others.
    const computed = await figures(k, { start: '2026-07-01', end: '2026-09-30' });
    await step(s.id, at, q3, async () =>
      saveDraft(db, head(k), s.id, { sections: { results: `${k} triển khai chương trình công tác quý III năm 2026 theo chỉ đạo của Đảng ủy và Ủy ban MTTQ phường; tuyên truyền Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2025 - 2030 và việc sắp xếp đơn vị hành chính hai cấp.`, directions: 'Quý IV: hoàn thành các chỉ tiêu năm 2026, chuẩn bị tổng kết năm; cụ thể hóa chương trình công tác năm 2027 thành biểu tiến độ theo từng tháng.' }, indicators: { ...computed, propaganda_sessions: 3 + DEMO_REPORT_ORGS.indexOf(k), targets_met: 'có' }, version: await version(s.id) }, computed),
    );
    return s.id;
  };
  const submitQ3 = (k: OrgKey, id: string, at: string) => step(id, at, q3, async () => submitReport(db, head(k), id, await version(id)), { submitted: true });
  const mttq = await draftQ3('UBMTTQ', vn('2026-10-05', '15:00'));
  await submitQ3('UBMTTQ', mttq, vn('2026-10-06', '09:00'));
  await step(mttq, vn('2026-10-08', '14:00'), q3, async () => acceptReport(db, office, mttq, { comment: 'Đã tổng hợp.', version: await version(mttq) }), { accepted: true });
  const pn = await draftQ3('Hội LHPN', vn('2026-10-08', '10:00'));
  await submitQ3('Hội LHPN', pn, vn('2026-10-09', '16:00'));
  const ccb = await draftQ3('Hội CCB', vn('2026-10-13', '09:00'));
  await submitQ3('Hội CCB', ccb, vn('2026-10-14', '10:00'));
  await step(ccb, vn('2026-10-16', '09:00'), q3, async () => returnReport(db, office, ccb, { comment: 'Đề nghị bổ sung số liệu phát triển hội viên mới và kết quả giám sát quý III.', version: await version(ccb) }));
  await draftQ3('Đoàn TN', vn('2026-10-12', '20:30'));
  return { request2016: r16, requestCurrent: r26 };
}
