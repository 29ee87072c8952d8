import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, deriveStatus, missingSixClear, monthEnd, percentOfTarget, type StatusInput } from './status.ts';

// Dates between 2016 and 2030 as 'YYYY-MM-DD'.
const day = fc.integer({ min: 0, max: 5000 }).map((n) => addDays('2016-01-01', n));
const pct = fc.integer({ min: 0, max: 100 });
const milestones = fc.array(fc.record({ due_on: day, planned_percent: pct }), { maxLength: 12 });

const base = (o: Partial<StatusInput>): StatusInput => ({ start_on: '2017-01-01', due_on: '2017-12-31', milestones: [], percent: null, done_on: null, today: '2017-06-15', ...o });

test('due today is not overdue; due yesterday is overdue (any start, milestones, progress below 100 %)', () => {
  fc.assert(
    fc.property(day, milestones, fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }), (today, ms, percent) => {
      const start = addDays(today, -30);
      assert.notEqual(deriveStatus({ start_on: start, due_on: today, milestones: ms, percent, done_on: null, today }), 'overdue');
      assert.equal(deriveStatus({ start_on: start, due_on: addDays(today, -1), milestones: ms, percent, done_on: null, today }), 'overdue');
    }),
  );
});

test('done on the deadline is done; done the day after is done late, whatever today is', () => {
  fc.assert(
    fc.property(day, day, milestones, (due, today, ms) => {
      assert.equal(deriveStatus({ start_on: null, due_on: due, milestones: ms, percent: 100, done_on: due, today }), 'done');
      assert.equal(deriveStatus({ start_on: null, due_on: due, milestones: ms, percent: 100, done_on: addDays(due, 1), today }), 'done_late');
      assert.equal(deriveStatus({ start_on: null, due_on: due, milestones: ms, percent: 100, done_on: addDays(due, -3), today }), 'done');
    }),
  );
});

test('a milestone due today is not late yet; due yesterday and not reached, it is late', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), (planned, actual) => {
      const today = '2017-06-15';
      const dueToday = deriveStatus(base({ milestones: [{ due_on: today, planned_percent: planned }], percent: actual }));
      assert.notEqual(dueToday, 'late');
      const dueYesterday = deriveStatus(base({ milestones: [{ due_on: '2017-06-14', planned_percent: planned }], percent: actual }));
      assert.equal(dueYesterday, actual < planned ? 'late' : actual === 0 ? 'not_started' : 'on_track');
    }),
  );
});

test('before the start with nothing reported: not started; progress never makes a status worse than without it', () => {
  fc.assert(
    fc.property(day, fc.integer({ min: 1, max: 400 }), milestones, (today, ahead, ms) => {
      const s = deriveStatus({ start_on: addDays(today, ahead), due_on: addDays(today, ahead + 30), milestones: ms.map((m) => ({ ...m, due_on: addDays(today, ahead + 5) })), percent: null, done_on: null, today });
      assert.equal(s, 'not_started');
    }),
  );
  const rank = { done: 0, done_late: 1, on_track: 2, not_started: 3, late: 4, overdue: 5 } as const;
  fc.assert(
    fc.property(day, milestones, pct, pct, (today, ms, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const s = (p: number) => deriveStatus({ start_on: '2016-01-01', due_on: '2030-12-31', milestones: ms, percent: p, done_on: null, today });
      assert.ok(rank[s(hi)] <= rank[s(lo)] || (s(lo) === 'not_started' && s(hi) === 'on_track'), `${lo}→${s(lo)} ${hi}→${s(hi)}`);
    }),
  );
});

test('examples: on track, late, not started after the start with nothing due', () => {
  assert.equal(deriveStatus(base({ milestones: [{ due_on: '2017-03-31', planned_percent: 30 }], percent: 30 })), 'on_track');
  assert.equal(deriveStatus(base({ milestones: [{ due_on: '2017-03-31', planned_percent: 30 }], percent: 20 })), 'late');
  assert.equal(deriveStatus(base({ milestones: [{ due_on: '2017-03-31', planned_percent: 30 }], percent: null })), 'late');
  assert.equal(deriveStatus(base({ milestones: [{ due_on: '2017-09-30', planned_percent: 30 }], percent: null })), 'not_started');
  assert.equal(deriveStatus(base({ due_on: null, percent: 100, done_on: '2018-01-05' })), 'done');
});

test('six-clear: each missing item is named, in order', () => {
  const full = { owner_person_id: 'p', title: 'T', description: 'D', lead_org_id: 'o', milestones: 2, start_on: '2017-01-01', due_on: '2017-12-31', result_kind: 'indicator', target_value: 10, target_unit: 'buổi', deliverable: null };
  assert.deepEqual(missingSixClear(full), []);
  assert.deepEqual(missingSixClear({ ...full, due_on: null }), ['time']);
  assert.deepEqual(missingSixClear({ ...full, owner_person_id: null, description: ' ', milestones: 0 }), ['owner', 'work', 'progress']);
  assert.deepEqual(missingSixClear({ ...full, lead_org_id: null, target_unit: null }), ['responsibility', 'result']);
  assert.deepEqual(missingSixClear({ ...full, result_kind: 'deliverable', deliverable: 'Báo cáo sơ kết' }), []);
  assert.deepEqual(missingSixClear({ ...full, result_kind: null }), ['result']);
});

test('helpers: month end, percent of target', () => {
  assert.equal(monthEnd('2017-02'), '2017-02-28');
  assert.equal(monthEnd('2016-02'), '2016-02-29');
  assert.equal(monthEnd('2017-12'), '2017-12-31');
  assert.equal(percentOfTarget(5, 10), 50);
  assert.equal(percentOfTarget(15, 10), 100);
  assert.equal(percentOfTarget(1, 3), 33.3);
  assert.equal(percentOfTarget(49.98, 50), 99.9, 'short of the target is not 100 % (not done)');
  assert.equal(percentOfTarget(50, 50), 100);
});
