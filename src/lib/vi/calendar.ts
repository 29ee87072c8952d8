// The Vietnam calendar: "today" in Vietnam, arithmetic on calendar days, and
// working days with Vietnamese public holidays. The one place for date
// arithmetic in the code (docs/DESIGN.md D11).
//
// A calendar day is a 'YYYY-MM-DD' string (how dates are stored). Day
// arithmetic is done on the proleptic Gregorian calendar through UTC
// (a calendar day has no time zone); only "today" and the bounds of a day as
// instants depend on Vietnam time (UTC+7, no daylight saving).

import { toIsoDate } from './dates.ts';

/** Milliseconds in a day: the only definition of the constant. */
export const DAY_MS = 86_400_000;

/** Vietnam is UTC+7 all year. */
const VN_OFFSET_MS = 7 * 3_600_000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written 'YYYY-MM-DD' (no 2017-02-30). */
export function isDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** 'YYYY-MM-DD' → days since 1970-01-01. Throws RangeError on anything else. */
function toDayNumber(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`Not a calendar day: ${day}`);
  const y = Number(m[1]);
  const t = Date.UTC(y, Number(m[2]) - 1, Number(m[3]));
  return Math.round(t / DAY_MS);
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day in Vietnam (Asia/Ho_Chi_Minh) at an instant, 'YYYY-MM-DD'; now by default. */
export function todayInVietnam(now: Date = new Date()): string {
  return toIsoDate(now);
}

/** The day `n` days after `day` (n may be negative). 'YYYY-MM-DD' in and out. */
export function addDays(day: string, n: number): string {
  return fromDayNumber(toDayNumber(day) + n);
}

/** Whole days from `from` to `to` (negative when `to` is earlier): daysBetween('2026-02-16', '2026-02-20') = 4. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The day before `day`. */
export function dayBefore(day: string): string {
  return addDays(day, -1);
}

