// Month grid maths for the meetings calendar (pure): which days a month view shows, weeks from
// Monday to Sunday (the Vietnamese week: Thứ Hai … Chủ nhật), today, and the public holidays
// named (Bộ luật Lao động 2019 Điều 112; the days-off data is lib/vi/calendar.ts, D11).
import { addDays, holidayYear, isHoliday, isoWeekday, legalHolidays, monthEnd, vnDayEnd, vnDayStart } from '../../../lib/vi/index.ts';

const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** 'YYYY-MM' with a real month (01–12) and a year 1900–2999, else null: parseMonth('2026-13') = null. */
export function parseMonth(s: string): string | null {
  const m = MONTH_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 ? s : null;
}

/** The month after (n = 1) or before (n = -1) 'YYYY-MM'. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Why a day is marked: a named public holiday, a day off given for one (nghỉ bù, hoán đổi), or a Saturday worked in exchange. */
export type HolidayCode = 'new_year' | 'tet' | 'hung_kings' | 'reunification' | 'labour' | 'national' | 'day_off' | 'make_up';

/**
 * The holiday a day is, or null. Named: 1/1, Tết (the last day of the lunar year and mùng 1–4),
 * Giỗ Tổ (10/3 âm lịch), 30/4, 1/5, Quốc khánh (2/9 and the day joined to it from 2021); any
 * other day off of the civil service is 'day_off'; a Saturday worked in exchange is 'make_up'.
 * Outside 2016–2030 only the fixed solar holidays are known (see lib/vi/calendar.ts).
 */
export function holidayOf(day: string): HolidayCode | null {
  const md = day.slice(5);
  if (md === '01-01') return 'new_year';
  if (md === '04-30') return 'reunification';
  if (md === '05-01') return 'labour';
  if (md === '09-02') return 'national';
  const year = Number(day.slice(0, 4));
  const hy = holidayYear(year);
  if (!hy) return null;
  if (hy.makeUpDays.includes(md)) return 'make_up';
  if (day === hy.hungKings) return 'hung_kings';
  const tetFrom = addDays(hy.lunarNewYear, -1);
  if (day >= tetFrom && day <= addDays(hy.lunarNewYear, 3)) return 'tet';
  if (md.startsWith('09-') && legalHolidays(year, hy.lunarNewYear, hy.hungKings).includes(day)) return 'national';
  return isHoliday(day) ? 'day_off' : null;
}

/** One cell of the grid. */
export interface GridDay {
  /** 'YYYY-MM-DD'. */
  day: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** False for the days of the neighbouring months that fill the first and last weeks. */
  inMonth: boolean;
  isToday: boolean;
  holiday: HolidayCode | null;
}

/** A month view: whole weeks (Monday first) covering the month, the bounds to query, the neighbours. */
export interface MonthGrid {
  month: string;
  weeks: GridDay[][];
  /** First and last day of the month. */
  first: string;
  last: string;
  /** The month as UTC instants: meetings starting in [from, to) fall in it (Vietnam days, UTC+7). */
  from: string;
  to: string;
  prev: string;
  next: string;
}

/** The grid of `month` ('YYYY-MM', checked by parseMonth) with `today` ('YYYY-MM-DD', Vietnam) marked. */
export function monthGrid(month: string, today: string): MonthGrid {
  const first = `${month}-01`;
  const last = monthEnd(month);
  const start = addDays(first, 1 - isoWeekday(first));
  const end = addDays(last, 7 - isoWeekday(last));
  const weeks: GridDay[][] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) {
    const weekday = isoWeekday(d);
    if (weekday === 1) weeks.push([]);
    weeks[weeks.length - 1]?.push({ day: d, weekday, inMonth: d >= first && d <= last, isToday: d === today, holiday: holidayOf(d) });
  }
  return { month, weeks, first, last, from: vnDayStart(first), to: vnDayEnd(last), prev: shiftMonth(month, -1), next: shiftMonth(month, 1) };
}
