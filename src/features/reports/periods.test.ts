// Pure rules of the reports room: period ids and the cut-off calendar, indicator values, aggregation, the board.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePeriod, periodId, periodName, periodRange, periodOf } from './periods.ts';
import { parseIndicator, checkDraft } from './values.ts';
import { aggregate, joinParts } from './rollup.ts';
import { boardOf, ratesByOrg } from './board.ts';
import { defaultTitle } from './requests.ts';
import type { SubmissionRow } from './repo.ts';

test('period ids are stable and round-trip; malformed ids are refused', () => {
  for (const id of ['2026', '2026S1', '2026S2', '2026Q1', '2026Q4', '202603', '202612']) assert.equal(parsePeriod(id)?.id, id);
  assert.equal(parsePeriod('2026q2')?.id, '2026Q2');
  for (const bad of ['', '26', '2026S3', '2026Q5', '202613', '202600', '2026-03', '0001', '9999', '2026Q1x']) assert.equal(parsePeriod(bad), null, bad);
  assert.equal(periodId('month', 2026, 3), '202603');
  assert.equal(periodOf('quarter', '2026-08-15').id, '2026Q3');
  assert.equal(periodOf('half', '2026-07-01').id, '2026S2');
});

test('calendar periods cover their months; a cut-off of 15 runs from the 15th before to the 14th (NĐ 09/2019/NĐ-CP, Điều 12)', () => {
  const P = (id: string) => parsePeriod(id) ?? assert.fail(id);
  assert.deepEqual(periodRange(P('2026'), null), { start: '2026-01-01', end: '2026-12-31' });
  assert.deepEqual(periodRange(P('2024Q1'), null), { start: '2024-01-01', end: '2024-03-31' });
  assert.deepEqual(periodRange(P('202402'), null), { start: '2024-02-01', end: '2024-02-29' });
  assert.deepEqual(periodRange(P('2026S2'), null), { start: '2026-07-01', end: '2026-12-31' });
  assert.deepEqual(periodRange(P('202603'), 15), { start: '2026-02-15', end: '2026-03-14' });
  assert.deepEqual(periodRange(P('202601'), 15), { start: '2025-12-15', end: '2026-01-14' });
  assert.deepEqual(periodRange(P('2026'), 15), { start: '2025-12-15', end: '2026-12-14' });
  assert.deepEqual(periodRange(P('2026S1'), 15), { start: '2025-12-15', end: '2026-06-14' });
  assert.deepEqual(periodRange(P('2026Q3'), 15), { start: '2026-06-15', end: '2026-09-14' });
  assert.equal(periodName(P('2026Q3')), 'Quý III năm 2026');
  assert.equal(periodName(P('2026S1')), '6 tháng đầu năm 2026');
  assert.equal(periodName(P('202603')), 'Tháng 3 năm 2026');
  assert.equal(periodName(P('2016')), 'Năm 2016');
  assert.equal(periodName(P('202603'), 'en'), 'March 2026');
});

test('indicator values are read the Vietnamese way and refused outside their type', () => {
  const ok = (type: 'integer' | 'decimal' | 'percent' | 'boolean', raw: string | number | boolean | null, v: number | null) => assert.deepEqual(parseIndicator({ type }, raw), { value: v }, `${type} ${String(raw)}`);
  const bad = (type: 'integer' | 'decimal' | 'percent' | 'boolean', raw: string | number | boolean) => assert.ok('error' in parseIndicator({ type }, raw), `${type} ${String(raw)}`);
  ok('integer', '1.200', 1200);
  ok('integer', ' 12 ', 12);
  ok('integer', 7, 7);
  ok('integer', '', null);
  ok('decimal', '12,5', 12.5);
  ok('decimal', '1.234,5', 1234.5);
  ok('decimal', 12.5, 12.5);
  ok('decimal', '12.5', 12.5);
  ok('percent', '85,5%', 85.5);
  ok('percent', '100', 100);
  ok('boolean', 'Có', 1);
  ok('boolean', 'không', 0);
  ok('boolean', true, 1);
  bad('integer', 'abc');
  bad('integer', '12,5');
  bad('integer', 2 ** 31);
  bad('integer', 'NaN');
  bad('decimal', 1e308);
  bad('decimal', 'Infinity');
  bad('percent', '101');
  bad('percent', '-1');
  bad('boolean', 'maybe');
  bad('integer', true);
});

