// The setup form and `roviec setup` options, as one zod shape (field names are the page's names).
import { z } from 'zod';
import { date, optText, parseInput, text } from '../../platform/validation.ts';
import { cleanMultiline, cleanText, fold } from '../../lib/vi/index.ts';
import { translate, type Locale } from '../../platform/i18n/index.ts';
import { ValidationError } from '../../platform/errors.ts';
import { MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.ts';
import { USERNAME_RE } from '../users/service.ts';
import { PROVINCES_2025 } from './provinces.ts';

export const SHAPES = ['2025', '2017'] as const;
export const PROVINCE_KINDS = ['tinh', 'thanh_pho'] as const;
export const DISTRICT_KINDS = ['quan', 'huyen', 'thi_xa', 'thanh_pho'] as const;
export const WARD_KINDS = ['phuong', 'xa', 'thi_tran', 'dac_khu'] as const;
export const GROUP_KINDS = ['to_dan_pho', 'thon'] as const;
/** At most this many residential groups or villages in one setup. */
export const MAX_GROUPS = 200;
/** The first day of two-level local government (Luật Tổ chức chính quyền địa phương 2025): the 2025 shape's default. */
export const TWO_LEVEL_FROM = '2025-07-01';
/**
 * The first day of the province (and district) that setup creates: 02/09/1945, the founding of the
 * Democratic Republic of Viet Nam, so it never bounds its wards' history (a ward valid from 2020 can
 * be added under it). The ward's own date is its date (docs/DESIGN.md D34).
 */
export const ABOVE_WARD_FROM = '1945-09-02';

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const pick = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blank, z.enum(values));
/** A unit code: letters, digits, dot, dash, underscore (official codes are digits). */
const code = () => optText(30).refine((v) => v === null || /^[\p{L}\p{N}._-]+$/u.test(v), { message: 'err.format' });

/** What the page posts and the CLI passes (before the group list and the passwords are checked). */
export const SetupBody = z.object({
  setup_code: z.string().max(100).optional(),
  shape: pick(SHAPES),
  province_kind: pick(PROVINCE_KINDS),
  province_name: text(120),
  province_code: code(),
  district_kind: z.preprocess(blank, z.enum(DISTRICT_KINDS).optional()),
  district_name: optText(120),
  district_code: code(),
  ward_kind: pick(WARD_KINDS),
  ward_name: text(120),
  ward_code: code().refine((v) => v !== null, { message: 'err.required' }),
  valid_from: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(20)),
  groups_kind: pick(GROUP_KINDS),
  groups: z.string().max(40_000).optional(),
  admin_username: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().regex(USERNAME_RE, { message: 'err.format' })),
  admin_name: text(120),
  admin_password: z.string().max(200).optional(),
  admin_password_confirm: z.string().max(200).optional(),
});
export type SetupBody = z.output<typeof SetupBody>;

/** The checked input of one setup: full unit names, ISO date, the group names, the admin. */
export interface SetupInput {
  shape: (typeof SHAPES)[number];
  province: { kind: (typeof PROVINCE_KINDS)[number]; name: string; code: string };
  district: { kind: (typeof DISTRICT_KINDS)[number]; name: string; code: string } | null;
  ward: { kind: (typeof WARD_KINDS)[number]; name: string; code: string };
  validFrom: string;
  groupsKind: (typeof GROUP_KINDS)[number];
  groups: string[];
  admin: { username: string; name: string; password: string };
}

const LEVEL_WORDS: Record<string, string> = {
  tinh: 'Tỉnh',
  thanh_pho: 'Thành phố',
  quan: 'Quận',
  huyen: 'Huyện',
  thi_xa: 'Thị xã',
  phuong: 'Phường',
  xa: 'Xã',
  thi_tran: 'Thị trấn',
  dac_khu: 'Đặc khu',
};

/**
 * The unit's full name as the law writes it: the level word, then the name ("Hòa Bình" of kind
 * phuong → "Phường Hòa Bình"); a name already starting with its level word (any case, with or
 * without marks) is kept as typed. "Hồ Chí Minh" of kind thanh_pho → "Thành phố Hồ Chí Minh".
 */
export function fullUnitName(kind: string, name: string): string {
  const word = LEVEL_WORDS[kind];
  if (!word) return name;
  if (fold(name).startsWith(fold(word) + ' ')) return word + name.slice(word.length);
  return `${word} ${name}`;
}

/** The code of a province of PROVINCES_2025 named so (level word and marks optional), or null. */
export function listedCode(name: string): string | null {
  const key = fold(name).replace(/^(tinh|thanh pho) /, '');
  return PROVINCES_2025.find((p) => fold(p.name) === key)?.code ?? null;
}

/**
 * The residential groups of the textarea: one per line, blank lines ignored, each line cleaned
 * (NFC, spaces collapsed). Refused (ValidationError on `groups`): a line over 120 characters, the
 * same name twice (compared without case and marks), more than MAX_GROUPS names.
 */
