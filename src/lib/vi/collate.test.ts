import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareVi, comparePersonNames, personSortKey, sortVi, splitName } from './collate.ts';

const ref = new Intl.Collator('vi');
const refBase = new Intl.Collator('vi', { sensitivity: 'base' });

const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const LOWER = [...'bcdđghklmnpqrstvx', ...VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC')))];
const LETTERS = [...LOWER, ...LOWER.map((l) => l.toUpperCase())];
const viText = fc.string({ unit: fc.constantFrom(...LETTERS, ' '), maxLength: 20 });

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Dương', 'Chu'];
const MIDDLE = ['', 'Văn', 'Thị', 'Ngọc', 'Thị Kim', 'Đức', 'Minh', 'Hữu'];
const GIVEN = ['An', 'Ân', 'Án', 'Anh', 'Ánh', 'Bình', 'Dũng', 'Đức', 'Huế', 'Hòa', 'Hoà', 'Thủy', 'Ơn', 'Ước', 'Yến', 'Lan', 'Lân'];
const personName = fc
  .tuple(fc.constantFrom(...FAMILY), fc.constantFrom(...MIDDLE), fc.constantFrom(...GIVEN))
  .map(([f, m, g]) => [f, m, g].filter(Boolean).join(' '));

const sign = (n: number) => Math.sign(n);

test('compareVi follows the Vietnamese alphabet', () => {
  assert.deepEqual(sortVi(['Đức', 'Dũng', 'Ânh', 'Anh', 'Ăn', 'Bình', 'ơ', 'ô', 'o']), ['Anh', 'Ăn', 'Ânh', 'Bình', 'Dũng', 'Đức', 'o', 'ô', 'ơ']);
  assert.ok(compareVi('Tổ 2', 'Tổ 10') < 0);
  assert.equal(compareVi('Nguyễn'.normalize('NFD'), 'Nguyễn'), 0);
});

test('sortVi with a key does not mutate its input', () => {
  const input = [{ n: 'Đà Nẵng' }, { n: 'Cần Thơ' }, { n: 'Dĩ An' }];
  const copy = structuredClone(input);
  assert.deepEqual(sortVi(input, (x) => x.n).map((x) => x.n), ['Cần Thơ', 'Dĩ An', 'Đà Nẵng']);
  assert.deepEqual(input, copy);
});

test('splitName', () => {
  assert.deepEqual(splitName('Dương Ngọc Dũng'), { family: 'Dương', middle: 'Ngọc', given: 'Dũng' });
  assert.deepEqual(splitName('  Phạm  Thị Kim   Bình '), { family: 'Phạm', middle: 'Thị Kim', given: 'Bình' });
  assert.deepEqual(splitName('Lê Anh'), { family: 'Lê', middle: '', given: 'Anh' });
  assert.deepEqual(splitName('Dũng'), { family: '', middle: '', given: 'Dũng' });
  assert.deepEqual(splitName('   '), { family: '', middle: '', given: '' });
});

test('person names sort by given name', () => {
  const names = ['Phạm Thị Kim Bình', 'Chu Thị Huế', 'Dương Ngọc Dũng', 'Nguyễn Văn An'];
  const expected = ['Nguyễn Văn An', 'Phạm Thị Kim Bình', 'Dương Ngọc Dũng', 'Chu Thị Huế'];
  assert.deepEqual([...names].sort(comparePersonNames), expected);
  assert.deepEqual(sortVi(names, personSortKey), expected);
  assert.deepEqual([...names].sort((a, b) => ref.compare(personSortKey(a), personSortKey(b))), expected);
  assert.deepEqual(['Trần Văn Anh', 'Lê An', 'Bùi Văn An'].sort(comparePersonNames), ['Lê An', 'Bùi Văn An', 'Trần Văn Anh']);
  assert.deepEqual(['Trần Văn Ân', 'Nguyễn Văn An', 'Lê Thị Án'].sort(comparePersonNames), ['Nguyễn Văn An', 'Lê Thị Án', 'Trần Văn Ân']);
});

test('property: compareVi agrees in sign with Intl.Collator("vi")', () => {
  fc.assert(fc.property(viText, viText, (a, b) => sign(compareVi(a, b)) === sign(ref.compare(a, b))));
});

test('property: sortVi output is ordered by Intl.Collator("vi")', () => {
  fc.assert(
    fc.property(fc.array(viText, { maxLength: 15 }), (arr) => {
      const sorted = sortVi(arr);
      assert.equal(sorted.length, arr.length);
      for (let i = 1; i < sorted.length; i++) assert.ok(ref.compare(sorted[i - 1] ?? '', sorted[i] ?? '') <= 0);
    }),
  );
});

test('property: comparePersonNames orders by given, then middle, then family', () => {
  fc.assert(
    fc.property(fc.array(personName, { maxLength: 12 }), (names) => {
      const sorted = [...names].sort(comparePersonNames);
      for (let i = 1; i < sorted.length; i++) {
        const x = splitName(sorted[i - 1] ?? '');
        const y = splitName(sorted[i] ?? '');
        const c = ref.compare(x.given, y.given) || ref.compare(x.middle, y.middle) || ref.compare(x.family, y.family);
        assert.ok(c <= 0, `${sorted[i - 1]} before ${sorted[i]}`);
      }
    }),
  );
});

test('property: personSortKey orders by given name (base letters), like comparePersonNames', () => {
  fc.assert(
    fc.property(fc.array(personName, { maxLength: 12 }), (names) => {
      const sorted = sortVi(names, personSortKey);
      for (let i = 1; i < sorted.length; i++) {
        const x = splitName(sorted[i - 1] ?? '');
        const y = splitName(sorted[i] ?? '');
        assert.ok(refBase.compare(x.given, y.given) <= 0, `${sorted[i - 1]} before ${sorted[i]}`);
      }
      // same order as comparePersonNames up to accent/case-only differences of the given name
      const exact = [...names].sort(comparePersonNames).map((n) => splitName(n).given);
      assert.deepEqual(
        sorted.map((n) => splitName(n).given).map((g) => g.normalize('NFD').replace(/\p{M}/gu, '')),
        exact.map((g) => g.normalize('NFD').replace(/\p{M}/gu, '')),
      );
    }),
  );
});

import { binarySortKey, personBinarySortKey } from './collate.ts';

const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

test('binarySortKey orders like Intl.Collator("vi") on Vietnamese words', () => {
  const words = ['An', 'Anh', 'Ăn', 'Ân', 'ba', 'Ba', 'Bình', 'Dz', 'Đa', 'On', 'Ôn', 'Ơn', 'Uy', 'Ư', 'a', 'à', 'ả', 'ã', 'á', 'ạ', 'Hòa', 'Hoàn', 'Huế', 'Thủy', 'Thuỷ'];
  const byIntl = [...words].sort(new Intl.Collator('vi').compare);
  // Each adjacent pair in Intl order is non-decreasing by key (tone-placement twins compare equal).
  for (let i = 1; i < byIntl.length; i++) {
    const a = byIntl[i - 1] as string;
    const b = byIntl[i] as string;
    assert.ok(byteCompare(binarySortKey(a), binarySortKey(b)) <= 0, `${a} before ${b}`);
  }
});

test('binarySortKey agrees in sign with Intl.Collator("vi") on random lower-case syllables', () => {
  const letters = [...'aăâbcdđeêghiklmnoôơpqrstuưvxy'];
  const tones = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];
  const syllable = fc
    .tuple(fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 4 }), fc.constantFrom(...tones))
    .map(([ls, tone]) => (ls.join('') + tone).normalize('NFC'));
  const collator = new Intl.Collator('vi');
  fc.assert(
    fc.property(syllable, syllable, (a, b) => {
      const s1 = Math.sign(collator.compare(a, b));
      const s2 = Math.sign(byteCompare(binarySortKey(a), binarySortKey(b)));
      return s1 === s2 || a.normalize('NFD').replace(/[\u0300-\u0323]/g, '') === b.normalize('NFD').replace(/[\u0300-\u0323]/g, '');
    }),
    { numRuns: 2000 },
  );
});

