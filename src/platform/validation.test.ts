import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { checkbox, id, idList, int, optDecimal, optId, optInt, optLongText, optPercent, optText, parseInput, percent, text } from './validation.ts';
import { ValidationError } from './errors.ts';

test('a list of ids from checkboxes: one value, many, blanks dropped; a bad item is reported on the list field a form shows', () => {
  const S = z.object({ org_ids: idList() });
  const a = '01a229b9-4535-7b62-a5a5-2b7053774ac8';
  const b = '01a229b9-4535-7b62-a5a5-2b7053774ac9';
  assert.deepEqual(parseInput(S, { org_ids: a }, 'vi').org_ids, [a]);
  assert.deepEqual(parseInput(S, { org_ids: [a, '', b] }, 'vi').org_ids, [a, b]);
  assert.deepEqual(parseInput(S, {}, 'vi').org_ids, []);
  for (const bad of ['garbage', [a, 'x'], [a, 5], [{}]]) {
    try {
      parseInput(S, { org_ids: bad }, 'vi');
      assert.fail('accepted');
    } catch (e) {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(Object.keys(e.fields ?? {}), ['org_ids'], JSON.stringify(e.fields));
    }
  }
  assert.throws(() => parseInput(S, { org_ids: Array.from({ length: 201 }, () => a) }, 'vi'), ValidationError);
});

test('optional text: a blank (or only spaces, or only control characters) is null, never an empty string', () => {
  for (const blank of ['', '   ', '\n\t ', '\u0000\u0001']) {
    assert.equal(optText().parse(blank), null, JSON.stringify(blank));
    assert.equal(optLongText().parse(blank), null, JSON.stringify(blank));
  }
  assert.equal(optText().parse(undefined), null);
  assert.equal(optLongText().parse(' Một  dòng '), 'Một  dòng');
  assert.equal(text().safeParse('  ').success, false);
});

test('a percent is kept to one decimal place, typed or sent; a decimal point is answered with how to write it', () => {
  const p = z.object({ p: optPercent(), q: percent() });
  assert.deepEqual(parseInput(p, { p: '33,333', q: 99.96 }), { p: 33.3, q: 99.9 }, 'never rounded up to 100: not done');
  assert.deepEqual(parseInput(p, { p: 99.99999, q: '12,55%' }), { p: 99.9, q: 12.6 });
  assert.deepEqual(parseInput(p, { p: '100', q: 99.94 }), { p: 100, q: 99.9 });
  assert.deepEqual(parseInput(p, { p: '', q: '50' }), { p: null, q: 50 });
  for (const [input, key] of [
    ['12.5', 'err.decimalComma'],
    [' 0.75 ', 'err.decimalComma'],
    ['12.5%', 'err.decimalComma'],
    ['abc', 'err.numberRange'],
  ] as const) {
    const e = (() => {
      try {
        parseInput(p, { p: input, q: 1 });
      } catch (err) {
        return err as ValidationError;
      }
      return null;
    })();
    assert.ok(e?.fields?.p?.startsWith(key), `${input}: ${e?.fields?.p}`);
  }
  assert.equal(parseInput(z.object({ n: optDecimal() }), { n: '1.000' }).n, 1000, 'the dot groups thousands');
});

test('a checkbox or API boolean: on and off as browsers and programs send them; anything else refused, never read as off', () => {
  const s = z.object({ b: checkbox() });
  for (const on of [true, 1, '1', 'on', 'true']) assert.equal(parseInput(s, { b: on }).b, true, String(on));
  for (const off of [false, 0, '0', 'off', 'false', '', null]) assert.equal(parseInput(s, { b: off }).b, false, String(off));
  assert.equal(parseInput(s, {}).b, false, 'an unchecked box sends nothing');
  for (const bad of ['có', 'yes', 2, [], {}]) assert.throws(() => parseInput(s, { b: bad }), (e: ValidationError) => e.fields?.b === 'err.checkbox', JSON.stringify(bad));
});

test('a whole number written with a decimal point gets the whole-number message, not how to write decimals', () => {
  const s = z.object({ y: int(2000, 2100), n: optInt(1, 100) });
  assert.throws(() => parseInput(s, { y: '2026.5', n: 1 }), (e: ValidationError) => e.fields?.y === 'err.intRange:2000:2100' || (e.fields?.y ?? '').startsWith('err.intRange'), 'year');
  assert.throws(() => parseInput(s, { y: 2026, n: '1.5' }), (e: ValidationError) => !(e.fields?.n ?? '').startsWith('err.decimalComma'), 'page');
  assert.equal(parseInput(s, { y: '2026', n: '' }).n, null);
});

test('an id typed or pasted in capitals is the same id as the database keeps it (lower case)', () => {
  const s = z.object({ a: id(), b: optId() });
  assert.deepEqual(parseInput(s, { a: '01A232A6-1B6C-7C6E-8261-663FB30D8F76', b: '01A232A6-1B6C-7C6E-8261-663FB30D8F77' }), { a: '01a232a6-1b6c-7c6e-8261-663fb30d8f76', b: '01a232a6-1b6c-7c6e-8261-663fb30d8f77' });
  assert.equal(parseInput(s, { a: '01a232a6-1b6c-7c6e-8261-663fb30d8f76', b: '' }).b, null);
  assert.throws(() => parseInput(s, { a: 'not-an-id' }));
});
