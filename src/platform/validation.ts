// zod building blocks for every boundary: text is NFC-normalized and trimmed before it is
// checked, dates are typed the Vietnamese way (dd/mm/yyyy) and stored as ISO 'YYYY-MM-DD'.
import { z } from 'zod';
import { cleanMultiline, cleanText, parseViDate } from '../lib/vi/index.ts';
import type { FieldErrors } from './errors.ts';
import { ValidationError } from './errors.ts';
import { zodErrorMap, type Locale } from './i18n/index.ts';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * Raw characters a text field of `max` characters may arrive with: 4 × max (room for spaces and
 * combining marks the cleaner removes). Longer input is refused as too long before any cleaning,
 * so a 10 MB field costs one length check (issue 8, docs/DESIGN.md D30).
 */
export const rawTextLimit = (max: number): number => max * 4;
/** `clean(v)` for a string within rawTextLimit(max); a longer one is cut to one character over it (the max check refuses it), untouched otherwise. */
const cleanWithin = (clean: (s: string) => string, max: number, blank: undefined | '' = '') => (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  if (v.length > rawTextLimit(max)) return v.slice(0, rawTextLimit(max) + 1);
  return clean(v) || blank;
};

/** Required single-line text, NFC, whitespace collapsed; at most `max` characters (and 4 × max raw). */
export const text = (max = 200) => z.preprocess(cleanWithin(cleanText, max), z.string().min(1).max(max));
/** Optional single-line text: blank -> null. */
export const optText = (max = 200) => z.preprocess(cleanWithin(cleanText, max, undefined), z.string().max(max).optional()).transform((v) => v ?? null);
/** Optional multi-line text: blank -> null. */
export const optLongText = (max = 5000) =>
  z.preprocess(cleanWithin(cleanMultiline, max, undefined), z.string().max(max).optional()).transform((v) => v ?? null);

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
export const id = () => z.string().uuid();
export const optId = () => z.preprocess(blankToUndefined, z.string().uuid().optional()).transform((v) => v ?? null);
/** A list of ids from checkboxes (one value arrives as a string) or JSON; blanks dropped; at most 200. */
export const idList = () =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]),
    // A bad item is reported on the list itself (the form's checkbox group), not on "field.3", which no input carries.
    z.array(z.unknown()).max(200).superRefine((a, ctx) => {
      if (a.some((x) => !id().safeParse(x).success)) ctx.addIssue({ code: 'custom', message: 'err.unknownChoice' });
    }),
  ).transform((a) => a as string[]);
export const version = () => z.coerce.number().int().min(1);
export const optEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values).optional()).transform((v) => v ?? null);
export const optEmail = () => z.preprocess(blankToUndefined, z.string().trim().email().max(200).optional()).transform((v) => v ?? null);
export const optPhone = () =>
  z.preprocess(blankToUndefined, z.string().trim().regex(/^\+?[0-9 .()-]{6,20}$/, { message: 'err.phone' }).optional()).transform((v) => v ?? null);

export function fieldErrorsOf(err: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of err.issues) {
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
