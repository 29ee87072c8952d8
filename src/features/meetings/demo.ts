// Demo meetings: the working session of 10/02/2017 from the founding document (attendees with the
// posts they held that day, the organizations' reports, the Standing Committee's directions, the
// five numbered conclusions linked to the six-clear tasks that carry them out through 2017, minutes
// approved, and the news article the ward published), and a 2026 meeting of the post-reform ward,
// convened for next month. Maintenance: demo data, each meeting with its audit row.
import type { Queryable } from '../../db/index.ts';
import { newId } from '../../db/dialect.ts';
import { systemActor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runMaintenance, type CommandContext, type MaintenanceTx } from '../../platform/command.ts';
import { issueNumber } from '../documents/service.ts';
import { fold } from '../../lib/vi/index.ts';
import { postsOnDateOf } from '../people/service.ts';
import { frozenPost, printablePosts } from './posts.ts';
import { vnInstant } from './schema.ts';

/** The parts of the founding post the meeting record holds, taken from its text as posted. */
export function foundingParts(body: string) {
  const paras = body.split(/\n+/u).map((x) => x.trim()).filter(Boolean);
  const find = (start: string) => paras.find((x) => x.startsWith(start)) ?? '';
  return {
    title: 'Ban thường vụ Đảng ủy làm việc với MTTQ và các đoàn thể về nhiệm vụ trọng tâm năm 2017',
    place: 'phòng họp số 1 UBND',
    others: 'các đồng chí thường vụ Đảng ủy; các đồng chí trưởng, phó các đoàn thể chính trị - xã hội và cán bộ Văn phòng Đảng ủy phường',
    results: find('Năm 2016'),
    difficulties: find('Cùng với'),
    directive: find('Trên cơ sở'),
    conclusions: paras.filter((x) => /^\d\.\s/u.test(x)).map((x) => x.replace(/^\d\.\s*/u, '')),
  };
}

const MASS = ['UBMTTQ', 'Đoàn TN', 'Hội LHPN', 'Hội CCB', 'Công đoàn', 'Hội NCT'];
/** The programme task (by title prefix) that carries out each conclusion, per organization. */
const CARRIED_BY: string[][] = [
  ['Tổ chức học tập, quán triệt Nghị quyết Trung ương 4'],
  ['Tuyên truyền trật tự đô thị'],
  ['Phát triển hội viên mới', 'Tổ chức lớp bồi dưỡng lý luận chính trị'],
  ['Giám sát việc thực hiện quy chế dân chủ', 'Tổ chức hội nghị góp ý xây dựng Đảng'],
  ['Xây dựng kế hoạch phối hợp liên tịch'],
];

async function insertMeeting(q: MaintenanceTx, wardId: string, m: { kind: string; title: string; day: string; from: string; to: string; place: string; host: string; chair: string | null; secretary: string | null; status: string; summary: string | null; others: string | null; invited: string[]; approved?: boolean; articleId?: string | null }) {
  const id = newId();
  const starts_at = vnInstant(m.day, m.from);
  const ends_at = vnInstant(m.day, m.to);
  const row = {
    id,
    ward_id: wardId,
    kind_id: m.kind,
    title: m.title,
    starts_at,
    ends_at,
    place: m.place,
    host_org_id: m.host,
    chair_person_id: m.chair,
    secretary_person_id: m.secretary,
    status: m.status,
    summary: m.summary,
    others_text: m.others,
    is_public: 1,
    closed_at: m.status === 'held' || m.status === 'approved' ? ends_at : null,
    cancel_reason: null,
    ics_sequence: 0,
    convened_at: m.status === 'draft' ? null : vnInstant(m.day, '07:00'),
    approved_at: m.approved ? vnInstant(m.day, '17:30') : null,
    approved_by: m.approved ? 'Dương Ngọc Dũng' : null,
    article_id: m.articleId ?? null,
    search_text: fold(`${m.title} ${m.place}`),
    created_at: starts_at,
    updated_at: starts_at,
  };
  await q.insertInto('meeting').values(row).execute();
  for (const o of m.invited) await q.insertInto('meeting_org').values({ meeting_id: id, org_id: o, ward_id: wardId }).execute();
  await writeAudit(q, systemActor(wardId, 'Dữ liệu mẫu'), { action: 'meeting.create', entityType: 'meeting', entityId: id, summary: m.title, after: row });
  return { id, day: m.day };
}