test('personBinarySortKey sorts people by given, middle, family name', () => {
  const people = ['Phạm Thị Kim Bình', 'Chu Thị Huế', 'Dương Ngọc Dũng', 'Nguyễn Văn An', 'Lê Văn Ân', 'Trần Thị Anh', 'Hoàng Văn An'];
  const sorted = [...people].sort((x, y) => byteCompare(personBinarySortKey(x), personBinarySortKey(y)));
  assert.deepEqual(sorted, ['Hoàng Văn An', 'Nguyễn Văn An', 'Trần Thị Anh', 'Lê Văn Ân', 'Phạm Thị Kim Bình', 'Dương Ngọc Dũng', 'Chu Thị Huế']);
});

test('personBinarySortKey: the given name with its tones comes before the middle and family names (issue 11 item 9)', () => {
  const people = ['Nguyễn Kiểm Dũng', 'Lê Kiểm Dũng', 'Vũ Kiểm Dung', 'An Kiểm Dung', 'Trần Anh', 'Bùi Ánh', 'Ánh An Anh', 'Lê Ánh'];
  const sorted = [...people].sort((x, y) => byteCompare(personBinarySortKey(x), personBinarySortKey(y)));
  assert.deepEqual(sorted, ['Trần Anh', 'Ánh An Anh', 'Bùi Ánh', 'Lê Ánh', 'An Kiểm Dung', 'Vũ Kiểm Dung', 'Lê Kiểm Dũng', 'Nguyễn Kiểm Dũng']);
});

test('personBinarySortKey agrees in sign with comparePersonNames on random names', () => {
  const letters = [...'aăâbcdđeêghiklmnoôơpqrstuưvxy'];
  const tones = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];
  const word = fc
    .tuple(fc.array(fc.constantFrom(...letters), { maxLength: 2 }), fc.constantFrom(...'aăâeêioôơuưy'), fc.constantFrom(...tones), fc.array(fc.constantFrom(...'cmnpt'), { maxLength: 1 }), fc.boolean())
    .map(([ls, vowel, tone, fin, cap]) => {
      const w = (ls.join('') + vowel + tone + fin.join('')).normalize('NFC');
      return cap ? w.charAt(0).toUpperCase() + w.slice(1) : w;
    });
  const name = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
  const bare = (s: string) => s.normalize('NFD').replace(/[\u0300-\u0323]/g, '').toLowerCase();
  fc.assert(
    fc.property(name, name, (a, b) => {
      const s1 = Math.sign(comparePersonNames(a, b));
      const s2 = Math.sign(byteCompare(personBinarySortKey(a), personBinarySortKey(b)));
      // Intl.Collator may order a tone twin or a case twin differently at an ignorable level; the fields must agree otherwise.
      return s1 === s2 || s2 === 0 || bare(a) === bare(b);
    }),
    { numRuns: 3000 },
  );
});
