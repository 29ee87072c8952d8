// zod building blocks for every boundary: text is NFC-normalized and trimmed before it is
// checked, dates are typed the Vietnamese way (dd/mm/yyyy) and stored as ISO 'YYYY-MM-DD'.
import { z } from 'zod';
import { cleanMultiline, cleanText, formatNumber, parseViDate, parseViNumber } from '../lib/vi/index.ts';
import type { FieldErrors } from './errors.ts';
import { ValidationError } from './errors.ts';
import { translate, zodErrorMap, type Locale } from './i18n/index.ts';
import { registerMessages } from './i18n/registry.ts';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * Raw characters a text field of `max` characters may arrive with: 4 × max (room for spaces and
 * combining marks the cleaner removes). Longer input is refused as too long before any cleaning,
 * so a 10 MB field costs one length check (issue 8, docs/DESIGN.md D30).
 */
export const rawTextLimit = (max: number): number => max * 4;
/** `clean(v)` for a string within rawTextLimit(max); a longer one is cut to one character over it (the max check refuses it), untouched otherwise. */
// `optional`: a blank becomes undefined (the field's null), else it stays '' (refused by min(1)).
// A flag, not a default parameter: passing `undefined` to a parameter with a default gives the default.
const cleanWithin = (clean: (s: string) => string, max: number, optional = false) => (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  if (v.length > rawTextLimit(max)) return v.slice(0, rawTextLimit(max) + 1);
  const cleaned = clean(v);
  return cleaned === '' && optional ? undefined : cleaned;
};

/** Required single-line text, NFC, whitespace collapsed; at most `max` characters (and 4 × max raw). */
export const text = (max = 200) => z.preprocess(cleanWithin(cleanText, max), z.string().min(1).max(max));
/** A list's search box (`q`): cleaned like every text field (invisible characters such as U+200B removed), '' when absent; at most `max` characters. */
export const searchBox = (max = 100) => z.preprocess(cleanWithin(cleanText, max), z.string().max(max).optional().default(''));
/** Optional single-line text: blank -> null. */
export const optText = (max = 200) => z.preprocess(cleanWithin(cleanText, max, true), z.string().max(max).optional()).transform((v) => v ?? null);
/** Optional multi-line text: blank -> null. */
export const optLongText = (max = 5000) =>
  z.preprocess(cleanWithin(cleanMultiline, max, true), z.string().max(max).optional()).transform((v) => v ?? null);

/** Years a record of the ward may carry: births from 1900, plans up to 2100 (0001 or 9999 is a typo). */
export const DATE_YEARS = { min: 1900, max: 2100 } as const;

const dateString = z.string().transform((v, ctx) => {
  const iso = parseViDate(v.trim());
  if (!iso) {
    ctx.addIssue({ code: 'custom', message: 'err.date' });
    return z.NEVER;
  }
  const year = Number(iso.slice(0, 4));
  if (year < DATE_YEARS.min || year > DATE_YEARS.max) {
    ctx.addIssue({ code: 'custom', message: 'err.dateRange' });
    return z.NEVER;
  }
  return iso;
});
/** Required date, typed dd/mm/yyyy or yyyy-mm-dd -> 'YYYY-MM-DD'. */
export const date = () => z.preprocess(blankToUndefined, dateString);
/** Optional date -> 'YYYY-MM-DD' | null. */
export const optDate = () => z.preprocess(blankToUndefined, dateString.optional()).transform((v) => v ?? null);
/**
 * An on/off word of an address or a checkbox (`all=1`, `all=0`): '1' is on; '0', blank or absent is
 * off -> boolean. Anything else is refused with the two values named (a person who typed `all=0`
 * means "not all", never a 400).
 */
