import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalTones, cleanMultiline, cleanText, fold, nfc, searchKey } from './normalize.ts';

const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const BASE_VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const CONSONANTS = [...'bcdđghklmnpqrstvx'];
const LOWER = [...CONSONANTS, ...BASE_VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC')))];
const LETTERS = [...LOWER, ...LOWER.map((l) => l.toUpperCase())];

/** Random text over the Vietnamese alphabet (every tone, both cases), spaces and punctuation. */
const viText = fc.string({ unit: fc.constantFrom(...LETTERS, ' ', ' ', ',', '-'), maxLength: 30 });

const INITIALS = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
const NUCLEI = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'oa', 'oe', 'uy', 'ua', 'ia', 'ưa', 'ươ', 'uô', 'iê', 'yê', 'uê', 'uơ', 'oă', 'uâ', 'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'iu', 'oi', 'ôi', 'ơi', 'ui', 'ưi', 'ưu', 'oai', 'oay', 'uya', 'uyu', 'oeo', 'ươi', 'uôi', 'iêu', 'yêu', 'ươu'];
const FINALS = ['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'];

/** A syllable as NFD letters, plus the indexes of its vowels (where a tone could be written). */
const syllable = fc
  .record({
    initial: fc.constantFrom(...INITIALS),
    nucleus: fc.constantFrom(...NUCLEI),
    final: fc.constantFrom(...FINALS),
    tone: fc.constantFrom(...TONES.slice(1)),
    upper: fc.boolean(),
  })
  .filter(({ initial, nucleus }) => !(initial === 'gi' && nucleus.startsWith('i')));

function withToneAt(letters: string[], index: number, tone: string): string {
  return letters.map((l, i) => (i === index ? l + tone : l)).join('').normalize('NFC');
}

test('explicit spellings map to the same canonical form and fold', () => {
  const pairs: [string, string, string][] = [
    ['hoà', 'hòa', 'hoa'],
    ['thuỷ', 'thủy', 'thuy'],
    ['khoẻ', 'khỏe', 'khoe'],
    ['Hoà Bình', 'Hòa Bình', 'hoa binh'],
    ['qúy', 'quý', 'quy'],
    ['uỷ ban', 'ủy ban', 'uy ban'],
    ['QÚY', 'QUÝ', 'quy'],
    ['gịăt', 'giặt', 'giat'],
  ];
  for (const [a, b, folded] of pairs) {
    assert.equal(canonicalTones(a), canonicalTones(b), `${a} / ${b}`);
    assert.equal(fold(a), folded);
    assert.equal(fold(b), folded);
    assert.equal(searchKey(a), searchKey(b));
  }
  assert.equal(canonicalTones('hoà'), 'hòa'); // classic style chosen
  assert.equal(canonicalTones('thuỷ'), 'thủy');
  assert.equal(canonicalTones('Hoà Bình'), 'Hòa Bình');
});

test('well-formed words are unchanged by canonicalTones', () => {
  for (const w of ['quý', 'giặt', 'giá', 'gì', 'gìn', 'giữa', 'Nguyễn', 'khuya', 'người', 'NGƯỜI', 'khuỷu', 'ngoài', 'hoàn', 'toán', 'thuở', 'quốc', 'mùa', 'cửa', 'Đảng ủy', 'café', 'Hà Nội, ngày 10']) {
    assert.equal(canonicalTones(w), w, w);
  }
});

test('fold examples', () => {
  assert.equal(fold('Đảng ủy'), 'dang uy');
  assert.equal(fold('ĐẢNG ỦY'), 'dang uy');
  assert.equal(fold('dang uy'), 'dang uy');
  assert.equal(fold('  Đảng--ủy!!\n'), 'dang uy');
  assert.equal(fold('Nguyễn'), 'nguyen');
  assert.equal(fold('người'), 'nguoi');
  assert.equal(fold('khuya'), 'khuya');
  assert.equal(fold('giặt'), 'giat');
  assert.equal(fold('Tổ dân phố 10'), 'to dan pho 10');
  assert.equal(searchKey('  ĐẢNG   Uỷ '), 'đảng ủy');
});

test('nfc, cleanText, cleanMultiline', () => {
  const nfd = 'Nguyễn'.normalize('NFD');
  assert.notEqual(nfd, 'Nguyễn');
  assert.equal(nfc(nfd), 'Nguyễn');
  assert.equal(nfc('  a  '), '  a  ');
  assert.equal(cleanText(`  ${nfd}\t Văn \n\u00a0An  `), 'Nguyễn Văn An');
  assert.equal(cleanMultiline('\r\n  dòng 1   \r\ndòng 2\t\rdòng 3\n\n'), 'dòng 1\ndòng 2\ndòng 3');
});

test('property: fold without placing tones equals the canonical-tones definition (D68), on text, syllables, NFD input and any code point', () => {
  // The old definition: the same chain after placing the tones of the NFC text.
  const reference = (s: string) => fold(canonicalTones(nfc(s)));
  const anyText = fc.string({ unit: fc.oneof(fc.constantFrom(...LETTERS, ...TONES, ' ', '\u0306', '\u0302', '\u031b'), fc.string({ unit: 'grapheme-composite', maxLength: 1 })), maxLength: 40 });
  fc.assert(fc.property(fc.oneof(viText, anyText), (x) => fold(x) === reference(x) && fold(x.normalize('NFD')) === reference(x.normalize('NFD'))), { numRuns: 2000 });
  fc.assert(fc.property(syllable, (s) => {
    const word = (s.initial + s.nucleus + s.final).normalize('NFD');
    const x = [...word].map((l, i) => (i === 0 ? l + s.tone : l)).join('');
    return fold(x) === reference(x);
  }));
});

test('property: fold is idempotent', () => {
  fc.assert(fc.property(viText, (x) => fold(fold(x)) === fold(x)));
});

test('property: fold ignores case', () => {
  fc.assert(fc.property(viText, (x) => fold(x.toUpperCase()) === fold(x) && fold(x.toLowerCase()) === fold(x)));
});

test('property: fold output is plain lower-case ASCII letters, single spaces', () => {
  fc.assert(fc.property(viText, (x) => /^(?:[a-z]+(?: [a-z]+)*)?$/.test(fold(x))));
});

test('property: canonicalTones is idempotent, keeps fold, preserves case', () => {
  fc.assert(
    fc.property(viText, (x) => {
      const c = canonicalTones(x);
      assert.equal(canonicalTones(c), c);
      assert.equal(fold(c), fold(x));
      assert.equal(canonicalTones(x.toUpperCase()), c.toUpperCase());
      assert.equal(c.normalize('NFD').length, x.normalize('NFD').length); // marks moved, never lost
    }),
  );
});

test('property: NFD and NFC input give the same fold and canonical form', () => {
  fc.assert(
    fc.property(viText, (x) => {
      assert.equal(fold(x.normalize('NFD')), fold(x.normalize('NFC')));
      assert.equal(canonicalTones(x.normalize('NFD')), canonicalTones(x.normalize('NFC')));
    }),
  );
});

test('property: a tone written on any vowel of a syllable gives one canonical form', () => {
  fc.assert(
    fc.property(syllable, ({ initial, nucleus, final, tone, upper }) => {
      const word = initial + nucleus + final;
      const letters = [...(upper ? word.toUpperCase() : word)];
      const vowelIdx = letters.flatMap((l, i) => (/^[aeiouy]/i.test(l.normalize('NFD')) ? [i] : []));
      const forms = new Set(vowelIdx.map((i) => canonicalTones(withToneAt(letters, i, tone))));
      assert.equal(forms.size, 1, [...forms].join(' / '));
      const [form = ''] = forms;
      assert.equal(searchKey(form), searchKey(form.toLowerCase()));
    }),
    { numRuns: 500 },
  );
});

test('control characters never reach storage: a space in both cleaners (words stay apart), a field of only controls is blank', () => {
  assert.equal(cleanText('Nguyễn\u0000Văn\u0001 An\u007f\ufffe'), 'Nguyễn Văn An');
  assert.equal(cleanText('Hòa\u0000Bình\u0007'), 'Hòa Bình');
  assert.equal(cleanMultiline('Kết quả\u0000 tốt,\u0001\u0002 rất\t\u0003tốt'), 'Kết quả tốt, rất\ttốt', 'beside a space or tab a control leaves no second one');
  assert.equal(cleanText('\u0001\u0002\u001b'), '');
  assert.equal(cleanMultiline('dòng\u00001\r\n\u0008dòng 2\uffff'), 'dòng 1\n dòng 2');
  // Tab, line feed and carriage return are whitespace, not removed controls.
  assert.equal(cleanMultiline('a\tb\r\nc'), 'a\tb\nc');
});

test('the multi-line cleaner handles 100 kB of pathological whitespace (linear, per line)', () => {
  const input = 'a' + ' '.repeat(100_000) + 'x\n' + '\t '.repeat(50_000) + '\nb';
  assert.equal(cleanMultiline(input), 'a' + ' '.repeat(100_000) + 'x\n\nb');
  assert.equal(cleanText('1' + ' '.repeat(120_000) + 'x'), '1 x');
});

test('invisible and malformed characters never enter: a zero-width "title" is blank, bidi overrides and lone surrogates are dropped', () => {
  assert.equal(cleanText('\u200b'), '');
  assert.equal(cleanText('\ufeff \u200b '), '');
  assert.equal(cleanText('Họp\u202e giao ban'), 'Họp giao ban');
  assert.equal(cleanText('a\ud800b'), 'ab');
  assert.equal(cleanText('x\udc00y'), 'xy');
  assert.equal(cleanText('đi 🚴\u200d♀️'), 'đi 🚴\u200d♀️', 'emoji sequences keep their joiner');
  assert.equal(cleanText('😀'), '😀', 'a surrogate pair is one character');
  assert.equal(cleanMultiline('dòng 1\u2066\n\u2069dòng 2'), 'dòng 1\ndòng 2');
});

test('invisible characters pasted from Word or a PDF inside a word are removed: soft hyphen, word joiner, zero-width space, BOM (D77)', () => {
  for (const c of ['\u00ad', '\u2060', '\u200b', '\ufeff']) assert.equal(cleanText(`Đả${c}ng ủy`), 'Đảng ủy', JSON.stringify(c));
  assert.equal(cleanText('👩\u200d💻'), '👩\u200d💻', 'a joiner inside an emoji stays');
});
