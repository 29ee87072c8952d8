// Reporting periods (issue 10, item 1): stable ids ('2026', '2026S1', '2026Q1', '202603'), their
// dates under a form's cut-off calendar, and their Vietnamese names. Pure functions.
//
// Cut-off calendar: with `cutoffDay` = null a period is calendar (a month from its 1st to its last
// day). With a cut-off day d, the period runs from day d of the month before its first month to
// day d − 1 of its last month; state reporting uses d = 15 (Nghị định 09/2019/NĐ-CP, Điều 12,
// khoản 2: "tính từ ngày 15 tháng trước đến ngày 14 của tháng thuộc kỳ báo cáo"; the year from
// 15/12 of the year before to 14/12).

export const PERIOD_TYPES = ['year', 'half', 'quarter', 'month'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

/** A parsed period: its type, year and index (half 1–2, quarter 1–4, month 1–12; 1 for a year). */
export interface Period {
  id: string;
  type: PeriodType;
  year: number;
  index: number;
}

const ID = /^(\d{4})(?:(S)([12])|(Q)([1-4])|(0[1-9]|1[0-2]))?$/u;

/** The period of an id: '2026' → year, '2026S1' → first half, '2026Q3' → third quarter, '202603' → March; null when malformed or outside 1900–2100. */
export function parsePeriod(id: string): Period | null {
  const m = ID.exec(id.trim().toUpperCase());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900 || year > 2100) return null;
  if (m[2]) return { id: `${year}S${m[3]}`, type: 'half', year, index: Number(m[3]) };
  if (m[4]) return { id: `${year}Q${m[5]}`, type: 'quarter', year, index: Number(m[5]) };
  if (m[6]) return { id: `${year}${m[6]}`, type: 'month', year, index: Number(m[6]) };
  return { id: String(year), type: 'year', year, index: 1 };
}

/** The id of a period: (year, 2026, 1) → '2026'; (half, 2026, 2) → '2026S2'; (month, 2026, 3) → '202603'. */
export function periodId(type: PeriodType, year: number, index: number): string {
  if (type === 'year') return String(year);
  if (type === 'half') return `${year}S${index}`;
  if (type === 'quarter') return `${year}Q${index}`;
  return `${year}${String(index).padStart(2, '0')}`;
}

/** First and last month (1–12) of a period. */
function months(p: Period): [number, number] {
  if (p.type === 'year') return [1, 12];
  if (p.type === 'half') return p.index === 1 ? [1, 6] : [7, 12];
  if (p.type === 'quarter') return [p.index * 3 - 2, p.index * 3];
  return [p.index, p.index];
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The inclusive dates ('YYYY-MM-DD') a period covers under a cut-off day (null or 1: calendar;
 * 2–28: from that day of the month before to the day before it in the last month).
 */
export function periodRange(p: Period, cutoffDay: number | null): { start: string; end: string } {
  const [first, last] = months(p);
  if (!cutoffDay || cutoffDay <= 1) return { start: iso(p.year, first, 1), end: iso(p.year, last, lastDay(p.year, last)) };
  const prevYear = first === 1 ? p.year - 1 : p.year;
  const prevMonth = first === 1 ? 12 : first - 1;
  return { start: iso(prevYear, prevMonth, cutoffDay), end: iso(p.year, last, cutoffDay - 1) };
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The Vietnamese (or English) name of a period: "Năm 2026", "6 tháng đầu năm 2026", "Quý I năm 2026", "Tháng 3 năm 2026". */
export function periodName(p: Period, locale: 'vi' | 'en' = 'vi'): string {
  if (locale === 'en') {
    if (p.type === 'year') return `Year ${p.year}`;
    if (p.type === 'half') return `${p.index === 1 ? 'First' : 'Second'} half of ${p.year}`;
    if (p.type === 'quarter') return `Q${p.index} ${p.year}`;
    return `${new Date(Date.UTC(p.year, p.index - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${p.year}`;
  }
  if (p.type === 'year') return `Năm ${p.year}`;
  if (p.type === 'half') return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
  if (p.type === 'quarter') return `Quý ${ROMAN[p.index - 1]} năm ${p.year}`;
  return `Tháng ${p.index} năm ${p.year}`;
}

/** The periods of a type in a year, in order (for the request form's picker). */
export function periodsOfYear(type: PeriodType, year: number): Period[] {
  const n = type === 'year' ? 1 : type === 'half' ? 2 : type === 'quarter' ? 4 : 12;
  return Array.from({ length: n }, (_, i) => ({ id: periodId(type, year, i + 1), type, year, index: i + 1 }));
}

/** The period of a type that contains a date ('YYYY-MM-DD'), calendar cut-off. */
export function periodOf(type: PeriodType, day: string): Period {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const index = type === 'year' ? 1 : type === 'half' ? (month <= 6 ? 1 : 2) : type === 'quarter' ? Math.ceil(month / 3) : month;
  return { id: periodId(type, year, index), type, year, index };
}
