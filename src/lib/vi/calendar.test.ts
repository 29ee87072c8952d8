import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HOLIDAY_YEARS,
  addDays,
  addWorkingDays,
  dayBefore,
  daysBetween,
  holidayYear,
  instantAfterDays,
  isDay,
  isHoliday,
  isWorkingDay,
  isoWeek,
  isoWeekday,
  legalHolidays,
  monthEnd,
  todayInVietnam,
  vnDayEnd,
  vnDayStart,
  workingDaysBetween,
} from './calendar.ts';

// Days 1900-01-01 … 2100-12-31 as strings.
const dayArb = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const tableDayArb = fc.date({ min: new Date('2016-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

test('day arithmetic: examples', () => {
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2023-02-28', 1), '2023-03-01');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2026-01-01', -1), '2025-12-31');
  assert.equal(dayBefore('2100-03-01'), '2100-02-28');
  assert.equal(daysBetween('2026-02-16', '2026-02-20'), 4);
  assert.equal(daysBetween('2026-02-20', '2026-02-16'), -4);
  assert.equal(monthEnd('2024-02'), '2024-02-29');
  assert.equal(monthEnd('2100-02'), '2100-02-28');
  assert.equal(monthEnd('2026-04-15'), '2026-04-30');
  assert.equal(isoWeekday('2026-11-29'), 7);
  assert.equal(isoWeekday('1970-01-01'), 4);
  assert.equal(isoWeekday('1969-12-29'), 1);
  assert.equal(isoWeek('2017-02-15'), '2017-W07');
  assert.equal(isoWeek('2021-01-01'), '2020-W53');
  assert.equal(isoWeek('2024-12-30'), '2025-W01');
  assert.equal(isoWeek('2026-12-31'), '2026-W53');
  assert.ok(isDay('2024-02-29'));
  assert.ok(!isDay('2023-02-29'));
  assert.ok(!isDay('2023-2-01'));
  assert.throws(() => addDays('31/12/2026', 1), RangeError);
});

test('day arithmetic: properties', () => {
  fc.assert(
    fc.property(dayArb, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
      const e = addDays(d, n);
      assert.ok(isDay(e));
      assert.equal(daysBetween(d, e), n);
      assert.equal(addDays(e, -n), d);
      assert.equal(isoWeekday(e), ((((isoWeekday(d) - 1 + n) % 7) + 7) % 7) + 1);
    }),
  );
  fc.assert(
    fc.property(dayArb, (d) => {
      const end = monthEnd(d);
      assert.ok(end.startsWith(d.slice(0, 7)) && end >= d);
      assert.equal(addDays(end, 1).slice(8), '01');
      // The ISO week of consecutive days moves at most one week, and only into Monday.
      const w1 = isoWeek(d);
      const w2 = isoWeek(addDays(d, 1));
      assert.equal(w1 !== w2, isoWeekday(addDays(d, 1)) === 1);
      assert.ok(Number(w1.slice(6)) >= 1 && Number(w1.slice(6)) <= 53);
    }),
  );
});

test('Vietnam day bounds and today', () => {
  assert.equal(vnDayStart('2017-02-10'), '2017-02-09T17:00:00.000Z');
  assert.equal(vnDayEnd('2017-02-10'), '2017-02-10T17:00:00.000Z');
  // 06:59 Vietnam time on 10/02 is still 09/02 in UTC.
  assert.equal(todayInVietnam(new Date('2017-02-09T23:59:00Z')), '2017-02-10');
  assert.equal(todayInVietnam(new Date('2017-02-10T16:59:59Z')), '2017-02-10');
  assert.equal(todayInVietnam(new Date('2017-02-10T17:00:00Z')), '2017-02-11');
  assert.equal(instantAfterDays(30, new Date('2026-01-01T00:00:00Z')), '2026-01-31T00:00:00.000Z');
  fc.assert(
    fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }), (now) => {
      const day = todayInVietnam(now);
      const at = now.toISOString();
      assert.ok(vnDayStart(day) <= at && at < vnDayEnd(day));
    }),
  );
});

