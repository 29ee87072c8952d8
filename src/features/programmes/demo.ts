// Demo 2017: the documents the founding meeting cites, one approved programme per organization of
// the ward with six-clear tasks across the year, progress month by month (some done, some done
// late, some overdue), and sub-tasks in the branches of Hội LHPN and Đoàn TN whose progress rolls up.
import type { Queryable } from '../../db/index.ts';
import { newId } from '../../db/dialect.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { rng } from '../../lib/demo-names.ts';
import { insertSource } from '../sources/service.ts';
import { loadTasks } from './load.ts';
import { insertProgramme } from './programme.ts';
import { insertTask } from './task.ts';
import type { TaskPlan } from './schema.ts';
import { monthEnd, rollUpOf, summarize } from './status.ts';

interface Spec {
  title: string;
  description: string;
  months: [number, number]; // start, due month of 2017
  result: { target: number; unit: string } | { deliverable: string };
  src: string[]; // keys of DOCS
  coord?: string[]; // short names of coordinating organizations
}

const DOCS = {
  nq4: { kind: 'nghi_quyet', number: '04-NQ/TW', issued_on: '2016-10-30', issuer: 'Ban Chấp hành Trung ương Đảng (khóa XII)', title: 'Về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện "tự diễn biến", "tự chuyển hóa" trong nội bộ', theme_year: null },
  ct05: { kind: 'chi_thi', number: '05-CT/TW', issued_on: '2016-05-15', issuer: 'Bộ Chính trị', title: 'Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', theme_year: null },
  ctr01: { kind: 'chuong_trinh', number: '01-CTr/QU', issued_on: '2016-01-15', issuer: 'Quận ủy Hai Bà Trưng', title: 'Chương trình công tác số 01 của Quận ủy về xây dựng Đảng và hệ thống chính trị (dữ liệu mẫu)', theme_year: null },
  ctr02: { kind: 'chuong_trinh', number: '02-CTr/QU', issued_on: '2016-01-15', issuer: 'Quận ủy Hai Bà Trưng', title: 'Chương trình công tác số 02 của Quận ủy về phát triển kinh tế, quản lý đô thị (dữ liệu mẫu)', theme_year: null },
  ctr03: { kind: 'chuong_trinh', number: '03-CTr/QU', issued_on: '2016-01-15', issuer: 'Quận ủy Hai Bà Trưng', title: 'Chương trình công tác số 03 của Quận ủy về văn hóa, xã hội (dữ liệu mẫu)', theme_year: null },
  theme: { kind: 'chu_de_nam', number: null, issued_on: null, issuer: 'Thành ủy Hà Nội', title: 'Năm CCHC – Năm trật tự và văn minh đô thị', theme_year: 2017 },
  qd217: { kind: 'quyet_dinh', number: '217-QĐ/TW', issued_on: '2013-12-12', issuer: 'Bộ Chính trị (khóa XI)', title: 'Ban hành Quy chế giám sát và phản biện xã hội của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội', theme_year: null },
  qd218: { kind: 'quyet_dinh', number: '218-QĐ/TW', issued_on: '2013-12-12', issuer: 'Bộ Chính trị (khóa XI)', title: 'Quy định về việc Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội và nhân dân tham gia góp ý xây dựng Đảng, xây dựng chính quyền', theme_year: null },
} as const;

/** Tasks every organization carries, from the five directions of the meeting of 10/02/2017. */
const COMMON: Spec[] = [
  { title: 'Tổ chức học tập, quán triệt Nghị quyết Trung ương 4 (khóa XII) và Chỉ thị 05-CT/TW', description: 'Hội nghị quán triệt cho cán bộ, đoàn viên, hội viên; đăng ký làm theo gương Bác.', months: [2, 4], result: { target: 1, unit: 'hội nghị' }, src: ['nq4', 'ct05'] },
  { title: 'Tuyên truyền trật tự đô thị, trật tự xây dựng, bảo vệ môi trường', description: 'Tuyên truyền trên loa truyền thanh, tại sinh hoạt chi hội và tổ dân phố về Năm trật tự và văn minh đô thị.', months: [3, 11], result: { target: 10, unit: 'buổi' }, src: ['theme', 'ctr02'], coord: ['UBND'] },
  { title: 'Nắm bắt dư luận của hội viên và nhân dân, phản ánh kịp thời', description: 'Tổng hợp ý kiến, kiến nghị hằng tháng gửi Khối dân vận.', months: [1, 12], result: { deliverable: 'Báo cáo dư luận hằng tháng' }, src: ['ctr01'] },
];