export const flag = () => z.preprocess(blankToUndefined, z.enum(['0', '1']).optional()).transform((v) => v === '1');
const CHECKED: readonly unknown[] = [true, 1, '1', 'on', 'true'];
const UNCHECKED: readonly unknown[] = [false, 0, '0', 'off', 'false', '', undefined, null];
/**
 * A checkbox of a form or a boolean of the API: `true`, 'on' (a browser's checked box), '1',
 * 'true' are on; `false`, '0', 'false', blank or absent (an unchecked box sends nothing) are off →
 * boolean. Anything else ("có", 2, []) is refused (`err.checkbox`), never read as off.
 */
export const checkbox = () => z.preprocess((v) => (CHECKED.includes(v) ? true : UNCHECKED.includes(v) ? false : v), z.boolean({ error: () => 'err.checkbox' }));
/** An id (a UUID as the database keeps it: lower case; one typed or pasted in capitals is the same id). */
export const id = () => z.string().uuid().toLowerCase();
export const optId = () => z.preprocess(blankToUndefined, id().optional()).transform((v) => v ?? null);
/** A list of ids from checkboxes (one value arrives as a string) or JSON; blanks dropped; at most 200. */
export const idList = () =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]),
    // A bad item is reported on the list itself (the form's checkbox group), not on "field.3", which no input carries.
    z.array(z.unknown()).max(200).superRefine((a, ctx) => {
      if (a.some((x) => !id().safeParse(x).success)) ctx.addIssue({ code: 'custom', message: 'err.unknownChoice' });
    }),
  ).transform((a) => a as string[]);

// ---- numbers ----------------------------------------------------------------------------------
// Every number that reaches the database is bounded by its schema to its column's range (2^31 in a
// PostgreSQL `integer` was a 500), and only a number is a number: JSON `true`, `[]`, `{}`, "NaN",
// 1e308 are refused, not coerced. One message per rule names the whole rule ("Phải là số nguyên
// từ 0 đến 100."), whatever was wrong ("abc", "101", "1,5"). `test/number-bounds.test.ts` walks
// every route and form schema and fails on an integer or number field without both bounds.

/** The largest value of a PostgreSQL `integer` column: versions, counts, orders, minutes. */
export const INT32_MAX = 2_147_483_647;
/** The largest decimal we store (targets, indicator values): far above any ward's count, exact in a double. */
export const DECIMAL_MAX = 1e12;

/**
 * A number as it arrives: a JSON number as is; a form's text in Vietnamese notation ("1.234,5",
 * "50", "85%"); blank or null → undefined. Anything else (true, [], {}, "NaN", "1e3") is passed on
 * unchanged, for the number schema to refuse.
 */
export function numberInput(v: unknown): unknown {
  if (v === null) return undefined;
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s === '') return undefined;
  return parseViNumber(s.replace(/%$/, '')) ?? v;
}

/**
 * The message key of one number rule, registered on first use in both languages from the
 * templates `err.intRange` / `err.numberRange` ("Phải là số nguyên từ 0 đến 100.").
 */
function rangeMessage(kind: 'int' | 'number', min: number, max: number): string {
  const key = `err.${kind}Range:${min}:${max}`;
  const template = kind === 'int' ? 'err.intRange' : 'err.numberRange';
  // Years and other small numbers are written plainly (2100, not 2.100).
  const vi = (n: number) => (Math.abs(n) < 10_000 ? String(n) : formatNumber(n));
  const en = (n: number) => (Math.abs(n) < 10_000 ? String(n) : n.toLocaleString('en-GB'));
  registerMessages({ [key]: translate('vi', template, { min: vi(min), max: vi(max) }) }, { [key]: translate('en', template, { min: en(min), max: en(max) }) });
  return key;
}

/** Options of a number field: a message key of the field's own (else the rule's), a default for a missing or blank value. */
export interface NumberOptions {
  message?: string;
  default?: number;
}

/** Text written with a decimal point ("12.5", "0.75"): not Vietnamese notation, where the dot groups thousands ("1.000"). */
const DECIMAL_POINT = /^[-+]?\d+\.\d+%?$/;

