// The superior body of a paper is the one above the ward on the paper's date (docs/DESIGN.md D64).
// A body's stored higher body ("Hội LHPN Quận Hai Bà Trưng") names the unit it was above the ward
// in when it was entered; districts were abolished on 01/07/2025 (Luật Tổ chức chính quyền địa
// phương 2025; Nghị quyết 202/2025/QH15), so a paper dated after that names the province instead:
// "Hội LHPN Thành phố Hà Nội". The unit tree with its dates (unit_parent, unit_name) decides.
import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { wardsMergedInto } from './merge.ts';
import { withNamesOn } from './names.ts';
import { UNIT_COLUMNS } from './repo.ts';

/**
 * A unit's bodies named by the unit without its kind word: its Party committee ("Quận ủy Hai Bà
 * Trưng", "Thành ủy Hà Nội", "Tỉnh ủy Bắc Ninh") and its Youth Union committee ("Quận đoàn Hai Bà
 * Trưng", "Thành đoàn Hà Nội", "Tỉnh đoàn Bắc Ninh"), as each is commonly written.
 */
const FORM_WORDS = {
  party: { thanh_pho: 'Thành ủy', tinh: 'Tỉnh ủy', quan: 'Quận ủy', huyen: 'Huyện ủy', thi_xa: 'Thị ủy' },
  youth: { thanh_pho: 'Thành đoàn', tinh: 'Tỉnh đoàn', quan: 'Quận đoàn', huyen: 'Huyện đoàn', thi_xa: 'Thị đoàn' },
} as const satisfies Record<string, Record<string, string>>;
type Form = keyof typeof FORM_WORDS;
const KIND_WORD = /^(thành phố|tỉnh|quận|huyện|thị xã)\s+/iu;
/** The unit `name` of `kind` in `form` ("Thành phố Hà Nội" → "Thành đoàn Hà Nội"); null for a kind without one; the name itself without a form. */
const formOf = (form: Form | null, kind: string, name: string): string | null => {
  if (!form) return name;
  const word = (FORM_WORDS[form] as Record<string, string>)[kind];
  return word && KIND_WORD.test(name) ? `${word} ${name.replace(KIND_WORD, '')}` : null;
};

interface Named {
  id: string;
  kind: string;
  name: string;
}

/** The units above the ward that are linked to it on `onDate`, nearest first, with their names that day. */
async function aboveOn(q: Queryable, wardId: string, onDate: string): Promise<Named[]> {
  const out: Named[] = [];
  let at = wardId;
  for (let i = 0; i < 8; i++) {
    const link = await q
      .selectFrom('unit_parent')
      .select('parent_id')
      .where('unit_id', '=', at)
      .where('valid_from', '<=', onDate)
      .where((e) => e.or([e('valid_to', 'is', null), e('valid_to', '>=', onDate)]))
      .executeTakeFirst();
    if (!link) break;
    // ward-scope: a unit above the ward (higher units belong to no ward), reached from the ward's own link.
    const unit = await q.selectFrom('unit').select(UNIT_COLUMNS).where('id', '=', link.parent_id).executeTakeFirst();
    if (!unit) break;
    const [named] = await withNamesOn(q, [unit], onDate);
    out.push({ id: unit.id, kind: unit.kind, name: named?.name ?? unit.name });
    at = unit.id;
  }
  return out;
}

/** Every unit ever above the ward (or a ward merged into it), each with every name it bore. */
async function everAbove(q: Queryable, wardId: string): Promise<{ id: string; kind: string; names: string[] }[]> {
  const wards = [wardId, ...(await wardsMergedInto(q, wardId))];
  const up = await sql<{ id: string }>`
    with recursive up(id) as (
      select p.parent_id from unit_parent p where p.unit_id in (${sql.join(wards)})
      union
      select p.parent_id from unit_parent p join up on p.unit_id = up.id
    ) select id from up`.execute(q);
  const ids = up.rows.map((r) => r.id);
  if (ids.length === 0) return [];
  // ward-scope: the units ever above the ward (higher units belong to no ward), found from its links.
  const [units, names] = await Promise.all([
    q.selectFrom('unit').select(['id', 'kind', 'name']).where('id', 'in', ids).execute(),
    q.selectFrom('unit_name').select(['unit_id', 'name']).where('unit_id', 'in', ids).execute(),
  ]);
  return units.map((u) => ({ id: u.id, kind: u.kind, names: [...new Set([u.name, ...names.filter((n) => n.unit_id === u.id).map((n) => n.name)])] }));
}

/**
 * A stored higher body's name as it stands on `onDate` (YYYY-MM-DD) for ward `wardId`: when it
 * names a unit (by any of its names, any letter case) that is no longer above the ward that day,
 * that name is replaced by the unit directly above the ward that day ("Quận Hai Bà Trưng" →
 * "Thành phố Hà Nội"; its Party committee "Quận ủy Hai Bà Trưng" → "Thành ủy Hà Nội"; its Youth
 * Union "Quận đoàn Hai Bà Trưng" → "Thành đoàn Hà Nội"). A name of a
 * unit still above the ward, or of no unit of the tree, is kept.
 * Errors: none (a ward with nothing above it keeps the text).
 */
export async function higherBodyOn(q: Queryable, wardId: string, text: string, onDate: string): Promise<string> {
  const ever = await everAbove(q, wardId);
  // Letter case only (length-preserving in Vietnamese), so the match's place is the text's place.
  const low = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi');
  const folded = low(text);
  // The longest name first: "Thành phố Hà Nội" before a shorter name inside it.
  const forms = ever.flatMap((u) => u.names.flatMap((name) => ([null, 'party', 'youth'] as const).map((form) => ({ id: u.id, name: formOf(form, u.kind, name) ?? '', form }))));
  const named = forms.filter((n) => n.name).sort((a, b) => b.name.length - a.name.length).find((n) => folded.includes(low(n.name)));
  if (!named) return text;
  const above = await aboveOn(q, wardId, onDate);
  const to = above[0];
  if (above.some((u) => u.id === named.id) || !to) return text;
  const at = folded.indexOf(low(named.name));
  const nfc = text.normalize('NFC');
  return nfc.slice(0, at) + (formOf(named.form, to.kind, to.name) ?? to.name) + nfc.slice(at + named.name.normalize('NFC').length);
}
