import { z } from 'zod';
import { pageFields, sortFields } from '../../platform/list.ts';
import { date, optDate, optEmail, optEnum, optId, optLongText, optPhone, optText, text, version, int, searchBox, id } from '../../platform/validation.ts';

export const GENDERS = ['nam', 'nu'] as const;

export const PersonInput = z.object({
  full_name: text(120),
  gender: optEnum(GENDERS),
  birth_date: optDate(),
  phone: optPhone(),
  email: optEmail(),
  unit_id: optId(),
  note: optLongText(2000),
});
export type PersonInput = z.output<typeof PersonInput>;

/** Creating a person may also record where they take part (required for an organization head). */
export const PersonCreateInput = PersonInput.extend({
  membership_org_id: optId(),
  membership_start_on: optDate(),
});
export type PersonCreateInput = z.output<typeof PersonCreateInput>;

export const PersonUpdateInput = PersonInput.extend({ version: version() });
export type PersonUpdateInput = z.output<typeof PersonUpdateInput>;

export const EndInput = z.object({
  ended_on: date(),
  reason: optText(300),
  version: version(),
});
export type EndInput = z.output<typeof EndInput>;

const endAfterStart = (v: { start_on: string; end_on: string | null }) => !v.end_on || v.end_on >= v.start_on;
const endAfterStartError = { message: 'err.endBeforeStart', path: ['end_on'] };

const positionFields = z.object({
  org_id: id(),
  title: text(150),
  abbreviation: optText(60),
  rank: int(0, 999, { default: 100 }),
  start_on: date(),
  end_on: optDate(),
});
export const PositionInput = positionFields.refine(endAfterStart, endAfterStartError);
export type PositionInput = z.output<typeof PositionInput>;
export const PositionUpdateInput = positionFields.extend({ version: version() }).refine(endAfterStart, endAfterStartError);
export type PositionUpdateInput = z.output<typeof PositionUpdateInput>;

const membershipFields = z.object({
  org_id: id(),
  member_no: optText(40),
  start_on: date(),
  end_on: optDate(),
});
export const MembershipInput = membershipFields.refine(endAfterStart, endAfterStartError);
export type MembershipInput = z.output<typeof MembershipInput>;
export const MembershipUpdateInput = membershipFields.extend({ version: version() }).refine(endAfterStart, endAfterStartError);
export type MembershipUpdateInput = z.output<typeof MembershipUpdateInput>;

export const SpanEndInput = z.object({ end_on: date(), version: version() });
export type SpanEndInput = z.output<typeof SpanEndInput>;

/** Sortable columns of the people list (repo.ts maps each to a fixed column); default: by name, the Vietnamese way. */
export const PEOPLE_SORTS = ['name', 'birth_date'] as const;

export const PeopleQuery = z.object({
  q: searchBox(100),
  org: optId(),
  on: optDate(),
  ended: z.enum(['0', '1']).optional().default('0'),
  ...pageFields(),
  ...sortFields(PEOPLE_SORTS),
});
export type PeopleQuery = z.output<typeof PeopleQuery>;
/** The people list of the API: the same words, but an unknown sort or direction is a 400 (a program must be told). */
export const PeopleApiQuery = PeopleQuery.extend(sortFields(PEOPLE_SORTS, { strict: true }));