test('a draft is checked against its form: long sections and bad values are named by field; untouched fields keep what was saved', () => {
  const spec = {
    sections: [{ code: 'results', title: 'Kết quả', guidance: '', max_length: 100 }],
    indicators: [
      { code: 'n', name: 'Số', unit: '', type: 'integer' as const, aggregate: 'sum' as const, source: 'tasks_done' as const },
      { code: 'p', name: 'Tỷ lệ', unit: '%', type: 'percent' as const, aggregate: 'average' as const, source: null },
    ],
  };
  const prev = { sections: { results: 'cũ' }, indicators: { n: { value: 3, computed: 4 } } };
  const r = checkDraft(spec, { sections: { results: 'x'.repeat(101) }, indicators: { n: 'abc', p: '50' } }, prev);
  assert.deepEqual(Object.keys(r.errors).sort(), ['indicators.n', 'sections.results']);
  const ok = checkDraft(spec, { sections: {}, indicators: { p: '50' } }, prev);
  assert.deepEqual(ok.errors, {});
  assert.deepEqual(ok.draft, { sections: { results: 'cũ' }, indicators: { n: { value: 3, computed: 4 }, p: { value: 50, computed: null } } });
});

test('aggregation rules: sum and average over those reported, last in submission order, none', () => {
  assert.equal(aggregate('sum', [1, null, 2.5]), 3.5);
  assert.equal(aggregate('average', [80, null, 91]), 85.5);
  assert.equal(aggregate('last', [5, 7, null]), 7);
  assert.equal(aggregate('none', [1, 2]), null);
  assert.equal(aggregate('sum', [null, null]), null);
  assert.equal(joinParts([{ orgId: 'a', orgName: 'Hội LHPN', submissionId: 's', text: ' Tuyên truyền. ' }, { orgId: 'b', orgName: 'Đoàn TN', submissionId: 't', text: '' }]), 'Hội LHPN:\nTuyên truyền.');
});

test('the board: overdue when not received after the due date, late when first received after it; rates over what is due', () => {
  const s = (status: string, first: string | null, late = 0, org = status) => ({ id: org, org_id: org, status, first_submitted_at: first, late }) as unknown as SubmissionRow;
  const rows = [s('accepted', '2026-01-10T00:00:00Z'), s('submitted', '2026-02-10T00:00:00Z', 1), s('pending', null), s('draft', null), s('returned', '2026-01-12T00:00:00Z')];
  const before = boardOf('2026-01-31', rows, '2026-01-20');
  assert.equal(before.counts.overdue, 0);
  assert.equal(before.rates.expected, 3); // the received ones; the others are not yet due
  const after = boardOf('2026-01-31', rows, '2026-02-20');
  assert.deepEqual({ ...after.counts }, { pending: 1, draft: 1, submitted: 1, returned: 1, accepted: 1, overdue: 2, late: 1 });
  assert.deepEqual(after.rates, { expected: 5, received: 3, onTime: 2, reportingRate: 0.6, onTimeRate: 0.4 });
  const byOrg = ratesByOrg(
    [
      { org_id: 'a', due_on: '2025-01-31', first_submitted_at: 'x', late: 0 },
      { org_id: 'a', due_on: '2026-01-31', first_submitted_at: null, late: 0 },
      { org_id: 'a', due_on: '2027-01-31', first_submitted_at: null, late: 0 },
    ],
    '2026-06-01',
  );
  assert.deepEqual(byOrg.get('a'), { expected: 2, received: 1, onTime: 1, reportingRate: 0.5, onTimeRate: 0.5 });
});

test('a request is titled from its form and period, shared words said once', () => {
  assert.equal(defaultTitle('Báo cáo tổng kết năm', 'Năm 2026'), 'Báo cáo tổng kết năm 2026');
  assert.equal(defaultTitle('Báo cáo sơ kết 6 tháng', '6 tháng cuối năm 2026'), 'Báo cáo sơ kết 6 tháng cuối năm 2026');
  assert.equal(defaultTitle('Báo cáo quý', 'Quý III năm 2026'), 'Báo cáo quý III năm 2026');
  assert.equal(defaultTitle('Báo cáo tháng', 'Tháng 3 năm 2026'), 'Báo cáo tháng 3 năm 2026');
  assert.equal(defaultTitle('Báo cáo công tác dân vận', 'Quý I năm 2026'), 'Báo cáo công tác dân vận quý I năm 2026');
});