test('holidays: Tết Bính Ngọ 2026, 30/4–1/5, 2/9', () => {
  // Thông báo 9441/TB-BNV: off Sat 14/2 … Sun 22/2/2026.
  for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
    assert.ok(isHoliday(d), d);
    assert.ok(!isWorkingDay(d), d);
  }
  assert.ok(isWorkingDay('2026-02-13'));
  assert.ok(isWorkingDay('2026-02-23'));
  assert.equal(addWorkingDays('2026-02-13', 1), '2026-02-23');
  assert.equal(addWorkingDays('2026-02-23', -1), '2026-02-13');
  assert.equal(workingDaysBetween('2026-02-09', '2026-02-27'), 9); // 9–13 and 23–26
  // Giỗ Tổ on Sunday 26/4/2026 → Monday 27/4 off; 30/4 Thursday and 1/5 Friday.
  assert.ok(isHoliday('2026-04-26'));
  assert.ok(!isWorkingDay('2026-04-27'));
  assert.ok(!isWorkingDay('2026-04-30'));
  assert.ok(!isWorkingDay('2026-05-01'));
  assert.ok(isWorkingDay('2026-04-28'));
  assert.equal(addWorkingDays('2026-04-29', 1), '2026-05-04');
  // Quốc khánh: 2/9 and the day joined to it.
  assert.ok(!isWorkingDay('2026-09-02'));
  assert.ok(!isWorkingDay('2025-09-01') && !isWorkingDay('2025-09-02') && isWorkingDay('2025-09-03'));
  assert.ok(!isWorkingDay('2024-09-02') && !isWorkingDay('2024-09-03'));
  // 2/9/2017 was a Saturday: Monday 4/9 off.
  assert.ok(isHoliday('2017-09-02') && !isWorkingDay('2017-09-04'));
  // Swapped days: worked Saturday 8/2/2025 for Monday 27/1; Saturday 26/4/2025 for Friday 2/5.
  assert.ok(isWorkingDay('2025-02-08') && !isWorkingDay('2025-01-27'));
  assert.ok(isWorkingDay('2025-04-26') && !isWorkingDay('2025-05-02'));
  // 31/12/2018 swapped for Saturday 5/1/2019.
  assert.ok(!isWorkingDay('2018-12-31') && isWorkingDay('2019-01-05'));
  // An ordinary week.
  assert.ok(isWorkingDay('2026-11-27') && !isWorkingDay('2026-11-28') && !isWorkingDay('2026-11-29'));
  // Outside the table only the fixed solar days are known.
  assert.ok(isHoliday('2035-09-02') && !isHoliday('2035-09-04'));
});

test('holiday table: every weekday holiday of the law is a day off, days off are weekdays, lunar dates plausible', () => {
  for (let y = HOLIDAY_YEARS.first; y <= HOLIDAY_YEARS.last; y++) {
    const row = holidayYear(y);
    assert.ok(row, String(y));
    assert.ok(row.lunarNewYear >= `${y}-01-21` && row.lunarNewYear <= `${y}-02-20`, `Tết ${y}`); // always between 21/1 and 20/2
    // 10/3 âm lịch is 2 months after Tết: 68–98 days (a leap month between adds 29–30).
    const hung = daysBetween(row.lunarNewYear, row.hungKings);
    assert.ok(hung >= 66 && hung <= 98, `Giỗ Tổ ${y}: ${hung}`);
    const off = new Set(row.daysOff.map((d) => `${y}-${d}`));
    for (const d of off) {
      assert.ok(isDay(d), d);
      assert.ok(isoWeekday(d) <= 5, `${d} is a weekend day in daysOff`);
    }
    for (const d of row.makeUpDays) assert.equal(isoWeekday(`${y}-${d}`), 6, `${y}-${d} make-up day is a Saturday`);
    for (const d of legalHolidays(y, row.lunarNewYear, row.hungKings)) {
      if (isoWeekday(d) <= 5 && d.startsWith(String(y))) assert.ok(off.has(d), `${d} (legal holiday on a weekday) missing from ${y}`);
    }
    // Each legal holiday on a weekend is compensated: at least as many weekday days off as legal holidays.
    const legal = legalHolidays(y, row.lunarNewYear, row.hungKings).filter((d) => d.startsWith(String(y)));
    assert.ok(off.size >= legal.length, `${y}: ${off.size} days off for ${legal.length} holidays`);
  }
});

test('working days: properties', () => {
  fc.assert(
    fc.property(tableDayArb, fc.integer({ min: -40, max: 40 }), (d, n) => {
      const e = addWorkingDays(d, n);
      assert.ok(isWorkingDay(e));
      if (n > 0) {
        assert.ok(e > d);
        assert.equal(workingDaysBetween(addDays(d, 1), addDays(e, 1)), n);
      } else if (n < 0) {
        assert.ok(e < d);
        assert.equal(workingDaysBetween(e, d), -n);
      } else {
        assert.ok(e >= d && workingDaysBetween(d, e) === 0);
      }
    }),
  );
  fc.assert(
    fc.property(tableDayArb, (d) => {
      // A working day is never a Sunday nor a holiday; Saturdays only when worked in exchange.
      if (isWorkingDay(d)) assert.ok(isoWeekday(d) !== 7 && !isHoliday(d));
      if (isoWeekday(d) <= 5 && !isHoliday(d)) assert.ok(isWorkingDay(d));
    }),
  );
});
