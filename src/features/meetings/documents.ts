// A meeting's official documents (issue 9, item 4): the invitation (giấy mời), the minutes (biên
// bản: opening block, attendance with counts, proceedings in order, conclusions, closing time,
// signatures of the secretary and the chair) and the conclusion notice (thông báo kết luận:
// context, numbered conclusions with lead body and deadline, recipients, signature). This module
// writes what they say; the documents room lays them out by the issuing body's profile in force on
// the meeting's date and numbers them (per term for Party bodies, per year for state bodies).
import type { Db, Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { AppError } from '../../platform/errors.ts';
import { formatDate, formatTime, todayInVietnam } from '../../lib/vi/index.ts';
import { issuedFor, issueNumber, renderDocument, renderPdf, signaturePrefix, type Block, type DocType, type RenderInput } from '../documents/service.ts';
import { getMeeting, type MeetingDetail } from './load.ts';
import { postLine, type PrintPost } from './posts.ts';

export const MEETING_DOCS = { invitation: 'GM', minutes: 'BB', notice: 'TB' } as const satisfies Record<string, DocType>;
export type MeetingDoc = keyof typeof MEETING_DOCS;

const ATT_WORD: Record<string, string> = { invited: 'Được mời', confirmed: 'Đã xác nhận', present: 'Có mặt', excused: 'Vắng có lý do', absent: 'Vắng', late: 'Đến muộn', left_early: 'Về sớm' };
const WEEKDAY = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

const person = (p: { name: string; posts: PrintPost[] } | null): string => (p ? `đồng chí ${p.name}${p.posts.length ? ` - ${postLine(p.posts, false)}` : ''}` : '');
/** "14 giờ 00" */
const clock = (iso: string): string => formatTime(iso).replace(':', ' giờ ');
/**
 * The signer's title for the issuing body: the chair's post in that body (or the body above it,
 * as the Standing Committee signs with the Party Committee's Secretary), without the body's name
 * ("Bí thư Đảng ủy" → "BÍ THƯ", "Chủ tịch UBND phường" → "CHỦ TỊCH"). A chair without a post there
 * signs with `fallback` (the head of that kind of body), never with a post of another body.
 */
function signedTitle(p: { posts: (PrintPost & { org_id?: string })[] } | null, bodyIds: readonly string[], fallback: string): string {
  const post = p?.posts.find((x) => x.org_id && bodyIds.includes(x.org_id));
  if (!post) return fallback;
  // The first body name after a space, and everything from the space run before it (linear: no `\s+…$` backtracking).
  const at = /\s(?:Đảng ủy|Ủy ban|UBND|HĐND|Hội|Đoàn|Công đoàn|Ban|phường|xã)/u.exec(post.title)?.index;
  return (at === undefined ? post.title : post.title.slice(0, at).trimEnd()).toLocaleUpperCase('vi');
}
const HEAD_OF: Record<string, string> = { party_committee: 'BÍ THƯ', standing_committee: 'BÍ THƯ', party_cell: 'BÍ THƯ', people_committee: 'CHỦ TỊCH', people_council: 'CHỦ TỊCH', fatherland_front: 'CHỦ TỊCH', mass_organization: 'CHỦ TỊCH', association: 'CHỦ TỊCH' };
const orgNames = (d: MeetingDetail, ids: readonly (string | null)[]): string[] => ids.filter((x): x is string => !!x).map((id) => d.orgs.get(id)?.name ?? '').filter(Boolean);

function conclusionItems(d: MeetingDetail): string[] {
  return d.conclusions.map(({ conclusion: c }) => {
    const parts: string[] = [];
    if (c.lead_org_id) parts.push(`Chủ trì: ${orgNames(d, [c.lead_org_id]).join('')}`);
    if (c.coordinating_org_ids.length) parts.push(`phối hợp: ${orgNames(d, c.coordinating_org_ids).join(', ')}`);
    if (c.due_on) parts.push(`thời hạn: ${formatDate(c.due_on)}`);
    return parts.length ? `${c.content} (${parts.join('; ')}).` : c.content;
  });
}

/** What the document of `doc` says for this meeting, ready for the documents room to lay out. */
export function meetingDocument(d: MeetingDetail, doc: MeetingDoc): Omit<RenderInput, 'numberText'> {
  const m = d.meeting;
  const host = d.host;
  const kindName = (d.kind?.name ?? 'Cuộc họp').toLocaleLowerCase('vi');
  const date = d.day;
  const common = { issuerOrgId: m.host_org_id, docType: MEETING_DOCS[doc], date };
  const bodies = [m.host_org_id, host?.parent_id].filter((x): x is string => !!x);
  const chairSign = { prefix: signaturePrefix(host?.kind ?? 'party_committee', 'collective'), title: signedTitle(d.chair, bodies, HEAD_OF[host?.kind ?? ''] ?? 'CHỦ TRÌ'), name: d.chair?.name ?? '' };
  const invitedNames = d.invited.map((o) => o.name);
  if (doc === 'invitation') {
    const weekday = WEEKDAY[new Date(`${date}T12:00:00+07:00`).getUTCDay()] ?? '';
    const blocks: Block[] = [
      { kind: 'paragraph', text: `${host?.name ?? ''} trân trọng kính mời: ${invitedNames.length ? invitedNames.join('; ') : 'các đồng chí có tên trong thành phần'}.`, indent: true },
      { kind: 'paragraph', text: `Tới dự: ${m.title}.`, indent: true },
      { kind: 'paragraph', text: `Thời gian: ${clock(m.starts_at)}, ${weekday}, ngày ${formatDate(m.starts_at)}.`, indent: true },
      { kind: 'paragraph', text: `Địa điểm: ${m.place}.`, indent: true },
    ];
    if (d.agenda.length) blocks.push({ kind: 'paragraph', text: 'Nội dung:', indent: true, bold: true }, { kind: 'numbered', items: d.agenda.map((a) => a.title) });
    blocks.push({ kind: 'paragraph', text: 'Rất mong các đồng chí đến dự đúng thời gian./.', indent: true, italic: true });
    return { ...common, subject: m.title, blocks, signature: chairSign, recipients: [...invitedNames.map((n) => `${n};`), 'Lưu Văn phòng.'] };
  }
  if (doc === 'minutes') {
    const away = [...d.counts.excused, ...d.counts.absent];
    const blocks: Block[] = [
      { kind: 'paragraph', text: `Hôm nay, vào hồi ${clock(m.starts_at)} ngày ${formatDate(m.starts_at)}, tại ${m.place}, ${host?.name ?? ''} tiến hành ${kindName}: ${m.title}.`, indent: true },
      { kind: 'heading', text: 'I. THÀNH PHẦN' },
      { kind: 'paragraph', text: `Chủ trì: ${person(d.chair) || '…'}.`, indent: true },
      { kind: 'paragraph', text: `Thư ký: ${person(d.secretary) || '…'}.`, indent: true },
      { kind: 'paragraph', text: `Có mặt ${d.counts.present}/${d.counts.total} đồng chí; vắng ${away.length} đồng chí${away.length ? ` (${away.map((a) => `đồng chí ${a.name}${a.reason ? `: ${a.reason}` : ''}`).join('; ')})` : ''}.`, indent: true },
      { kind: 'table', columns: ['STT', 'Họ và tên', 'Chức vụ', 'Tình trạng'], widths: [8, 27, 42, 23], rows: d.attendees.map((a, i) => [String(i + 1), a.name, a.person_id ? postLine(a.posts, false) : (a.guest_title ?? ''), `${ATT_WORD[a.status] ?? a.status}${a.reason ? ` (${a.reason})` : ''}`]) },
      { kind: 'heading', text: 'II. NỘI DUNG' },
    ];
    if (d.agenda.length) blocks.push({ kind: 'paragraph', text: 'Chương trình:', bold: true, indent: true }, { kind: 'numbered', items: d.agenda.map((a) => a.title) });
    for (const r of d.reports) blocks.push({ kind: 'paragraph', text: `${r.org_name}${r.presenter_name ? ` (đồng chí ${r.presenter_name} trình bày)` : ''}: ${r.summary}`, indent: true });
    for (const x of d.directives) blocks.push({ kind: 'paragraph', text: `${x.speaker_full_name ? `Đồng chí ${x.speaker_full_name}` : (x.speaker_name ?? '')}${x.org_ids.length ? ` (đối với ${orgNames(d, x.org_ids).join(', ')})` : ''}: ${x.content}`, indent: true });
    if (d.conclusions.length) blocks.push({ kind: 'heading', text: 'III. KẾT LUẬN' }, { kind: 'numbered', items: conclusionItems(d) });
    blocks.push({ kind: 'paragraph', text: `${kindName.charAt(0).toLocaleUpperCase('vi')}${kindName.slice(1)} kết thúc vào hồi ${clock(m.closed_at ?? m.ends_at)} cùng ngày. Biên bản đã được thông qua tại ${kindName}./.`, indent: true });
    return {
      ...common,
      subject: m.title,
      blocks,
      signature: { prefix: null, title: 'CHỦ TRÌ', name: d.chair?.name ?? '' },
      extraSignatures: [{ prefix: null, title: 'THƯ KÝ', name: d.secretary?.name ?? '' }],
      recipients: [],
    };
  }
  const addressed = [...new Set(d.conclusions.flatMap((c) => [c.conclusion.lead_org_id, ...c.conclusion.coordinating_org_ids, ...c.conclusion.addressed_org_ids]))];
  const context = `Ngày ${formatDate(m.starts_at)}, ${host?.name ?? ''} ${kindName === 'buổi làm việc' ? 'có buổi làm việc' : `tổ chức ${kindName}`}: ${m.title}. ${d.chair ? `Chủ trì: ${person(d.chair)}.` : ''}`.trim();
  const blocks: Block[] = [{ kind: 'paragraph', text: context, indent: true }];
  if (m.summary) blocks.push({ kind: 'paragraph', text: m.summary, indent: true });
  blocks.push({ kind: 'paragraph', text: `Sau khi nghe báo cáo và ý kiến thảo luận, ${d.chair ? person(d.chair) : 'đồng chí chủ trì'} kết luận như sau:`, indent: true }, { kind: 'numbered', items: conclusionItems(d) });
  blocks.push({ kind: 'paragraph', text: `${host?.name ?? ''} thông báo để các tổ chức, cá nhân liên quan biết, thực hiện./.`, indent: true });
  return { ...common, subject: `Kết luận của ${host?.name ?? ''} tại ${kindName} ngày ${formatDate(m.starts_at)}`, blocks, signature: chairSign, recipients: [...orgNames(d, addressed).map((n) => `${n};`), 'Lưu Văn phòng.'] };
}

/** The number and date already issued for this meeting's document, or null (a draft). */
async function issuedOf(q: Queryable, wardId: string, meetingId: string, doc: MeetingDoc): Promise<{ number_text: string; issued_on: string } | null> {
  const rows = await issuedFor(q, wardId, 'meeting', meetingId);
  return rows.find((r) => r.doc_type === MEETING_DOCS[doc]) ?? null;
}

/** The numbers issued for a meeting's documents, by document. */
export async function meetingNumbers(q: Queryable, actor: Pick<Actor, 'wardId'>, meetingId: string): Promise<Partial<Record<MeetingDoc, string>>> {
  const rows = await issuedFor(q, actor.wardId, 'meeting', meetingId);
  const out: Partial<Record<MeetingDoc, string>> = {};
  for (const [doc, type] of Object.entries(MEETING_DOCS) as [MeetingDoc, DocType][]) {
    const r = rows.find((x) => x.doc_type === type);
    if (r) out[doc] = r.number_text;
  }
  return out;
}

/**
 * Issues the number of a meeting's document (once per meeting and document: a second time is a
 * 409 from the documents room). Minutes and notice only after the meeting was held; the notice
 * needs a conclusion. 403, 404, 409, 422.
 */
export async function issueMeetingDocument(db: Db, actor: Actor, meetingId: string, doc: MeetingDoc): Promise<string> {
  return runCommand(db, actor, 'meeting.document', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const d = await getMeeting(c.trx, actor, meetingId);
    const m = d.meeting;
    if (m.status === 'cancelled') throw new AppError(422, 'meeting.err.cancelledLocked');
    // An invitation before the meeting; minutes once approved (their text is final); the notice
    // after the meeting, which then locks the conclusions it states.
    if (doc === 'invitation' && m.status !== 'draft' && m.status !== 'convened') throw new AppError(422, 'meeting.err.invitationLate');
    if (doc === 'minutes' && m.status !== 'approved') throw new AppError(422, 'meeting.err.minutesNotApproved');
    if (doc === 'notice' && m.status !== 'held' && m.status !== 'approved') throw new AppError(422, 'meeting.err.docNotHeld');
    if (doc === 'notice' && d.conclusions.length === 0) throw new AppError(422, 'meeting.err.noConclusions');
    const issued = await issueNumber(c, { issuerOrgId: m.host_org_id, docType: MEETING_DOCS[doc], date: doc === 'invitation' ? todayInVietnam() : d.day, subjectKind: 'meeting', subjectId: m.id, title: m.title });
    await c.audit({ action: 'meeting.document', entityType: 'meeting', entityId: m.id, summary: `${MEETING_DOCS[doc]} ${issued.numberText}`, after: { doc, number: issued.numberText } });
    return issued.numberText;
  });
}

/** The document as .docx or .pdf (numbered once issued, else a draft). 404 when the meeting is not visible; 503 PDF unavailable. */
export async function meetingDocumentFile(q: Queryable, actor: Actor, meetingId: string, doc: MeetingDoc, format: 'docx' | 'pdf'): Promise<{ body: Buffer; filename: string }> {
  const d = await getMeeting(q, actor, meetingId);
  const issued = await issuedOf(q, actor.wardId, meetingId, doc);
  const content = meetingDocument(d, doc);
  const input: RenderInput = { ...content, date: issued?.issued_on ?? (doc === 'invitation' ? todayInVietnam() : content.date), numberText: issued?.number_text ?? null };
  if (format === 'pdf') {
    const r = await renderPdf(q, actor, input);
    return { body: r.pdf, filename: r.filename };
  }
  const r = await renderDocument(q, actor, input);
  return { body: r.docx, filename: r.filename };
}
