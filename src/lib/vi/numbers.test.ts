import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatNumber, formatPercent, parseViNumber } from './numbers.ts';

test('formatNumber', () => {
  assert.equal(formatNumber(1234.5), '1.234,5');
  assert.equal(formatNumber(-1234), '-1.234');
  assert.equal(formatNumber(1234567.891), '1.234.567,891');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(-0), '0');
  assert.equal(formatNumber(999), '999');
  assert.equal(formatNumber(0.1 + 0.2, 2), '0,30');
  assert.equal(formatNumber(2, 2), '2,00');
  assert.equal(formatNumber(1234.5, 0), '1.235');
  assert.equal(formatNumber(-0.001, 1), '0,0');
  assert.equal(formatNumber(Number.NaN), '');
  assert.equal(formatNumber(Number.POSITIVE_INFINITY), '');
});

test('parseViNumber', () => {
  assert.equal(parseViNumber('1.234,5'), 1234.5);
  assert.equal(parseViNumber('-1.234'), -1234);
  assert.equal(parseViNumber('−1.234'), -1234);
  assert.equal(parseViNumber(' 12,5 '), 12.5);
  assert.equal(parseViNumber('1234'), 1234);
  assert.equal(parseViNumber('1 234,5'), 1234.5);
  assert.equal(parseViNumber('+7'), 7);
  for (const bad of ['', '-', '1.23', '1,2,3', '1.234.56', ',5', '1,', 'abc', '12a', '1e5', 'NaN']) {
    assert.equal(parseViNumber(bad), null, bad);
  }
});

test('formatPercent', () => {
  assert.equal(formatPercent(0.5), '50%');
  assert.equal(formatPercent(1), '100%');
  assert.equal(formatPercent(0.1234, 1), '12,3%');
  assert.equal(formatPercent(0.07), '7%');
  assert.equal(formatPercent(12.5), '1.250%');
  assert.equal(formatPercent(Number.NaN), '');
});

test('property: parseViNumber(formatNumber(n)) === n', () => {
  const n = fc.oneof(
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.double({ min: -1e15, max: 1e15, noNaN: true }).filter((x) => x === 0 || Math.abs(x) >= 1e-3),
  );
  fc.assert(fc.property(n, (x) => Object.is(parseViNumber(formatNumber(x)), x === 0 ? 0 : x)));
});

test('property: fixed decimals round-trip', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
      const s = formatNumber(cents / 100, 2);
      assert.match(s, /^-?\d{1,3}(\.\d{3})*,\d{2}$/);
      assert.equal(parseViNumber(s), cents / 100);
    }),
  );
});
