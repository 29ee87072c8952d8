import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  formatDate,
  formatDateEn,
  formatDateTime,
  formatLongDate,
  formatSessionDate,
  formatTime,
  parseViDate,
  partOfDay,
  toDate,
  toIsoDate,
  vnParts,
  vnPartsByIntl,
} from './dates.ts';
import { todayInVietnam } from './calendar.ts';

const d = new Date('2017-02-10T09:16:00Z'); // 16:16 in Vietnam

test('formats in Vietnam time', () => {
  assert.equal(formatDate(d), '10/02/2017');
  assert.equal(formatTime(d), '16:16');
  assert.equal(formatDateTime(d), '10/02/2017 16:16');
  assert.equal(formatDateTime('2017-02-10T09:16:00Z'), '10/02/2017 16:16');
  assert.equal(formatLongDate(d), 'ngày 10 tháng 02 năm 2017');
  assert.equal(formatLongDate('2017-11-05'), 'ngày 05 tháng 11 năm 2017');
  assert.equal(formatDateEn(d), '10 Feb 2017');
  assert.equal(formatDateEn('2017-09-05'), '5 Sep 2017');
});

test('time zone edges', () => {
  assert.equal(formatDateTime('2017-02-09T17:30:00Z'), '10/02/2017 00:30');
  assert.equal(toIsoDate('2017-02-09T17:30:00Z'), '2017-02-10');
  assert.equal(toIsoDate('2017-02-09T16:59:59Z'), '2017-02-09');
  assert.equal(formatDateTime('2017-12-31T17:00:00Z'), '01/01/2018 00:00');
  assert.equal(todayInVietnam(new Date('2024-06-30T18:00:00Z')), '2024-07-01');
  assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(todayInVietnam()));
});

test('ISO strings without offset are Vietnam local time', () => {
  assert.equal(toDate('2017-02-10').toISOString(), '2017-02-09T17:00:00.000Z');
  assert.equal(formatDateTime('2017-02-10T16:16'), '10/02/2017 16:16');
  assert.equal(formatDateTime('2017-02-10 16:16:30'), '10/02/2017 16:16');
  assert.equal(formatDate('2017-02-10'), '10/02/2017');
  assert.throws(() => formatDate('not a date'), RangeError);
});

test('part of day and session date', () => {
  const at = (hhmm: string) => `2017-02-10T${hhmm}:00+07:00`;
  assert.equal(partOfDay(at('00:30')), 'Sáng');
  assert.equal(partOfDay(at('10:59')), 'Sáng');
  assert.equal(partOfDay(at('11:00')), 'Trưa');
  assert.equal(partOfDay(at('12:59')), 'Trưa');
  assert.equal(partOfDay(at('13:00')), 'Chiều');
  assert.equal(partOfDay(at('17:59')), 'Chiều');
  assert.equal(partOfDay(at('18:00')), 'Tối');
  assert.equal(partOfDay(at('23:59')), 'Tối');
  assert.equal(formatSessionDate(new Date('2017-02-10T08:00:00Z')), 'Chiều ngày 10/02/2017');
  assert.equal(formatSessionDate('2017-02-09T17:30:00Z'), 'Sáng ngày 10/02/2017');
});

test('parseViDate', () => {
  assert.equal(parseViDate('10/02/2017'), '2017-02-10');
  assert.equal(parseViDate(' 1/2/2017 '), '2017-02-01');
  assert.equal(parseViDate('10-02-2017'), '2017-02-10');
  assert.equal(parseViDate('10.02.2017'), '2017-02-10');
  assert.equal(parseViDate('2017-02-10'), '2017-02-10');
  assert.equal(parseViDate('29/02/2016'), '2016-02-29');
  assert.equal(parseViDate('29/02/2000'), '2000-02-29');
  assert.equal(parseViDate('10022017'), '2017-02-10', 'typed on a number pad, without separators');
  assert.equal(parseViDate('29022016'), '2016-02-29');
  for (const bad of ['31022017', '20170210', '1022017', '31/02/2017', '29/02/2017', '29/02/1900', '31/04/2017', '00/01/2017', '10/13/2017', '2017-02-30', '10/02/17', '10/02-2017', '', 'hôm nay']) {
    assert.equal(parseViDate(bad), null, bad);
  }
});

const instant = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true });

test('property: parseViDate(formatDate(d)) === toIsoDate(d)', () => {
  fc.assert(fc.property(instant, (x) => parseViDate(formatDate(x)) === toIsoDate(x)));
});

test('property: Vietnam time is UTC+7 (since 1975; tzdata has +08 before)', () => {
  const modern = fc.date({ min: new Date('1976-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true });
  fc.assert(
    fc.property(modern, (x) => {
      const local = new Date(x.getTime() + 7 * 3600_000).toISOString(); // UTC fields = Vietnam wall clock
      assert.equal(toIsoDate(x), local.slice(0, 10));
      assert.equal(formatTime(x), local.slice(11, 16));
      assert.equal(toIsoDate(toIsoDate(x)), toIsoDate(x)); // a date-only ISO string is that Vietnam date
    }),
  );
});

test('vnParts (UTC+7 arithmetic from 1976) gives what Intl gives for Asia/Ho_Chi_Minh (D67)', () => {
  const same = (t: number) => assert.deepEqual(vnParts(new Date(t)), vnPartsByIntl(new Date(t)), new Date(t).toISOString());
  // Around every local midnight and noon of a few years, the fixed range's ends, leap days.
  for (const iso of ['1976-01-01T00:00:00Z', '1975-12-31T16:59:59Z', '1975-12-31T17:00:00Z', '2000-02-29T16:59:59.999Z', '2000-02-29T17:00:00Z', '2024-12-31T16:59:59Z', '2024-12-31T17:00:00Z', '9998-12-31T23:59:59Z']) same(Date.parse(iso));
  for (let day = Date.UTC(2016, 0, 1); day < Date.UTC(2027, 0, 1); day += 86_400_000 * 7) for (const h of [0, 4, 5, 16, 17, 23]) same(day + h * 3_600_000 + 59_999);
  fc.assert(fc.property(fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(9999, 0, 1) - 1 }), (t) => same(t)), { numRuns: 2000 });
  // Strings as the app stores them (dates, local date-times, instants) go the same way.
  for (const s of ['2017-02-10', '2017-02-10T16:16', '2017-02-10 16:16:05', '2026-11-30T19:41:03.123Z']) assert.deepEqual(vnParts(s), vnPartsByIntl(s));
});
