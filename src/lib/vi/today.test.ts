import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { todayInVietnam } from './calendar.ts';

// Issue 8 kind 14, "Dates by the wrong clock": every "today" is the Asia/Ho_Chi_Minh day, from
// one function (todayInVietnam), and nothing else in src/ derives a day from the machine's or
// UTC's clock (docs/DESIGN.md D27). The unit tree read at 23:30 and 00:30 Vietnam time is tested
// in test/access-cache.test.ts ('the unit tree is read on the Vietnam day, not the UTC date').

test('todayInVietnam at 23:30 and 00:30 Vietnam time (the clock injected)', () => {
  // 23:30 on 30/06 in Vietnam is 16:30Z the same day.
  assert.equal(todayInVietnam(new Date('2024-06-30T16:30:00Z')), '2024-06-30');
  // 00:30 on 01/07 in Vietnam is 17:30Z on 30/06: already the next day, though UTC says 30/06.
  assert.equal(todayInVietnam(new Date('2024-06-30T17:30:00Z')), '2024-07-01');
  // Across a year end and a leap day.
  assert.equal(todayInVietnam(new Date('2023-12-31T17:30:00Z')), '2024-01-01');
  assert.equal(todayInVietnam(new Date('2024-02-28T17:00:00Z')), '2024-02-29');
  assert.equal(todayInVietnam(new Date('2024-02-29T16:59:59.999Z')), '2024-02-29');
});

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// A day taken from an instant by the UTC or the machine's clock.
const WRONG_CLOCK: RegExp[] = [
  /toISOString\(\)\s*\.\s*(slice|substring|substr)\(\s*0\s*,\s*10\s*\)/,
  /toISOString\(\)\s*\.\s*split\(\s*['"]T['"]\s*\)/,
  /\.toDateString\(\)/,
  /\.toLocaleDateString\(/,
  /\.get(FullYear|Month|Date|Day|Hours)\(\)/,
  /\bnew Date\(\)\s*\.\s*getUTC/,
  /\bcurrent_date\b|\bdate\('now'\)|\bnow\(\)::date/i,
  /(_at|At|lastmod|Instant|instant|Iso\(\))\s*\.\s*(slice|substring)\(\s*0\s*,\s*10\s*\)/,
];

// Lines that look like one but are not: each with why. Paths from src/.
const ALLOWED: Record<string, string> = {
  // Day arithmetic on day numbers (UTC midnight stands for a calendar day), inside lib/vi.
  'lib/vi/calendar.ts': 'the calendar itself',
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('no source outside lib/vi takes a day from the UTC or machine clock', () => {
  const found: string[] = [];
  for (const file of sources(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (ALLOWED[rel]) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (WRONG_CLOCK.some((re) => re.test(line))) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, [], 'use todayInVietnam(now) / toIsoDate(instant) from src/lib/vi');
});

test('the check finds the usual ways of getting it wrong', () => {
  for (const bad of ['const d = new Date().toISOString().slice(0, 10);', "x.toISOString().split('T')[0]", 'now.getDate()', 'row.published_at.slice(0, 10)', 'select current_date', "date('now')"]) {
    assert.ok(
      WRONG_CLOCK.some((re) => re.test(bad)),
      bad,
    );
  }
});
