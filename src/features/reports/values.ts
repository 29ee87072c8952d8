// A draft's content checked against its pinned form version (pure): section lengths and
// indicator values of their type. Vietnamese number writing is read ("1.234,5"; "85%").
import { parseViNumber } from '../../lib/vi/index.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { IndicatorValue } from './repo.ts';
import type { FormSpec, IndicatorSpec } from './schema.ts';

/** Largest magnitude an indicator may hold (fits a JavaScript integer and every export exactly). */
export const MAX_VALUE = 1e12;
const INT_MAX = 2 ** 31 - 1;

const YES = new Set(['có', 'co', 'yes', 'true', '1', 'đạt', 'dat', 'x']);
const NO = new Set(['không', 'khong', 'no', 'false', '0', 'chưa đạt', 'chua dat']);

/**
 * One indicator value of its type: a number as typed in Vietnamese ("1.234", "12,5", "85%"), a JSON
 * number, or for yes/no "có"/"không" (stored 1/0). Blank → null. Returns the value or the message
 * key of the refusal: integer (whole, |v| ≤ 2^31−1), decimal (|v| ≤ 10^12), percent (0–100),
 * boolean; never below zero.
 */
export function parseIndicator(spec: Pick<IndicatorSpec, 'type'>, raw: string | number | boolean | null | undefined): { value: number | null } | { error: string } {
  if (raw === null || raw === undefined) return { value: null };
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw ? 1 : 0 };
    const t = String(raw).trim().toLocaleLowerCase('vi');
    if (t === '') return { value: null };
    if (YES.has(t)) return { value: 1 };
    if (NO.has(t)) return { value: 0 };
    return { error: 'report.err.boolean' };
  }
  let n: number | null;
  if (typeof raw === 'number') n = Number.isFinite(raw) ? raw : null;
  else if (typeof raw === 'boolean') n = null;
  else {
    let t = raw.trim();
    if (t === '') return { value: null };
    if (spec.type === 'percent' && t.endsWith('%')) t = t.slice(0, -1).trimEnd();
    // A JSON-minded client may send "12.5": a single dot followed by other than three digits is a decimal point.
    n = /^[-+]?\d+\.\d{1,2}$|^[-+]?\d+\.\d{4,}$/u.test(t) ? Number(t) : parseViNumber(t);
  }
  if (n === null || !Number.isFinite(n)) return { error: `report.err.${spec.type}` };
  // Counts, amounts and rates of a ward report are never below zero (a fall is written in the text);
  // a percent outside 0–100 is told its own range.
  if (n < 0 && spec.type !== 'percent') return { error: 'report.err.negative' };
  if (spec.type === 'integer') {
    if (!Number.isInteger(n) || Math.abs(n) > INT_MAX) return { error: 'report.err.integer' };
    return { value: n };
  }
  if (spec.type === 'percent') {
    if (n < 0 || n > 100) return { error: 'report.err.percent' };
    return { value: Math.round(n * 100) / 100 };
  }
  if (Math.abs(n) > MAX_VALUE) return { error: 'report.err.decimal' };
  return { value: Math.round(n * 10_000) / 10_000 };
}

export interface CheckedDraft {
  sections: Record<string, string>;
  indicators: Record<string, IndicatorValue>;
}

/**
 * Checks a draft against its form version: each section within its max_length, each indicator a
 * value of its type. Codes not in the form are ignored; a field left out keeps `previous`.
 * Throws nothing: returns the cleaned content and the field errors (`sections.<code>`,
 * `indicators.<code>`), empty when valid.
 */
export function checkDraft(spec: FormSpec, input: { sections: Record<string, string>; indicators: Record<string, string | number | boolean | null> }, previous: CheckedDraft): { draft: CheckedDraft; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const sections: Record<string, string> = {};
  for (const s of spec.sections) {
    const v = s.code in input.sections ? (input.sections[s.code] ?? '') : (previous.sections[s.code] ?? '');
    if ([...v].length > s.max_length) errors[`sections.${s.code}`] = 'report.err.sectionTooLong';
    else if (v) sections[s.code] = v;
  }
  const indicators: Record<string, IndicatorValue> = {};
  for (const i of spec.indicators) {
    const prev = previous.indicators[i.code] ?? { value: null, computed: null };
    if (!(i.code in input.indicators)) {
      indicators[i.code] = prev;
      continue;
    }
    const r = parseIndicator(i, input.indicators[i.code]);
    if ('error' in r) errors[`indicators.${i.code}`] = r.error;
    else indicators[i.code] = { value: r.value, computed: prev.computed };
  }
  return { draft: { sections, indicators }, errors };
}

/** The stored JSON of a submission's content, parsed (tolerates an empty row). */
export function draftOf(row: { sections: string; indicators: string }): CheckedDraft {
  return { sections: JSON.parse(row.sections || '{}') as Record<string, string>, indicators: JSON.parse(row.indicators || '{}') as Record<string, IndicatorValue> };
}