const BY_ORG: Record<string, Spec[]> = {
  UBMTTQ: [
    { title: 'Giám sát việc thực hiện quy chế dân chủ ở cơ sở tại các tổ dân phố', description: 'Giám sát theo Quyết định 217-QĐ/TW; kiến nghị kết quả với Đảng ủy, UBND.', months: [4, 10], result: { target: 2, unit: 'cuộc giám sát' }, src: ['qd217'], coord: ['HĐND', 'Hội CCB'] },
    { title: 'Tổ chức hội nghị góp ý xây dựng Đảng, xây dựng chính quyền', description: 'Theo Quyết định 218-QĐ/TW, lấy ý kiến nhân dân về cán bộ, đảng viên.', months: [9, 11], result: { deliverable: 'Báo cáo tổng hợp ý kiến góp ý' }, src: ['qd218'] },
    { title: 'Xây dựng kế hoạch phối hợp liên tịch với UBND phường năm 2017', description: 'Ký kế hoạch liên tịch giữa UBND với UBMTTQ và các đoàn thể.', months: [1, 3], result: { deliverable: 'Kế hoạch liên tịch được ký' }, src: ['ctr01'], coord: ['UBND'] },
  ],
  'Hội LHPN': [
    { title: 'Vận động hội viên phụ nữ thực hiện phân loại rác tại nguồn', description: 'Mỗi chi hội vận động hội viên phân loại rác, giữ gìn vệ sinh ngõ phố.', months: [3, 9], result: { target: 300, unit: 'hộ' }, src: ['theme'], coord: ['UBND'] },
    { title: 'Phát triển hội viên mới', description: 'Phát triển hội viên tại các chi hội còn khó khăn.', months: [2, 12], result: { target: 60, unit: 'hội viên' }, src: ['ctr03'] },
  ],
  'Đoàn TN': [
    { title: 'Ra quân "Ngày Chủ nhật xanh" làm sạch các tuyến phố', description: 'Đoàn viên ra quân dọn vệ sinh, xóa quảng cáo rao vặt sai quy định.', months: [3, 8], result: { target: 12, unit: 'buổi ra quân' }, src: ['theme'], coord: ['UBND'] },
    { title: 'Tổ chức lớp bồi dưỡng lý luận chính trị cho đoàn viên ưu tú', description: 'Giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp.', months: [5, 7], result: { target: 15, unit: 'đoàn viên' }, src: ['nq4'] },
  ],
  'Hội CCB': [{ title: 'Tham gia giữ gìn an ninh trật tự tại địa bàn dân cư', description: 'Phối hợp Công an phường tuần tra, phát hiện vi phạm trật tự đô thị.', months: [1, 12], result: { target: 24, unit: 'buổi tuần tra' }, src: ['theme'], coord: ['UBND'] }],
  'Công đoàn': [{ title: 'Tuyên truyền chính sách thuế đến người lao động và hộ kinh doanh', description: 'Phối hợp Chi cục Thuế tuyên truyền, vận động nộp thuế đúng hạn.', months: [4, 6], result: { target: 3, unit: 'hội nghị' }, src: ['ctr02'] }],
  'Hội NCT': [{ title: 'Vận động người cao tuổi tham gia giải phóng mặt bằng dự án nút giao', description: 'Người cao tuổi làm gương, vận động gia đình chấp hành chủ trương GPMB.', months: [5, 10], result: { deliverable: 'Báo cáo kết quả vận động' }, src: ['ctr02'], coord: ['UBMTTQ'] }],
  UBND: [{ title: 'Ra quân lập lại trật tự vỉa hè, lòng đường', description: 'Thực hiện Năm trật tự và văn minh đô thị trên các tuyến phố chính.', months: [2, 12], result: { target: 20, unit: 'tuyến phố' }, src: ['theme', 'ctr02'], coord: ['UBMTTQ', 'Đoàn TN'] }],
  HĐND: [{ title: 'Giám sát việc giải quyết kiến nghị cử tri', description: 'Giám sát chuyên đề, tái giám sát các kiến nghị chưa được giải quyết.', months: [6, 11], result: { target: 2, unit: 'cuộc giám sát' }, src: ['ctr01'] }],
};

