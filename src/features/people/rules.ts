// Date and overlap rules of the people room (issue 8 follow-up, docs/DESIGN.md "People dates, overlaps and form pages"):
// a birth date is not after today, a post or membership does not start more than a year ahead,
// and a person's spans in one organization (one title, for posts) do not overlap.
import type { Queryable } from '../../db/index.ts';
import { ValidationError } from '../../platform/errors.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';

/** The latest start a post or membership may have: one year after `today` ('YYYY-MM-DD', Vietnam day). */
export function latestStart(today: string = todayInVietnam()): string {
  return `${String(Number(today.slice(0, 4)) + 1).padStart(4, '0')}${today.slice(4)}`;
}

/** Throws a 400 on `birth_date` (err.birthInFuture) when `birthDate` ('YYYY-MM-DD' or null) is after today, Vietnam day. */
export function assertBirthDate(birthDate: string | null | undefined): void {
  if (birthDate && birthDate > todayInVietnam()) throw new ValidationError({ birth_date: 'err.birthInFuture' });
}

/** Throws a 400 on `field` (err.startTooFar) when `startOn` is more than a year after today, Vietnam day. */
export function assertStartNotTooFar(startOn: string, field = 'start_on'): void {
  if (startOn > latestStart()) throw new ValidationError({ [field]: 'err.startTooFar' });
}

export interface Span {
  personId: string;
  orgId: string;
  startOn: string;
  endOn: string | null;
  /** For posts: overlaps count only between posts of the same title. */
  title?: string;
  /** The row being edited, left out of the comparison. */
  exceptId?: string;
}

/**
 * Throws a 400 on `field` (err.postOverlaps, err.membershipOverlaps) when another post (with `title`) or membership of
 * the same person in the same organization of `wardId` shares a day with [startOn, endOn] (an
 * open end runs forever). Dates 'YYYY-MM-DD'. Runs inside the command's transaction.
 */
export async function assertNoOverlap(q: Queryable, wardId: string, table: 'position' | 'membership', s: Span, field = 'start_on'): Promise<void> {
  let query = q
    .selectFrom(table)
    .select('id')
    .where('ward_id', '=', wardId)
    .where('person_id', '=', s.personId)
    .where('org_id', '=', s.orgId)
    .where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', s.startOn)]));
  if (s.endOn) query = query.where('start_on', '<=', s.endOn);
  if (s.exceptId) query = query.where('id', '!=', s.exceptId);
  const rows = await query.execute();
  let clash = rows.length > 0;
  if (clash && table === 'position' && s.title !== undefined) {
    const ids = rows.map((r) => r.id);
    const same = await q.selectFrom('position').select('id').where('ward_id', '=', wardId).where('id', 'in', ids).where('title', '=', s.title).executeTakeFirst();
    clash = same !== undefined;
  }
  if (clash) throw new ValidationError({ [field]: table === 'position' ? 'err.postOverlaps' : 'err.membershipOverlaps' });
}
