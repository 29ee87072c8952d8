// The schedule as a paper of its issuing body (docs/DESIGN.md D56): the letterhead (documents
// room's `letterheadOf`: Party, state, Front, Youth Union or association rules), the dated line,
// the title and year, and the signature block with "Nơi nhận". One value, made in the heavy job,
// drawn by the print view (schedule-print.tsx) and the XLSX (schedule-xlsx.ts) alike.
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { officialDateLine } from '../../export/docx.ts';
import { letterheadOf, RIGHT_LINES, type HeadKind } from '../documents/service.ts';
import { getOrg, listOrgs, type OrgRow } from '../orgs/service.ts';
import { postHoldersOf } from '../people/service.ts';
import { directoryScope, keep, Kept, type StampReader } from '../../platform/kept.ts';
import type { ScheduleRow } from './schedule-cells.ts';

export interface SchedulePaper {
  kind: HeadKind;
  /** Left column lines in capitals: the higher body, then the issuing body. */
  left: string[];
  /** Whether `left[0]` is the higher body (not bold) rather than the first line of the body's name. */
  higher: boolean;
  mark: 'star' | 'rule';
  right: readonly [string, string];
  /** "Đồng Tâm, ngày 30 tháng 11 năm 2026". */
  dateLine: string;
  /** The signature block: "T/M BAN THƯỜNG VỤ" / "BÍ THƯ" / the name (blank when no one holds the post). */
  sign: { prefix: string; title: string; name: string };
  /** "Nơi nhận" lines, each with its leading dash and ending mark. */
  recipients: string[];
}

/**
 * The place on the dated line: per Nghị định 30/2020/NĐ-CP (Phụ lục I, II.5.a), for a body at ward or
 * commune level, the name of that ward or commune ("Đồng Tâm, ngày …"; a numbered ward keeps its
 * word: "Phường 12, ngày …"). Hướng dẫn 36-HD/VPTW names the place the same way.
 */
export function placeOfWard(wardName: string): string {
  const m = /^(phường|xã|thị trấn|đặc khu)\s+(\S.*)$/iu.exec(wardName.trim());
  return m && !/^\d+$/.test(m[2] ?? '') ? (m[2] as string) : wardName.trim();
}

const HEAD_WORDS = /^(quyền\s+|q\.\s*)?(phó\s+)?(bí thư|chủ tịch|chủ nhiệm|trưởng ban|trưởng khối|chánh văn phòng|chi hội trưởng)(\s+thường trực)?/iu;

/**
 * 0 for the head's post ("Chủ tịch …"), 1 for an acting head's ("Quyền Chủ tịch …"), 2 for a deputy's
 * ("Phó Chủ tịch …"), 3 for any other post.
 */
const headRank = (title: string): number => {
  const m = HEAD_WORDS.exec(title.trim());
  return !m ? 3 : m[2] ? 2 : m[1] ? 1 : 0;
};

/**
 * "Bí thư Đảng ủy" → "BÍ THƯ"; "Phó Bí thư Thường trực Đảng ủy" → "PHÓ BÍ THƯ THƯỜNG TRỰC": the post as
 * signed, without the body. An acting head signs "Q. CHỦ TỊCH" ("Quyền Chủ tịch UBND"): Nghị định
 * 30/2020/NĐ-CP, Phụ lục I, mục II.8.b ("Q." before the title of the head).
 */
export function signedPost(title: string): string {
  const m = HEAD_WORDS.exec(title.trim());
  if (!m) return title.trim().toLocaleUpperCase('vi');
  const post = m[0].slice(m[1]?.length ?? 0).trim();
  return `${m[1] && !m[2] ? 'Q. ' : ''}${post.toLocaleUpperCase('vi')}`;
}

/**
 * The date a schedule of `year` speaks for (its bodies and their superiors, D64): the print date
 * `today`, unless the year ended before it, then its last day (a 2017 schedule printed in 2026 is
 * headed by the district of 2017).
 */
export function paperDateOf(year: number | undefined, today: string): string {
  return year !== undefined && year < Number(today.slice(0, 4)) ? `${year}-12-31` : today;
}

/**
 * The body that issues the schedule: the organization filtered on, else (ward-wide) the Party
 * Committee, whose Standing Committee approves the programmes (D10), else the People's Committee.
 */
async function issuingOrg(q: Queryable, actor: Pick<Actor, 'wardId'>, orgId: string | null | undefined, today: string, orgs: () => Promise<readonly OrgRow[]>): Promise<OrgRow | null> {
  if (orgId) return (await getOrg(q, actor, orgId)) ?? null;
  const live = (await orgs()).filter((o) => o.valid_to === null || o.valid_to >= today);
  return live.find((o) => o.kind === 'party_committee') ?? live.find((o) => o.kind === 'people_committee') ?? null;
}

/**
 * The paper of the schedule of `orgId` (ward-wide when null) on `today` in ward `wardName`. The
 * signer is the body's head on `today` ("Chủ tịch …", "Bí thư …"), else a deputy, else the
 * first-ranked holder of a post there (blank when none). Errors: none (a ward without bodies gets the
 * ward's name under the Quốc hiệu). The issuing body and its higher body are those of `paperDateOf(year, today)` (D64).
 * `orgs`: the ward's organizations (`listOrgs`), when the caller has read them already.
 */