/** Progress profiles: how a task's year went. */
type Profile = 'on_time' | 'late_finish' | 'stalled';

/**
 * Loads the 2017 programmes demo into `wardId`. Bulk data, not a ward's decisions: it runs as
 * maintenance (`demo.programmes`); its records still carry their `… .create` audit rows.
 */
export function loadProgrammesDemo(db: Queryable, wardId: string): Promise<void> {
  return runMaintenance(db, 'demo.programmes', async (q) => {
    const a = systemActor(wardId, 'Dữ liệu mẫu');
    const r = rng(2017_02_10);
    const docs: Record<string, string> = {};
    for (const [k, d] of Object.entries(DOCS)) docs[k] = await insertSource(q, a, { ...d, kind: d.kind, number: d.number, issued_on: d.issued_on, issuer: d.issuer, title: d.title, theme_year: d.theme_year });
    const orgs = await q.selectFrom('organization').select(['id', 'name', 'short_name', 'parent_id', 'kind']).where('ward_id', '=', wardId).orderBy('sort_order').execute();
    const byShort = new Map(orgs.map((o) => [o.short_name ?? o.name, o]));
    const heads = await q.selectFrom('position').select(['org_id', 'person_id', 'rank']).where('ward_id', '=', wardId).where('end_on', 'is', null).orderBy('rank').execute();
    const headOf = (orgId: string) => heads.find((h) => h.org_id === orgId)?.person_id ?? null;
    const dung = await q.selectFrom('person').select('id').where('ward_id', '=', wardId).where('full_name', '=', 'Dương Ngọc Dũng').executeTakeFirst();
    const mai = await q.selectFrom('person').select('id').where('ward_id', '=', wardId).where('full_name', '=', 'Lê Thị Mai').executeTakeFirst();
    const approver = 'Dương Ngọc Dũng';

    const plan = (s: Spec, leadOrg: string, owner: string | null): TaskPlan => {
      const [m0, m1] = s.months;
      const milestones = [];
      for (let m = m0; m <= m1; m++) milestones.push({ month: `2017-${String(m).padStart(2, '0')}`, planned_percent: Math.round(((m - m0 + 1) / (m1 - m0 + 1)) * 100), title: null });
      return {
        title: s.title,
        description: s.description,
        owner_person_id: owner,
        lead_org_id: leadOrg,
        coordinating_org_ids: (s.coord ?? []).map((c) => byShort.get(c)?.id).filter((x): x is string => !!x && x !== leadOrg),
        start_on: `2017-${String(m0).padStart(2, '0')}-01`,
        due_on: monthEnd(`2017-${String(m1).padStart(2, '0')}`),
        result_kind: 'target' in s.result ? 'indicator' : 'deliverable',
        target_value: 'target' in s.result ? s.result.target : null,
        target_unit: 'target' in s.result ? s.result.unit : null,
        deliverable: 'deliverable' in s.result ? s.result.deliverable : null,
        source_ids: s.src.map((k) => docs[k] as string),
        origin_kind: 'programme',
        origin_ref: null,
        origin_note: 'Thông báo kết luận hội nghị BTV Đảng ủy làm việc với MTTQ và các đoàn thể ngày 10/02/2017',
        milestones,
      };
    };

    /** Monthly progress following the plan; a profile decides whether it ends on time, late, or stalls. */
    const progress = async (taskId: string, p: TaskPlan, profile: Profile, reporter: string) => {
      const rows: { reported_on: string; percent: number; created_at: string }[] = [];
      for (const m of p.milestones) {
        const end = monthEnd(m.month);
        let pct = m.planned_percent;
        if (profile === 'late_finish') pct = Math.max(0, Math.round(m.planned_percent * 0.75));
        if (profile === 'stalled') pct = Math.min(m.planned_percent, Math.round(20 + r() * 30));
        const day = end.slice(0, 8) + String(20 + Math.floor(r() * 5)).padStart(2, '0');
        rows.push({ reported_on: day, percent: pct, created_at: `${day}T09:00:00.000Z` });
      }
      if (profile === 'late_finish') {
        const late = p.due_on && p.due_on < '2017-12-01' ? `${p.due_on.slice(0, 5)}${String(Number(p.due_on.slice(5, 7)) + 1).padStart(2, '0')}-10` : '2018-01-10';
        rows.push({ reported_on: late, percent: 100, created_at: `${late}T09:00:00.000Z` });
      }
      for (const row of rows) {
        const value = p.result_kind === 'indicator' && p.target_value ? Math.round((row.percent / 100) * p.target_value) : null;
        await q.insertInto('progress_update').values({ id: newId(), ward_id: wardId, task_id: taskId, reported_on: row.reported_on, percent: row.percent, value, note: row.percent >= 100 ? 'Đã hoàn thành, có báo cáo kết quả.' : null, user_id: null, actor_label: reporter, created_at: row.created_at }).execute();
      }
      const s = summarize(rows);
      const value = p.result_kind === 'indicator' && p.target_value ? Math.round(((s.progress_percent ?? 0) / 100) * p.target_value) : null;
      await q.updateTable('task').set({ ...s, actual_value: value, actual_result: s.done_on ? 'Hoàn thành theo kế hoạch.' : null }).where('id', '=', taskId).execute();
    };

    const profiles: Profile[] = ['on_time', 'on_time', 'late_finish', 'on_time', 'stalled'];
    let n = 0;
    for (const org of orgs.filter((o) => !o.parent_id || o.kind !== 'branch').filter((o) => !['party_cell', 'front_work_group', 'branch'].includes(o.kind))) {
      const short = org.short_name ?? org.name;
      const pid = await insertProgramme(q, a, { org_id: org.id, year: 2017, title: `Chương trình công tác năm 2017 của ${org.name}`, source_ids: [docs.nq4, docs.ct05, docs.ctr01, docs.ctr02, docs.ctr03, docs.theme].filter((x): x is string => !!x) });
      const specs = [...(BY_ORG[short] ?? []), ...COMMON];
      let order = 0;
      for (const s of specs) {
        const owner = short === 'Hội LHPN' && s.title.startsWith('Vận động hội viên phụ nữ') && mai ? mai.id : (headOf(org.id) ?? dung?.id ?? null);
        const p = plan(s, org.id, owner);
        const approved = { approval: 'approved', approved_at: '2017-02-20T08:00:00.000Z', approved_by: approver };
        const tid = await insertTask(q, a, { programmeId: pid, parentId: null, sortOrder: (order += 10) }, p, approved);
        // Branch sub-tasks for the ward tasks of Hội LHPN and Đoàn TN with a numeric target.
        const branches = orgs.filter((b) => b.parent_id === org.id && b.kind === 'branch');
        if ((short === 'Hội LHPN' || short === 'Đoàn TN') && p.result_kind === 'indicator' && branches.length && s === specs[0]) {
          const kids = [];
          for (const [i, b] of branches.entries()) {
            const per = Math.max(1, Math.round((p.target_value ?? 0) / branches.length));
            const kp: TaskPlan = { ...p, title: `${s.title} — ${b.name}`, owner_person_id: headOf(b.id) ?? owner, lead_org_id: b.id, coordinating_org_ids: [], target_value: per };
            const kid = await insertTask(q, a, { programmeId: pid, parentId: tid, sortOrder: i + 1 }, kp, approved);
            await progress(kid, kp, profiles[(n + i) % profiles.length] as Profile, b.name);
            kids.push(kid);
          }
          const rows = await q.selectFrom('task').select(['progress_percent', 'progress_on', 'done_on']).where('parent_id', '=', tid).execute();
          await q.updateTable('task').set(rollUpOf(rows)).where('id', '=', tid).execute();
        } else {
          await progress(tid, p, profiles[n % profiles.length] as Profile, org.name);
        }
        n++;
      }
      const tasks = await loadTasks(q, a, { programmeId: pid });
      await q.updateTable('programme').set({ status: 'approved', approved_version: 1, submitted_at: '2017-02-15T08:00:00.000Z', decided_at: '2017-02-20T08:00:00.000Z', decided_by: approver }).where('id', '=', pid).execute();
      await q
        .insertInto('programme_version')
        .values({ id: newId(), ward_id: wardId, programme_id: pid, version_no: 1, approved_at: '2017-02-20T08:00:00.000Z', approved_by: approver, comment: 'Đồng ý', snapshot_json: JSON.stringify({ tasks: tasks.map((t) => ({ id: t.id, parent_id: t.parent_id, title: t.title, owner: t.owner_name, lead: t.lead_name, start_on: t.start_on, due_on: t.due_on, milestones: t.milestones.map((m) => ({ month: m.month, planned_percent: m.planned_percent })) })), sources: [] }) })
        .execute();
    }
  });
}