export function parseGroups(raw: string | undefined, locale: Locale): string[] {
  const names = cleanMultiline(raw ?? '')
    .split('\n')
    .map(cleanText)
    .filter((s) => s !== '');
  if (names.length > MAX_GROUPS) throw new ValidationError({ groups: translate(locale, 'setup.err.tooManyGroups', { n: names.length }) });
  if (names.some((n) => n.length > 120)) throw new ValidationError({ groups: 'setup.err.groupTooLong' });
  const seen = new Set<string>();
  for (const n of names) {
    const key = fold(n);
    if (seen.has(key)) throw new ValidationError({ groups: translate(locale, 'setup.err.groupDuplicate', { name: n }) });
    seen.add(key);
  }
  return names;
}

/**
 * Everything the body's shape does not say: the district and its code required for the 2017 shape
 * (and dropped for 2025), the province code when the 2025 list has none for that name, the date (dd/mm/yyyy; blank → 01/07/2025 for the 2025 shape), the password of at
 * least MIN_PASSWORD_LENGTH characters typed twice alike, the group list (`parseGroups`), codes
 * distinct within the form. Throws one ValidationError with every field's message.
 */
export function setupInput(body: SetupBody, locale: Locale): SetupInput {
  const errors: Record<string, string> = {};
  let district: SetupInput['district'] = null;
  if (body.shape === '2017') {
    if (!body.district_kind) errors.district_kind = 'setup.err.districtFor2017';
    if (!body.district_name) errors.district_name = 'setup.err.districtFor2017';
    if (body.district_kind && body.district_name) district = { kind: body.district_kind, name: fullUnitName(body.district_kind, body.district_name), code: body.district_code ?? '' };
    // No built-in list of districts: its code is typed, or no command could name it later.
    if (!body.district_code) errors.district_code = 'setup.err.districtCodeNeeded';
  }
  // A province the 2025 list has no code for needs its code typed (the CLI names units by code).
  if (!body.province_code && !listedCode(body.province_name)) errors.province_code = 'setup.err.provinceCodeNeeded';
  let validFrom = '';
  const typed = body.valid_from.trim();
  if (typed === '' && body.shape === '2025') validFrom = TWO_LEVEL_FROM;
  else {
    const r = date().safeParse(typed);
    if (r.success) validFrom = r.data;
    else errors.valid_from = typed === '' ? 'err.required' : (r.error.issues[0]?.message ?? 'err.date');
  }
  const password = body.admin_password ?? '';
  if (password.length < MIN_PASSWORD_LENGTH) errors.admin_password = 'auth.weak';
  else if (password !== (body.admin_password_confirm ?? '')) errors.admin_password_confirm = 'setup.err.passwordMismatch';
  const codes = [['province_code', body.province_code], ['district_code', district ? body.district_code : null], ['ward_code', body.ward_code]] as const;
  const seen = new Set<string>();
  for (const [field, c] of codes) {
    if (!c) continue;
    if (seen.has(c)) errors[field] = 'setup.err.codeRepeated';
    seen.add(c);
  }
  let groups: string[] = [];
  try {
    groups = parseGroups(body.groups, locale);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(errors, e.fields);
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    shape: body.shape,
    province: { kind: body.province_kind, name: fullUnitName(body.province_kind, body.province_name), code: (body.province_code ?? listedCode(body.province_name)) as string },
    district,
    ward: { kind: body.ward_kind, name: fullUnitName(body.ward_kind, body.ward_name), code: body.ward_code as string },
    validFrom,
    groupsKind: body.groups_kind,
    groups,
    admin: { username: body.admin_username, name: body.admin_name, password },
  };
}

/**
 * The page's and the CLI's whole check: the body's shape (`SetupBody`), then `setupInput`. When the
 * shape already fails, the password and group messages are added too, so one refusal names every
 * field at fault. Throws one ValidationError.
 */
export function parseSetup(raw: Record<string, unknown>, locale: Locale): SetupInput {
  let body: SetupBody;
  try {
    body = parseInput(SetupBody, raw, locale);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const errors: Record<string, string> = { ...e.fields };
    const password = typeof raw.admin_password === 'string' ? raw.admin_password : '';
    if (password.length < MIN_PASSWORD_LENGTH) errors.admin_password ??= 'auth.weak';
    else if (password !== raw.admin_password_confirm) errors.admin_password_confirm ??= 'setup.err.passwordMismatch';
    try {
      parseGroups(typeof raw.groups === 'string' ? raw.groups : '', locale);
    } catch (g) {
      if (!(g instanceof ValidationError)) throw g;
      errors.groups ??= g.fields?.groups ?? 'err.format';
    }
    throw new ValidationError(errors);
  }
  return setupInput(body, locale);
}
