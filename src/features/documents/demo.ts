// Demo data of the documents room: the terms of the demo ward's Party Committee (so its numbers
// run per recorded term), and the sample notice every profile page can render — the conclusions
// of the Standing Committee's working session of 10/02/2017 with the Front and the mass
// organizations (the founding document, ../shared/seed/ward-news-2017-02-13.txt).
import { newId, nowIso } from '../../db/dialect.ts';
import type { OfficialDocument } from '../../export/docx.ts';
import type { AuditActor, CommandTx } from '../../platform/command.ts';
import { writeAudit } from '../../platform/audit.ts';
import { insertTermRow } from './repo.ts';

/** Terms of the demo ward's Party Committee (Đại hội Đảng bộ phường: 2015, 2020, 2025). */
export const DEMO_TERMS = [
  { name: '2015 - 2020', start_on: '2015-08-20', end_on: '2020-07-09' },
  { name: '2020 - 2025', start_on: '2020-07-10', end_on: '2025-06-30' },
  { name: '2025 - 2030', start_on: '2025-07-01', end_on: null },
] as const;

/**
 * Records `DEMO_TERMS` for the Party Committee `partyCommitteeId`, inside the demo's system
 * command (`demo.load`, which has called `markSystem`), with one audit row each.
 */
export async function loadDocumentsDemo(q: CommandTx, actor: AuditActor, partyCommitteeId: string): Promise<void> {
  for (const t of DEMO_TERMS) {
    const row = { id: newId(), ward_id: actor.wardId, org_id: partyCommitteeId, ...t, created_at: nowIso() };
    await insertTermRow(q, row);
    await writeAudit(q, actor, { action: 'body_term.create', entityType: 'organization', entityId: partyCommitteeId, summary: `Đảng ủy: ${t.name}`, after: row });
  }
}

/** The five conclusions of 10/02/2017, as the chair set them. */
export const FOUNDING_CONCLUSIONS = [
  'Tập trung xây dựng triển khai kế hoạch, chương trình công tác năm gắn với thực hiện Nghị quyết Trung ương 4 (khóa XII), Chỉ thị 05-CT/TW về "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 03 Chương trình công tác của Quận ủy, thực hiện Năm CCHC - Năm trật tự và văn minh đô thị; đảm bảo rõ người, rõ việc, rõ trách nhiệm, rõ tiến độ, rõ thời gian, rõ kết quả và được cụ thể hóa thành biểu tiến độ theo từng tháng.',
  'Đổi mới nội dung, hình thức công tác tuyên truyền, giáo dục chính trị tư tưởng cho đoàn viên, hội viên; chăm lo quyền lợi của hội viên, nắm bắt dư luận của cán bộ, đoàn viên, hội viên và nhân dân để tạo sự đồng thuận cao trong nhân dân.',
  'Chủ động tham mưu, đề xuất với Đảng ủy về công tác nhân sự, tổ chức, cán bộ hội, nhất là các chi hội còn khó khăn; tạo điều kiện cho cán bộ, hội viên tham gia các lớp tập huấn, bồi dưỡng.',
  'Thực hiện tốt công tác giám sát, phản biện xã hội xây dựng Đảng, chính quyền theo Quyết định 217, 218 của Bộ Chính trị (khóa XI); triển khai thực hiện 06 Quy chế dân chủ của quận.',
  'Chủ động xây dựng kế hoạch phối hợp liên tịch giữa UBND với UBMTTQ và các ngành, đoàn thể chính trị - xã hội; làm tốt công tác tham mưu với cấp ủy, phối hợp với chính quyền đánh giá, triển khai thực hiện các nghị quyết, chỉ thị gắn với nhiệm vụ chính trị của địa phương.',
];

/** The body of the conclusion notice of 10/02/2017 (without header, number and date). */
export function foundingNotice(): Pick<OfficialDocument, 'subject' | 'blocks' | 'signature' | 'recipients'> {
  return {
    subject: 'Kết luận của Ban Thường vụ Đảng ủy tại buổi làm việc với MTTQ và các đoàn thể về nhiệm vụ trọng tâm năm 2017',
    blocks: [
      {
        kind: 'paragraph',
        text: 'Chiều ngày 10/02/2017, tại phòng họp số 1 UBND phường, Ban Thường vụ Đảng ủy đã làm việc với Ủy ban MTTQ và các đoàn thể chính trị - xã hội phường về nhiệm vụ trọng tâm năm 2017. Đồng chí Dương Ngọc Dũng - Bí thư Đảng ủy, Chủ tịch HĐND phường chủ trì.',
      },
      { kind: 'paragraph', text: 'Sau khi nghe báo cáo của các đoàn thể và ý kiến của các đồng chí Ban Thường vụ, đồng chí chủ trì kết luận, đề nghị UBMTTQ và các đoàn thể chính trị - xã hội thực hiện tốt một số nhiệm vụ chủ yếu sau:' },
      { kind: 'numbered', items: FOUNDING_CONCLUSIONS },
      { kind: 'paragraph', text: 'Ban Thường vụ Đảng ủy thông báo để các tổ chức, cá nhân liên quan biết, thực hiện.' },
    ],
    signature: { prefix: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', name: 'Dương Ngọc Dũng' },
    recipients: ['Thường trực Quận ủy (để b/c),', 'Các đồng chí Đảng ủy viên,', 'UBMTTQ và các đoàn thể phường,', 'Lưu Văn phòng Đảng ủy.'],
  };
}
