// The schedule XLSX written from a stream of rows (`streamSchedule`, loaded a chunk at a time,
// docs/DESIGN.md D69) is the workbook written from the whole schedule at once (`buildSchedule`, the
// reference): every cell's value and style, row heights, merges and the sheet's name, for several
// filters and chunk sizes (1, 2, 7 and the default, so chunks split a task from its sub-tasks and
// an organization's heading from its rows). Runs on SQLite and, with ROVIEC_TEST_DATABASE_URL, on
// PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { dumpFirstSheet } from '../../../test/support/xlsx.ts';
import { systemActor } from '../../platform/actor.ts';
import { buildSchedule, streamSchedule, type ScheduleQuery } from './schedule.ts';
import { schedulePaper } from './schedule-paper.ts';
import { writeScheduleXlsx } from './schedule-xlsx.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const TODAY = '2017-06-15';
const Q = (q: Partial<ScheduleQuery>): ScheduleQuery => ({ year: 2017, org: null, source: null, owner: null, programme: null, status: undefined, month: undefined, ...q });

async function xlsx(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  await write(sink);
  return Buffer.concat(chunks);
}

test('the streamed XLSX has the cells, styles, heights and merges of the one written from the whole schedule', async () => {
  const actor = systemActor(t.wardA);
  const pn = (await t.db.selectFrom('organization').select('id').where('short_name', '=', 'Hội LHPN').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).id;
  const paper = await schedulePaper(t.db, actor, null, 'Phường Đồng Tâm', TODAY, 2017);
  const cases: [string, ScheduleQuery][] = [
    ['ward-wide', Q({})],
    ['one organization', Q({ org: pn })],
    ['overdue in May', Q({ status: 'overdue', month: 5 })],
    ['an empty year', Q({ year: 2040 })],
  ];
  let compared = 0;
  for (const [label, query] of cases) {
    const heading = { paper, scopeName: label, grouped: !query.org, filters: label, today: TODAY };
    const whole = await buildSchedule(t.db, actor, query, TODAY);
    const ref = await dumpFirstSheet(await xlsx((out) => writeScheduleXlsx(out, whole, heading)));
    for (const chunk of [1, 2, 7, undefined]) {
      const s = await streamSchedule(t.db, actor, query, TODAY, chunk);
      assert.equal(s.total, whole.rows.length, `${label}, chunk ${chunk}`);
      const got = await dumpFirstSheet(await xlsx((out) => writeScheduleXlsx(out, s, heading)));
      assert.deepEqual(got, ref, `${label}, chunk ${chunk}`);
      compared++;
    }
    if (label === 'ward-wide') {
      assert.ok(whole.rows.length > 10, `${whole.rows.length} rows`);
      assert.ok(whole.rows.some((r) => r.depth === 1), 'sub-task rows are part of the comparison');
      assert.ok(ref.cells.some((x) => x.includes('BIỂU TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ NĂM 2017')));
    }
  }
  assert.equal(compared, cases.length * 4);
});

test('the streamed rows are the rows of buildSchedule, in order', async () => {
  const actor = systemActor(t.wardA);
  const whole = await buildSchedule(t.db, actor, Q({}), TODAY);
  const s = await streamSchedule(t.db, actor, Q({}), TODAY, 3);
  const rows = [];
  for await (const r of s.rows) rows.push(r);
  assert.deepEqual(rows, whole.rows);
});