/** Loads the demo meetings of the ward (after people, organizations, programmes and the portal); `foundingBody` is the founding post's text. */
export function loadMeetingsDemo(db: Queryable, wardId: string, foundingBody: string): Promise<void> {
  const FOUNDING = foundingParts(foundingBody);
  return runMaintenance(db, 'demo.meetings', async (q) => {
    const orgRows = await q.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', wardId).execute();
    const org = (s: string) => orgRows.find((o) => o.short_name === s)?.id as string;
    const person = async (name: string) => (await q.selectFrom('person').select('id').where('ward_id', '=', wardId).where('full_name', '=', name).executeTakeFirst())?.id ?? null;
    const holder = async (orgShort: string, title: string) =>
      (await q.selectFrom('position').select('person_id').where('ward_id', '=', wardId).where('org_id', '=', org(orgShort)).where('title', '=', title).executeTakeFirst())?.person_id ?? null;
    const article = await q.selectFrom('article').select('id').where('ward_id', '=', wardId).where('title', '=', FOUNDING.title).executeTakeFirst();

    // 10/02/2017, 14:00–17:00: the Standing Committee works with the Front and the mass organizations.
    const dung = await person('Dương Ngọc Dũng');
    const m = await insertMeeting(q, wardId, { kind: 'mk-buoi_lam_viec', title: FOUNDING.title, day: '2017-02-10', from: '14:00', to: '17:00', place: FOUNDING.place, host: org('BTV Đảng ủy'), chair: dung, secretary: await holder('VP Đảng ủy', 'Chánh Văn phòng Đảng ủy'), status: 'approved', summary: null, others: FOUNDING.others, invited: MASS.map(org), approved: true, articleId: article?.id ?? null });
    const attendees: { person: string | null; featured?: boolean; status?: string; reason?: string }[] = [
      { person: dung },
      { person: await person('Phạm Thị Kim Bình'), featured: true },
      { person: await person('Chu Thị Huế'), featured: true },
      ...(await Promise.all(
        [
          ['UBMTTQ', 'Chủ tịch Ủy ban MTTQ phường'],
          ['Đoàn TN', 'Bí thư Đoàn phường'],
          ['Hội LHPN', 'Chủ tịch Hội LHPN phường'],
          ['Hội CCB', 'Chủ tịch Hội CCB phường'],
          ['Công đoàn', 'Chủ tịch Công đoàn cơ sở'],
          ['Hội NCT', 'Chủ tịch Hội Người cao tuổi phường'],
          ['UBMTTQ', 'Phó Chủ tịch Ủy ban MTTQ phường'],
          ['Hội LHPN', 'Phó Chủ tịch Hội LHPN phường'],
          ['VP Đảng ủy', 'Chánh Văn phòng Đảng ủy'],
        ].map(async ([o, title]) => ({ person: await holder(o as string, title as string) })),
      )),
    ];
    // Two excused, as minutes record them.
    const excused = attendees.slice(-3, -1);
    excused[0] = { ...(excused[0] as { person: string | null }), status: 'excused', reason: 'Đi học lớp trung cấp lý luận chính trị' };
    excused[1] = { ...(excused[1] as { person: string | null }), status: 'excused', reason: 'Ốm' };
    attendees.splice(-3, 2, ...excused);
    const posts = await postsOnDateOf(q, { wardId }, attendees.map((a) => a.person).filter((p): p is string => !!p), m.day);
    let pos = 0;
    for (const a of attendees) {
      if (!a.person) continue;
      const frozen = printablePosts(posts.get(a.person) ?? []).map(frozenPost);
      await q.insertInto('meeting_attendee').values({ id: newId(), ward_id: wardId, meeting_id: m.id, person_id: a.person, guest_name: null, guest_title: null, role: 'member', status: a.status ?? 'present', reason: a.reason ?? null, posts_frozen: JSON.stringify(frozen), featured: a.featured ? 1 : 0, position: ++pos, created_at: vnInstant(m.day, '13:30') }).execute();
    }
    const agenda = ['Các đoàn thể báo cáo kết quả công tác năm 2016, phương hướng nhiệm vụ trọng tâm năm 2017', 'Các đồng chí Ban Thường vụ phát biểu chỉ đạo', 'Đồng chí Bí thư Đảng ủy kết luận'];
    for (const [i, title] of agenda.entries()) await q.insertInto('meeting_agenda_item').values({ id: newId(), ward_id: wardId, meeting_id: m.id, position: i + 1, title, presenter_person_id: i === 2 ? dung : null, presenter_name: null, planned_minutes: [90, 45, 30][i] ?? null, carried_conclusion_id: null }).execute();
    await q.insertInto('meeting_report').values({ id: newId(), ward_id: wardId, meeting_id: m.id, position: 1, org_id: org('UBMTTQ'), presenter_person_id: await holder('UBMTTQ', 'Chủ tịch Ủy ban MTTQ phường'), summary: `${FOUNDING.results}\n\n${FOUNDING.difficulties}`, file_id: null, is_public: 1 }).execute();
    for (const [i, o] of MASS.slice(1).entries()) {
      await q.insertInto('meeting_report').values({ id: newId(), ward_id: wardId, meeting_id: m.id, position: i + 2, org_id: org(o), presenter_person_id: null, summary: `${o} báo cáo tóm tắt kết quả công tác năm 2016 và phương hướng nhiệm vụ trọng tâm năm 2017.`, file_id: null, is_public: 0 }).execute();
    }
    const dirId = newId();
    await q.insertInto('meeting_directive').values({ id: dirId, ward_id: wardId, meeting_id: m.id, position: 1, speaker_person_id: null, speaker_name: 'Các đồng chí Ban Thường vụ', content: FOUNDING.directive, is_public: 1 }).execute();
    for (const o of MASS) await q.insertInto('meeting_directive_org').values({ directive_id: dirId, org_id: org(o), ward_id: wardId }).execute();
    for (const [i, content] of FOUNDING.conclusions.entries()) {
      const cid = newId();
      await q.insertInto('meeting_conclusion').values({ id: cid, ward_id: wardId, meeting_id: m.id, number: i + 1, kind: 'task', content, lead_org_id: org('UBMTTQ'), due_on: i === 0 ? '2017-03-31' : '2017-12-31', is_public: 1, carried_from_id: null, tasks_created_at: vnInstant('2017-02-13', '08:00'), created_at: vnInstant(m.day, '17:00') }).execute();
      await q.insertInto('meeting_conclusion_org').values({ conclusion_id: cid, org_id: org('UBMTTQ'), ward_id: wardId, role: 'lead' }).execute();
      for (const o of MASS.slice(1)) await q.insertInto('meeting_conclusion_org').values({ conclusion_id: cid, org_id: org(o), ward_id: wardId, role: 'addressed' }).execute();
      // The programme tasks that carry it out (made in the programmes demo) point back to it.
      for (const prefix of CARRIED_BY[i] ?? []) {
        await q.updateTable('task').set({ origin_kind: 'conclusion', origin_ref: cid, origin_note: `Kết luận số ${i + 1}, ${FOUNDING.title} ngày 10/02/2017` }).where('ward_id', '=', wardId).where('parent_id', 'is', null).where('title', 'like', `${prefix}%`).execute();
      }
    }

    // 2026, the post-reform ward: the Standing Committee's quarterly briefing, convened.
    const m2 = await insertMeeting(q, wardId, { kind: 'mk-hop_btv', title: 'Ban Thường vụ Đảng ủy giao ban công tác quý IV năm 2026', day: '2026-12-08', from: '08:00', to: '11:30', place: 'phòng họp số 1, trụ sở Đảng ủy phường', host: org('BTV Đảng ủy'), chair: dung, secretary: await holder('VP Đảng ủy', 'Chánh Văn phòng Đảng ủy'), status: 'convened', summary: 'Đánh giá kết quả thực hiện nhiệm vụ năm 2026, thống nhất chương trình công tác năm 2027 của Mặt trận và các đoàn thể chính trị - xã hội trực thuộc.', others: null, invited: MASS.map(org) });
    for (const [i, title] of ['Kết quả thực hiện nhiệm vụ chính trị năm 2026', 'Dự thảo chương trình công tác năm 2027', 'Kiểm điểm các kết luận còn chưa hoàn thành'].entries()) {
      await q.insertInto('meeting_agenda_item').values({ id: newId(), ward_id: wardId, meeting_id: m2.id, position: i + 1, title, presenter_person_id: null, presenter_name: null, planned_minutes: 60, carried_conclusion_id: null }).execute();
    }
    let p2 = 0;
    for (const pid of [dung, await person('Chu Thị Huế'), await holder('UBMTTQ', 'Chủ tịch Ủy ban MTTQ phường'), await holder('Hội LHPN', 'Chủ tịch Hội LHPN phường')]) {
      if (pid) await q.insertInto('meeting_attendee').values({ id: newId(), ward_id: wardId, meeting_id: m2.id, person_id: pid, guest_name: null, guest_title: null, role: 'member', status: p2 === 0 ? 'confirmed' : 'invited', reason: null, posts_frozen: null, featured: 0, position: ++p2, created_at: vnInstant('2026-11-25', '09:00') }).execute();
    }
  });
}

/**
 * Numbers the founding meeting's minutes and conclusion notice (the documents room's sequence of
 * the Party Committee for its 2015–2020 term), inside the demo's command.
 */
export async function issueDemoDocuments(c: CommandContext, wardId: string): Promise<void> {
  const m = await c.trx.selectFrom('meeting').select(['id', 'host_org_id', 'title']).where('ward_id', '=', wardId).where('starts_at', '=', vnInstant('2017-02-10', '14:00')).executeTakeFirst();
  if (!m) return;
  const actor = { ...c.actor, wardId };
  const ctx = { ...c, actor } as CommandContext;
  for (const docType of ['BB', 'TB'] as const) {
    await issueNumber(ctx, { issuerOrgId: m.host_org_id, docType, date: docType === 'BB' ? '2017-02-10' : '2017-02-13', subjectKind: 'meeting', subjectId: m.id, title: m.title });
  }
}