/** Last day of a month given as 'YYYY-MM' (or any day of it, 'YYYY-MM-DD'): monthEnd('2024-02') = '2024-02-29'. */
export function monthEnd(month: string): string {
  const [y, m] = month.slice(0, 7).split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month.slice(0, 7)}-${String(last).padStart(2, '0')}`;
}

/** Day of the week, ISO numbering: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(day) + 3) % 7) + 7) % 7) + 1;
}

/** ISO-8601 week of a day, 'YYYY-Www' ('2017-W07'); the year is the week's year (2021-01-01 is '2020-W53'). */
export function isoWeek(day: string): string {
  const n = toDayNumber(day);
  const thursday = n - isoWeekday(day) + 4; // the week belongs to the year of its Thursday
  const year = Number(fromDayNumber(thursday).slice(0, 4));
  const week = Math.floor((thursday - toDayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The instant a Vietnam calendar day begins (00:00 UTC+7), as ISO UTC text: '2017-02-09T17:00:00.000Z'. */
export function vnDayStart(day: string): string {
  return new Date(toDayNumber(day) * DAY_MS - VN_OFFSET_MS).toISOString();
}

/** The instant the next Vietnam day begins: a filter 'at < vnDayEnd(day)' includes the whole of `day`. */
export function vnDayEnd(day: string): string {
  return vnDayStart(addDays(day, 1));
}

/** The instant `days` days after `from` (default now), as ISO UTC text (token and link expiry). */
export function instantAfterDays(days: number, from: Date = new Date()): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString();
}

// ---------------------------------------------------------------------------
// Public holidays and working days.
//
// Law: Bộ luật Lao động 2019 (Luật số 45/2019/QH14), Điều 112 khoản 1 — paid
// holidays: Tết Dương lịch (1/1), Tết Âm lịch (5 days), Ngày Chiến thắng (30/4),
// Ngày Quốc tế lao động (1/5), Quốc khánh (2/9 and one day before or after it),
// Giỗ Tổ Hùng Vương (10/3 âm lịch). Điều 111 khoản 3: a holiday falling on the
// weekly rest day is compensated on the next working day ("nghỉ bù"). Before
// 2021 (Bộ luật Lao động 2012, Điều 115) Quốc khánh was one day only.
// Điều 112 khoản 3: the Prime Minister fixes the Tết days each year; the
// ministry (Bộ LĐ-TB-XH up to 2024, Bộ Nội vụ from 2025) announces the days off
// for civil servants, often swapping a working day for a Saturday
// ("hoán đổi … làm bù").
//
// Lunar dates cannot be computed simply, so the solar dates are data. Mùng 1
// Tết and 10/3 âm lịch below were checked against the new moons computed with
// Meeus' algorithm for UTC+7 (Hồ Ngọc Đức's Vietnamese lunar calendar method):
// they equal the Chinese calendar's dates except Tết 2030 (Vietnam 2 Feb,
// China 3 Feb: the new moon falls at 23:08 Vietnam time).
// ---------------------------------------------------------------------------

/** One year's holidays: mùng 1 Tết, Giỗ Tổ, and the resulting days off of the civil service. */
export interface HolidayYear {
  /** Mùng 1 Tết (lunar new year's day), 'YYYY-MM-DD'. */
  lunarNewYear: string;
  /** Giỗ Tổ Hùng Vương, 10/3 âm lịch, 'YYYY-MM-DD'. */
  hungKings: string;
  /** Every Monday–Friday of this year without work because of a holiday (the holiday itself, a compensation day, a swapped day), 'MM-DD'. */
  daysOff: readonly string[];
  /** Saturdays worked in exchange for a swapped day ("làm bù"), 'MM-DD'. */
  makeUpDays: readonly string[];
  /** Where the days off come from. */
  source: string;
  /** 'announced': as announced for that year; 'law': derived from the law's rules (no announcement known; swaps cannot be foreseen). */
  basis: 'announced' | 'law';
}

const ANNOUNCED = 'lịch nghỉ Tết Âm lịch, 30/4–1/5, Quốc khánh do Bộ LĐ-TB-XH (đến 2024) / Bộ Nội vụ (từ 2025) thông báo theo quyết định của Thủ tướng; nghỉ bù theo BLLĐ Điều 111 khoản 3';

/**
 * Announced years. Each row lists the weekday days off; checked day by day against
 * the law by the tests (every weekday holiday of the law is a day off).
 */
const ANNOUNCED_YEARS: Record<number, Omit<HolidayYear, 'basis'>> = {
  // 1/1 Fri; Tết 6/2–14/2 (30 Tết on Sunday → 12/2); Giỗ Tổ Sat → Mon 18/4; 30/4 Sat, 1/5 Sun → 2/5, 3/5; 2/9 Fri.
  2016: { lunarNewYear: '2016-02-08', hungKings: '2016-04-16', daysOff: ['01-01', '02-08', '02-09', '02-10', '02-11', '02-12', '04-18', '05-02', '05-03', '09-02'], makeUpDays: [], source: ANNOUNCED },
  // 1/1 Sun → 2/1; Tết 26/1–1/2; Giỗ Tổ Thu 6/4; 30/4 Sun → 2/5; 2/9 Sat → 4/9.
  2017: { lunarNewYear: '2017-01-28', hungKings: '2017-04-06', daysOff: ['01-02', '01-26', '01-27', '01-30', '01-31', '02-01', '04-06', '05-01', '05-02', '09-04'], makeUpDays: [], source: ANNOUNCED },
  // 1/1 Mon; Tết 14/2–20/2; Giỗ Tổ Wed 25/4; 30/4 Mon, 1/5 Tue; 2/9 Sun → 3/9; Mon 31/12 swapped for Sat 5/1/2019 (Tết Dương lịch 2019).
  2018: { lunarNewYear: '2018-02-16', hungKings: '2018-04-25', daysOff: ['01-01', '02-14', '02-15', '02-16', '02-19', '02-20', '04-25', '04-30', '05-01', '09-03', '12-31'], makeUpDays: [], source: ANNOUNCED },
  // 1/1 Tue (31/12/2018 swapped, worked Sat 5/1); Tết 2/2–10/2; Giỗ Tổ Sun → 15/4; 30/4 Tue, 1/5 Wed, Mon 29/4 swapped (worked Sat 4/5); 2/9 Mon.
  2019: { lunarNewYear: '2019-02-05', hungKings: '2019-04-14', daysOff: ['01-01', '02-04', '02-05', '02-06', '02-07', '02-08', '04-15', '04-29', '04-30', '05-01', '09-02'], makeUpDays: ['01-05', '05-04'], source: ANNOUNCED },
  // 1/1 Wed; Tết 23/1–29/1; Giỗ Tổ Thu 2/4; 30/4 Thu, 1/5 Fri; 2/9 Wed.
  2020: { lunarNewYear: '2020-01-25', hungKings: '2020-04-02', daysOff: ['01-01', '01-23', '01-24', '01-27', '01-28', '01-29', '04-02', '04-30', '05-01', '09-02'], makeUpDays: [], source: ANNOUNCED },
  // BLLĐ 2019 in force: Quốc khánh two days. 1/1 Fri; Tết 10/2–16/2; Giỗ Tổ Wed 21/4; 30/4 Fri, 1/5 Sat → 3/5; 2/9 Thu + 3/9 Fri.
  2021: { lunarNewYear: '2021-02-12', hungKings: '2021-04-21', daysOff: ['01-01', '02-10', '02-11', '02-12', '02-15', '02-16', '04-21', '04-30', '05-03', '09-02', '09-03'], makeUpDays: [], source: ANNOUNCED },
  // 1/1 Sat → 3/1; Tết 29/1–6/2; Giỗ Tổ Sun → 11/4; 30/4 Sat, 1/5 Sun → 2/5, 3/5; 1/9 Thu + 2/9 Fri.
  2022: { lunarNewYear: '2022-02-01', hungKings: '2022-04-10', daysOff: ['01-03', '01-31', '02-01', '02-02', '02-03', '02-04', '04-11', '05-02', '05-03', '09-01', '09-02'], makeUpDays: [], source: ANNOUNCED },
  // 1/1 Sun → 2/1; Tết 20/1–26/1; Giỗ Tổ Sat 29/4, 30/4 Sun → 2/5, 3/5 (1/5 Mon); 1/9 Fri + 2/9 Sat → 4/9.
  2023: { lunarNewYear: '2023-01-22', hungKings: '2023-04-29', daysOff: ['01-02', '01-20', '01-23', '01-24', '01-25', '01-26', '05-01', '05-02', '05-03', '09-01', '09-04'], makeUpDays: [], source: ANNOUNCED },
  // 1/1 Mon; Tết 8/2–14/2; Giỗ Tổ Thu 18/4; 30/4 Tue, 1/5 Wed, Mon 29/4 swapped (worked Sat 4/5); 2/9 Mon + 3/9 Tue.
  2024: { lunarNewYear: '2024-02-10', hungKings: '2024-04-18', daysOff: ['01-01', '02-08', '02-09', '02-12', '02-13', '02-14', '04-18', '04-29', '04-30', '05-01', '09-02', '09-03'], makeUpDays: ['05-04'], source: ANNOUNCED },
  // 1/1 Wed; Tết 25/1–2/2, Mon 27/1 swapped (worked Sat 8/2); Giỗ Tổ Mon 7/4; 30/4 Wed, 1/5 Thu, Fri 2/5 swapped (worked Sat 26/4); 1/9 Mon + 2/9 Tue.
  2025: { lunarNewYear: '2025-01-29', hungKings: '2025-04-07', daysOff: ['01-01', '01-27', '01-28', '01-29', '01-30', '01-31', '04-07', '04-30', '05-01', '05-02', '09-01', '09-02'], makeUpDays: ['02-08', '04-26'], source: ANNOUNCED },
  // 1/1 Thu; Tết 14/2–22/2 (Thông báo 9441/TB-BNV, 16/10/2025: Mon 16/2 = 29 tháng Chạp … Fri 20/2 = mùng 4);
  // Giỗ Tổ Sun 26/4 → 27/4; 30/4 Thu, 1/5 Fri; Quốc khánh Wed 2/9 + Tue 1/9.
  // Not verified against the text of the notices: whether 2/1 was swapped (a proposal of Bộ Nội vụ) and which day
  // joined 2/9 (1/9 is taken, as in 2025).
  2026: {
    lunarNewYear: '2026-02-17',
    hungKings: '2026-04-26',
    daysOff: ['01-01', '02-16', '02-17', '02-18', '02-19', '02-20', '04-27', '04-30', '05-01', '09-01', '09-02'],
    makeUpDays: [],
    source: 'Thông báo 9441/TB-BNV ngày 16/10/2025 (Tết Âm lịch, Quốc khánh 2026); ' + ANNOUNCED,
  },
};

/** Lunar dates of the years with no announcement yet (solar dates of mùng 1 Tết and 10/3 âm lịch, UTC+7). */
const LUNAR_ONLY: Record<number, { lunarNewYear: string; hungKings: string }> = {
  2027: { lunarNewYear: '2027-02-06', hungKings: '2027-04-16' },
  2028: { lunarNewYear: '2028-01-26', hungKings: '2028-04-04' },
  2029: { lunarNewYear: '2029-02-13', hungKings: '2029-04-23' },
  2030: { lunarNewYear: '2030-02-02', hungKings: '2030-04-12' },
};

/** First and last year the holiday table covers. */
export const HOLIDAY_YEARS = { first: 2016, last: 2030 } as const;

/** The holidays the law names for a year (solar dates, weekends included), without compensation days. */
export function legalHolidays(year: number, lunarNewYear: string, hungKings: string): string[] {
  const y = String(year);
  const nationalDay = `${y}-09-02`;
  const days = [`${y}-01-01`, `${y}-04-30`, `${y}-05-01`, nationalDay, hungKings];
  // Tết: the last day of the old year and mùng 1–4 (the pattern of every announcement since 2016 but 2017).
  for (let i = -1; i <= 3; i++) days.push(addDays(lunarNewYear, i));
  if (year >= 2021) {
    // The day joined to 2/9 (BLLĐ 2019): the one that makes a bridge with the weekend, as chosen 2021–2025.
    const wd = isoWeekday(nationalDay);
    days.push(wd === 1 || wd === 4 ? `${y}-09-03` : `${y}-09-01`);
  }
  return [...new Set(days)].sort();
}

/** Days off by the law's rules alone: each legal holiday, and for one on Saturday or Sunday the next weekday that is not itself a holiday. */
function daysOffByLaw(year: number, lunarNewYear: string, hungKings: string): string[] {
  const legal = legalHolidays(year, lunarNewYear, hungKings);
  const off = new Set<string>();
  const taken = new Set(legal);
  for (const d of legal) {
    if (isoWeekday(d) <= 5) off.add(d);
  }
  for (const d of legal) {
    if (isoWeekday(d) <= 5) continue;
    let c = addDays(d, 1);
    while (isoWeekday(c) > 5 || taken.has(c)) c = addDays(c, 1);
    taken.add(c);
    off.add(c);
  }
  return [...off].filter((d) => d.startsWith(String(year))).map((d) => d.slice(5)).sort();
}

function buildTable(): Map<number, HolidayYear> {
  const table = new Map<number, HolidayYear>();
  for (const [y, row] of Object.entries(ANNOUNCED_YEARS)) table.set(Number(y), { ...row, basis: 'announced' });
  for (const [y, row] of Object.entries(LUNAR_ONLY)) {
    const year = Number(y);
    table.set(year, {
      ...row,
      daysOff: daysOffByLaw(year, row.lunarNewYear, row.hungKings),
      makeUpDays: [],
      source: 'BLLĐ 2019 Điều 112 khoản 1 và Điều 111 khoản 3 (chưa có thông báo của năm: không có hoán đổi)',
      basis: 'law',
    });
  }
  return table;
}

const TABLE = buildTable();
const OFF = new Set<string>();
const MAKE_UP = new Set<string>();
const LEGAL = new Set<string>();
for (const [year, row] of TABLE) {
  for (const d of row.daysOff) OFF.add(`${year}-${d}`);
  for (const d of row.makeUpDays) MAKE_UP.add(`${year}-${d}`);
  for (const d of legalHolidays(year, row.lunarNewYear, row.hungKings)) LEGAL.add(d);
}

/** The holiday data of a year, or undefined outside 2016–2030. */
export function holidayYear(year: number): HolidayYear | undefined {
  return TABLE.get(year);
}

/**
 * True when `day` is a public holiday or a day off given for one (compensation or swapped
 * day). Outside 2016–2030 only the fixed solar holidays (1/1, 30/4, 1/5, 2/9) are known.
 */
export function isHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  if (TABLE.has(year)) return LEGAL.has(day) || OFF.has(day);
  const md = day.slice(5);
  return md === '01-01' || md === '04-30' || md === '05-01' || md === '09-02';
}

/** True for a working day of the civil service: Monday–Friday and not a holiday, or a Saturday worked in exchange ("làm bù"). */
export function isWorkingDay(day: string): boolean {
  if (MAKE_UP.has(day)) return true;
  return isoWeekday(day) <= 5 && !isHoliday(day);
}

/**
 * The working day `n` working days after `day` (before it when n < 0). With n = 0: `day` itself
 * when it is a working day, else the next working day. addWorkingDays('2026-02-13', 1) = '2026-02-23' (Tết).
 */
export function addWorkingDays(day: string, n: number): string {
  let d = day;
  if (n === 0) {
    while (!isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days in the half-open range [from, to): workingDaysBetween('2026-02-13', '2026-02-24') = 2. Negative when to < from. */
export function workingDaysBetween(from: string, to: string): number {
  if (to < from) return -workingDaysBetween(to, from);
  let n = 0;
  for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}