function bounded(kind: 'int' | 'number', min: number, max: number, message?: string) {
  const msg = message ?? rangeMessage(kind, min, max);
  // "12.5" is not a number out of range but one written the other way: say how to write it.
  // A whole number written "2026.5" is no whole number: its own message, not how to write decimals.
  const n = z.number({ error: (iss) => (iss.input === undefined ? 'err.required' : kind === 'number' && typeof iss.input === 'string' && DECIMAL_POINT.test(iss.input.trim()) ? 'err.decimalComma' : msg) });
  return (kind === 'int' ? n.int(msg) : n).min(min, msg).max(max, msg);
}

function numberField(kind: 'int' | 'number', min: number, max: number, opts: NumberOptions) {
  const n = bounded(kind, min, max, opts.message);
  return z.preprocess(numberInput, opts.default === undefined ? n : n.default(opts.default));
}

/** Required whole number from `min` to `max` (default 0 to INT32_MAX); JSON number or typed text; `opts.default` for a blank. */
export const int = (min = 0, max = INT32_MAX, opts: NumberOptions = {}) => numberField('int', min, max, opts);
/** Optional whole number from `min` to `max`: blank → null. */
export const optInt = (min = 0, max = INT32_MAX, opts: NumberOptions = {}) =>
  z.preprocess(numberInput, bounded('int', min, max, opts.message).optional()).transform((v) => v ?? null);
/** Required number (decimals allowed, "12,5") from `min` to `max` (default 0 to DECIMAL_MAX). */
export const decimal = (min = 0, max = DECIMAL_MAX, opts: NumberOptions = {}) => numberField('number', min, max, opts);
/** Optional number from `min` to `max`: blank → null. */
export const optDecimal = (min = 0, max = DECIMAL_MAX, opts: NumberOptions = {}) =>
  z.preprocess(numberInput, bounded('number', min, max, opts.message).optional()).transform((v) => v ?? null);
/**
 * A percent as kept: to one decimal place, as a value's share of its target is (33,333 → 33,3), but
 * never rounded up to 100 (99,96 → 99,9): 100 % means done, and what is not done must not read so.
 */
export const toTenth = (v: number): number => {
  const r = Math.round(v * 10) / 10;
  return r >= 100 && v < 100 ? 99.9 : r;
};
/** Required percent, 0 to 100, decimals allowed ("12,5" or "12,5%"), kept to one decimal place. */
export const percent = () => decimal(0, 100).transform(toTenth);
/** Optional percent, 0 to 100, decimals allowed ("12,5" or "12,5%"), kept to one decimal place: blank → null. */
export const optPercent = () => optDecimal(0, 100).transform((v) => (v === null ? null : toTenth(v)));
/** The version a form or API write was read at: a whole number from 1 to INT32_MAX (an `integer` column). */
export const version = () => int(1, INT32_MAX);
export const optEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values).optional()).transform((v) => v ?? null);
export const optEmail = () => z.preprocess(blankToUndefined, z.string().trim().email().max(200).optional()).transform((v) => v ?? null);
export const optPhone = () =>
  z.preprocess(blankToUndefined, z.string().trim().regex(/^\+?[0-9 .()-]{6,20}$/, { message: 'err.phone' }).optional()).transform((v) => v ?? null);

/**
 * One message per field of a failed parse (the first rule it broke), keyed by its path ('_' for
 * the whole input). A field a strict body does not know (the API's, D80) is named as its own key
 * with `err.fieldUnknown`: a misspelt field (`reportedOn`) is refused, not silently dropped.
 */
export function fieldErrorsOf(err: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of err.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) out[[...issue.path, k].join('.')] ??= 'err.fieldUnknown';
      continue;
    }
    const key = issue.path.length ? issue.path.join('.') : '_';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** Parses input with our messages; throws ValidationError (400) with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, locale: Locale = 'vi'): z.output<S> {
  const r = schema.safeParse(input, { error: zodErrorMap(locale) });
  if (!r.success) throw new ValidationError(fieldErrorsOf(r.error));
  return r.data;
}
