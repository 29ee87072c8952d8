// The printed name of a post (issue 11 item 6, docs/DESIGN.md D51): ONE function that says where a
// post is held when its title alone is ambiguous — "Bí thư Chi bộ" is held in every residential
// group, so it prints "Bí thư Chi bộ TDP 2"; "Bí thư Đảng ủy" is the ward's own and prints alone.

/** The organization fields the printed name needs. */
export interface PostOrg {
  name: string;
  short_name: string | null;
  kind: string;
}

/** Kinds of body of a residential group (one per group: a title alone cannot say which). */
const GROUP_KINDS: ReadonlySet<string> = new Set(['party_cell', 'front_work_group', 'branch']);

/** Words that name a ward-level body in a title ("Chủ tịch Hội LHPN phường", "Ủy viên Ban Thường vụ"). */
const BODY_WORD = /(?:^|\s)(?:Đảng ủy|Đảng uỷ|Ủy ban|Uỷ ban|UBND|HĐND|UBMTTQ|MTTQ|Mặt trận|Hội|Đoàn|Công đoàn|Ban|Văn phòng|Khối|Công an|Quân sự|phường|xã|thị trấn)(?=\s|$)/iu;

/** Words that name a body inside a title after its role word ("CHT Chi hội PN", "BT Chi bộ", "Phó Bí thư Đoàn"). */
const NAMES_BODY = /(?<!Chi)\s(?:Chi bộ|Chi hội|Chi đoàn|Ban công tác|Ban CTMT|BCTMT|Đảng ủy|Đảng uỷ|Mặt trận|MTTQ|Hội|Đoàn|Công đoàn|Tổ (?:Đảng|hòa giải|an ninh))(?=\s|$)/iu;

/** Where a residential group's body is: its name from the place word on ("TDP 3", "Tổ dân phố số 3", "Khu phố 2"). */
const PLACE = /(?:^|\s)((?:TDP|Tổ dân phố|KP|Khu phố|Thôn|Ấp|Bản|Xóm|Khu dân cư|KDC|Tổ)\s+\S.*)$/iu;

const words = (s: string): string[] => s.trim().split(/\s+/u).filter(Boolean);
const low = (s: string): string => s.toLocaleLowerCase('vi').normalize('NFC');

/** True when `hay` holds `needle` as whole words (case-insensitive). */
function holds(hay: string, needle: string): boolean {
  const h = ` ${words(low(hay)).join(' ')} `;
  const n = words(low(needle)).join(' ');
  return n.length > 0 && h.includes(` ${n} `);
}

/** How many last words of `title` are the first words of `where` (case-insensitive), the most that fit. */
function overlap(title: string[], where: string[]): number {
  for (let k = Math.min(title.length - 1, where.length - 1); k > 0; k--) {
    if (title.slice(-k).every((w, i) => low(w) === low(where[i] as string))) return k;
  }
  return 0;
}

/**
 * The post `title` (or its abbreviation) as printed with organization `org`:
 * 1. the title alone when it already names the organization (holds its name or short name:
 *    "Bí thư Đảng ủy" in "Đảng ủy", "Chủ tịch HĐND phường" in "HĐND");
 * 2. the title alone when the organization is a ward-level body (not a residential group's cell,
 *    front work group or branch) and the title names a body ("Chủ tịch Hội LHPN phường",
 *    "Ủy viên Ban Thường vụ") — the ward has one body of that kind;
 * 3. otherwise the title followed by where: the organization's short name, joined where the
 *    title's last words begin it ("Chi hội trưởng Chi hội Phụ nữ" + "Chi hội Phụ nữ TDP 3" →
 *    "Chi hội trưởng Chi hội Phụ nữ TDP 3"); if only the full name so begins, the full name
 *    ("Trưởng ban công tác Mặt trận" + "Ban công tác Mặt trận Tổ dân phố số 1"); if neither, the
 *    short name (else the name) after the title ("Chủ tịch" → "Chủ tịch Hội LHPN");
 *    but a residential group's post whose title already names its body in other words
 *    ("CHT Chi hội PN") gets only the place ("CHT Chi hội PN TDP 3"): the body is never said twice.
 * No organization (a frozen record without one): the title as it is.
 */
export function postName(title: string, org: PostOrg | null | undefined): string {
  const t = title.trim();
  if (!org) return t;
  const short = org.short_name?.trim() || null;
  if (holds(t, org.name) || (short && holds(t, short))) return t;
  if (!GROUP_KINDS.has(org.kind) && BODY_WORD.test(t)) return t;
  const tw = words(t);
  for (const where of [short, org.name]) {
    if (!where) continue;
    const ww = words(where);
    const k = overlap(tw, ww);
    if (k > 0) return [...tw, ...ww.slice(k)].join(' ');
  }
  // The title names its body in other words ("CHT Chi hội PN"): add only the place, never the body twice.
  if (GROUP_KINDS.has(org.kind) && NAMES_BODY.test(t)) {
    const place = PLACE.exec(short ?? '')?.[1] ?? PLACE.exec(org.name)?.[1];
    if (place) return holds(t, place) ? t : `${t} ${place.trim()}`;
  }
  return `${t} ${short ?? org.name.trim()}`;
}

/** A post row with its organization, as the people and meetings rooms read them. */
export interface PostWithOrg {
  title: string;
  abbreviation: string | null;
  org_name?: string | null;
  org_short?: string | null;
  org_kind?: string | null;
}

/** The organization of a post row read with `org_name`, `org_short` and `org_kind`, or null. */
export function orgOfPost(p: PostWithOrg): PostOrg | null {
  return p.org_name && p.org_kind ? { name: p.org_name, short_name: p.org_short ?? null, kind: p.org_kind } : null;
}

/**
 * `postName` of a post row: its title, or its abbreviation when `abbreviated` and it has one. The
 * full title decides whether where is added: a title that prints alone keeps its abbreviation
 * alone ("Phó Bí thư TTĐU", short for "Phó Bí thư Thường trực Đảng ủy"); else the abbreviation
 * gets the same place ("BT Chi bộ TDP 2").
 */
export function printedPost(p: PostWithOrg, abbreviated = false): string {
  const org = orgOfPost(p);
  const full = postName(p.title, org);
  if (!(abbreviated && p.abbreviation)) return full;
  return full === p.title.trim() ? p.abbreviation.trim() : postName(p.abbreviation, org);
}