export async function schedulePaper(q: Queryable, actor: Actor, orgId: string | null | undefined, wardName: string, today: string, year?: number, orgs: () => Promise<readonly OrgRow[]> = () => listOrgs(q, actor)): Promise<SchedulePaper> {
  const dateLine = officialDateLine(placeOfWard(wardName), today);
  const on = paperDateOf(year, today);
  const org = await issuingOrg(q, actor, orgId, on, orgs);
  if (!org) return { kind: 'state', left: [wardName.toLocaleUpperCase('vi')], higher: false, mark: 'rule', right: RIGHT_LINES.state, dateLine, sign: { prefix: '', title: '', name: '' }, recipients: ['- Lưu: VT.'] };
  const head = await letterheadOf(q, actor.wardId, org, on);
  let sign = { prefix: head.signPrefix, title: '', name: '' };
  // The head signs for the body; else an acting head; else a deputy; else the first-ranked holder of a
  // post there (in rank order). No one: the block keeps its prefix, the name is signed by hand.
  const posts = (await postHoldersOf(q, actor, head.issuer.id, today)).holders.flatMap((h) => h.posts.map((p) => ({ name: h.person.full_name, title: p.title })));
  const best = posts.map((p, i) => ({ ...p, order: headRank(p.title) * 10_000 + i })).sort((a, b) => a.order - b.order)[0];
  if (best) sign = { ...sign, title: signedPost(best.title), name: best.name };
  return { kind: head.kind, left: head.left, higher: head.higher, mark: head.mark, right: head.right, dateLine, sign, recipients: recipientsOf(head.kind, org.kind) };
}

/**
 * "Nơi nhận" of a schedule by its body: a Party cell reports to the ward's Party Committee and
 * sends to its members; the Party Committee and its Standing Committee to the cells and bodies of
 * the ward (HD 36-HD/VPTW); any other body reports to the Standing Committee (NĐ 30/2020/NĐ-CP).
 */
function recipientsOf(head: HeadKind, orgKind: string): string[] {
  if (orgKind === 'party_cell') return ['- Đảng ủy phường (để báo cáo),', '- Các đảng viên trong chi bộ,', '- Lưu chi bộ.'];
  if (head === 'party') return ['- Các chi bộ, cơ quan, đoàn thể phường,', '- Các đồng chí Đảng ủy viên,', '- Lưu Văn phòng Đảng ủy.'];
  return ['- Thường trực Đảng ủy phường (để báo cáo);', '- Các cơ quan, đơn vị phối hợp;', '- Lưu: VT.'];
}

/** At most 200 papers (a ward's bodies × days × years printed; ~1 KB each). */
const papers = new Kept<SchedulePaper>(200, 200, () => 1);

/**
 * `schedulePaper` kept in this process (platform/kept.ts, D81) while what it reads is unchanged: the
 * ward's directory stamp `d:<ward>` (organizations, people, posts: migration 0025, read with the
 * session through `stamps`) and the unit-tree version `treeVersion` (read with the account:
 * auth/identity.ts, bumped by every command on units). Keyed by ward, body, ward name, day and
 * year. The paper is the same for every reader of the schedule (the signer's name and post are no
 * personal details: people/service.ts `listPeople` has no reader check), so it is shared. Shared:
 * callers must not mutate it.
 */
export function keptSchedulePaper(q: Queryable, actor: Actor, orgId: string | null | undefined, wardName: string, today: string, year: number, orgs: () => Promise<readonly OrgRow[]>, stamps: StampReader, treeVersion: string): Promise<SchedulePaper> {
  const key = JSON.stringify([actor.wardId, orgId ?? null, wardName, today, year]);
  const stamp = async () => `${await stamps([directoryScope(actor.wardId)])}|u=${treeVersion}`;
  return keep(papers, q, key, stamp, () => schedulePaper(q, actor, orgId, wardName, today, year, orgs));
}

/** Where a task carried over from an earlier year began, for the first cell: { m: '11', y: '2025' }, or null. */
export function carriedFrom(startOn: string | null, year: number): { m: string; y: string } | null {
  return startOn && startOn < `${year}-01-01` ? { m: startOn.slice(5, 7), y: startOn.slice(0, 4) } : null;
}

type NoteKey = 'sched.note.carried' | 'sched.note.doneOn' | 'sched.note.target' | 'sched.note.deliverable';
type RowTask = Pick<ScheduleRow['task'], 'start_on' | 'done_on' | 'result_kind' | 'target_value' | 'target_unit' | 'deliverable' | 'coordinating'>;

/**
 * The "Ghi chú" of a row, in words: where a carried-over task began, the day it was done, its
 * target or deliverable ("Chỉ tiêu: 95 hộ", "Sản phẩm: Báo cáo sơ kết"), joined by "; ".
 */
export function rowNotes(task: RowTask, year: number, t: (k: NoteKey, p: Record<string, string | number>) => string, fmtDate: (d: string) => string, fmtNum: (n: number) => string): string {
  const out: string[] = [];
  const from = carriedFrom(task.start_on, year);
  if (from) out.push(t('sched.note.carried', { m: from.m, y: from.y, year }));
  if (task.done_on) out.push(t('sched.note.doneOn', { date: fmtDate(task.done_on) }));
  if (task.result_kind === 'indicator' && task.target_value !== null) out.push(t('sched.note.target', { value: `${fmtNum(task.target_value)}${task.target_unit ? ` ${task.target_unit}` : ''}` }));
  else if (task.deliverable) out.push(t('sched.note.deliverable', { value: task.deliverable }));
  return out.join('; ');
}

/** The coordinating bodies of a row by their short names ("UBMTTQ, Hội LHPN"). */
export const coordinatingText = (task: Pick<RowTask, 'coordinating'>): string => task.coordinating.map((c) => c.short_name ?? c.name).join(', ');
