// Dates and times, always in Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no DST),
// independent of the host time zone.

export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type DateInput = Date | string;

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: VN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface VnParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

/**
 * Date or ISO string → Date. An ISO string without offset is read as Vietnam
 * local time ("2017-02-10" = midnight in Vietnam), never as host time.
 */
export function toDate(d: DateInput): Date {
  let date: Date;
  if (d instanceof Date) date = d;
  else {
    const s = d.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) date = new Date(`${s}T00:00:00+07:00`);
    else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) date = new Date(`${s.replace(' ', 'T')}+07:00`);
    else date = new Date(s);
  }
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid date: ${String(d)}`);
  return date;
}

// Since 13/06/1975 Vietnam keeps UTC+7 all year (the tz database's last change for
// Asia/Ho_Chi_Minh); from 1976 to 9999 the parts are the UTC parts 7 hours on, with no
// Intl.DateTimeFormat call (formatToParts was ~2 % of a list page's CPU, D67). Earlier (and
// later) instants go through Intl, which knows the older offsets. dates.test.ts compares both.
const FIXED_FROM = Date.UTC(1976, 0, 1);
const FIXED_TO = Date.UTC(9999, 0, 1);
const VN_OFFSET_MS = 7 * 3_600_000;
const two = (n: number): string => (n < 10 ? '0' : '') + String(n);

/** The Vietnam-time parts of an instant through Intl (the reference `vnParts` agrees with). */
export function vnPartsByIntl(d: DateInput): VnParts {
  const out: VnParts = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of parts.formatToParts(toDate(d))) {
    if (p.type in out) out[p.type as keyof VnParts] = p.value;
  }
  out.year = out.year.padStart(4, '0');
  return out;
}

/** Year, month, day, hour (00–23) and minute of `d` in Vietnam time, zero-padded strings. */
export function vnParts(d: DateInput): VnParts {
  const t = toDate(d).getTime();
  if (t < FIXED_FROM || t >= FIXED_TO) return vnPartsByIntl(d);
  const v = new Date(t + VN_OFFSET_MS);
  return { year: String(v.getUTCFullYear()), month: two(v.getUTCMonth() + 1), day: two(v.getUTCDate()), hour: two(v.getUTCHours()), minute: two(v.getUTCMinutes()) };
}

/** "10/02/2017" */
export function formatDate(d: DateInput): string {
  // A calendar date ('YYYY-MM-DD', how dates are stored) needs no time-zone arithmetic.
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  const p = vnParts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "16:16" */
export function formatTime(d: DateInput): string {
  const p = vnParts(d);
  return `${p.hour}:${p.minute}`;
}

/** "10/02/2017 16:16" */
export function formatDateTime(d: DateInput): string {
  return `${formatDate(d)} ${formatTime(d)}`;
}

/** "ngày 10 tháng 02 năm 2017" (two-digit day and month). */
export function formatLongDate(d: DateInput): string {
  const p = vnParts(d);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

export type PartOfDay = 'Sáng' | 'Trưa' | 'Chiều' | 'Tối';

/** Sáng (< 11:00), Trưa (11:00–12:59), Chiều (13:00–17:59), Tối (from 18:00). */
export function partOfDay(d: DateInput): PartOfDay {
  const h = Number(vnParts(d).hour);
  if (h < 11) return 'Sáng';
  if (h < 13) return 'Trưa';
  if (h < 18) return 'Chiều';
  return 'Tối';
}

/** "Chiều ngày 10/02/2017" */
export function formatSessionDate(d: DateInput): string {
  return `${partOfDay(d)} ngày ${formatDate(d)}`;
}

/** Calendar date in Vietnam as "YYYY-MM-DD". */
export function toIsoDate(d: DateInput): string {
  const p = vnParts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

function isoIfValid(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate(); // leap-year template
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && !leap ? 28 : daysInMonth)) return null;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * "10/02/2017" (also "1/2/2017", "10-02-2017", "10.02.2017", and "10022017" as a phone's number pad
 * types it, without a separator) or "2017-02-10" → "2017-02-10"; null when malformed or not a real
 * date (31/02/2017).
 */
export function parseViDate(s: string): string | null {
  const t = s.trim();
  let m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t);
  if (m) return isoIfValid(Number(m[4]), Number(m[3]), Number(m[1]));
  m = /^(\d{2})(\d{2})(\d{4})$/.exec(t);
  if (m) return isoIfValid(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** English locale: "10 Feb 2017" (day without leading zero: "5 Feb 2017"). */
export function formatDateEn(d: DateInput): string {
  const p = vnParts(d);
  return `${Number(p.day)} ${MONTHS_EN[Number(p.month) - 1] ?? ''} ${p.year}`;
}
