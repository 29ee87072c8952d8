// Month grid maths: weeks from Monday, whole weeks around the month, UTC+7 bounds, holidays named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holidayOf, monthGrid, parseMonth, shiftMonth } from './month.ts';

test('parseMonth accepts YYYY-MM with a real month only', () => {
  assert.equal(parseMonth('2026-11'), '2026-11');
  for (const bad of ['2026-13', '2026-00', 'abc', '2026-1', '26-11', '2026-11-01', '', '0000-01', ' 2026-11']) assert.equal(parseMonth(bad), null, bad);
});

test('shiftMonth crosses years', () => {
  assert.equal(shiftMonth('2026-12', 1), '2027-01');
  assert.equal(shiftMonth('2026-01', -1), '2025-12');
  assert.equal(shiftMonth('2026-11', 0), '2026-11');
});

test('November 2026: weeks Monday to Sunday, neighbours filled, today marked, Vietnam bounds', () => {
  const g = monthGrid('2026-11', '2026-11-29');
  // 1/11/2026 is a Sunday: the first row starts on Monday 26/10; 30/11 is a Monday: the last ends on Sunday 6/12.
  assert.equal(g.weeks[0]?.[0]?.day, '2026-10-26');
  assert.equal(g.weeks.at(-1)?.at(-1)?.day, '2026-12-06');
  assert.equal(g.weeks.length, 6);
  assert.ok(g.weeks.every((w) => w.length === 7 && w[0]?.weekday === 1 && w[6]?.weekday === 7));
  assert.deepEqual(g.weeks.flat().filter((d) => d.inMonth).length, 30);
  assert.deepEqual(g.weeks.flat().filter((d) => d.isToday).map((d) => d.day), ['2026-11-29']);
  assert.equal(g.from, '2026-10-31T17:00:00.000Z');
  assert.equal(g.to, '2026-11-30T17:00:00.000Z');
  assert.equal(g.prev, '2026-10');
  assert.equal(g.next, '2026-12');
});

test('holidays are named: Tết, Giỗ Tổ, 30/4, 1/5, Quốc khánh and the joined day, compensation days, make-up Saturdays', () => {
  assert.equal(holidayOf('2026-01-01'), 'new_year');
  assert.equal(holidayOf('2026-02-16'), 'tet'); // 29 tháng Chạp (the last day of the year)
  assert.equal(holidayOf('2026-02-17'), 'tet'); // mùng 1
  assert.equal(holidayOf('2026-02-20'), 'tet'); // mùng 4
  assert.equal(holidayOf('2026-04-26'), 'hung_kings');
  assert.equal(holidayOf('2026-04-27'), 'day_off'); // Giỗ Tổ on Sunday → Monday off
  assert.equal(holidayOf('2026-04-30'), 'reunification');
  assert.equal(holidayOf('2026-05-01'), 'labour');
  assert.equal(holidayOf('2026-09-02'), 'national');
  assert.equal(holidayOf('2026-09-01'), 'national');
  assert.equal(holidayOf('2025-02-08'), 'make_up'); // Saturday worked for Monday 27/1/2025
  assert.equal(holidayOf('2026-11-16'), null);
  assert.equal(holidayOf('2040-09-02'), 'national'); // outside the table: fixed solar holidays only
  assert.equal(holidayOf('2040-02-12'), null);
  const sept = monthGrid('2026-09', '2026-11-29').weeks.flat();
  assert.deepEqual(sept.filter((d) => d.inMonth && d.holiday).map((d) => d.day), ['2026-09-01', '2026-09-02']);
});
