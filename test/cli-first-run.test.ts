// Issue 13, "What must be shown": the same real ward from an empty database through the command line
// alone, as real processes: `roviec setup` (password from standard input), a second ward added by
// `roviec unit add`, organizations from template 2025 for both, people imported from XLSX files,
// an account invited (its link activates over HTTP), then the second ward merged into the first on
// 01/07/2025: every person in the first ward afterwards, both names in the tree the day before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { roviecSync } from './support/cli.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDb, DB_KIND, type TestDb } from './support/app.ts';
import { COLUMNS } from '../src/features/people/import-parse.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { openDb } from '../src/db/index.ts';

let tdb: TestDb;
let dir: string;
before(async () => {
  tdb = await createTestDb({ demo: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-cli-first-run-'));
});
after(async () => {
  await tdb.handle.destroy();
  await tdb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `roviec args` as a real process to its end; `input` is its standard input. */
function roviec(args: string[], input = '') {
  const r = roviecSync(args, { env: { DATABASE_URL: tdb.url, ROVIEC_DEMO: '0', ROVIEC_PUBLIC_URL: 'https://hoabinh.example.vn' }, input });
  assert.equal(r.code, 0, `roviec ${args.join(' ')}: ${r.err}`);
  return r.out;
}

/** An XLSX of `n` people of the ward in the import shape; the first is `first` with a post in Hội LHPN. */
async function peopleFile(name: string, n: number, first: string, family: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(COLUMNS.map((c) => c.header));
  for (let i = 0; i < n; i++) {
    const full = i === 0 ? first : `${family} Văn ${['An', 'Bình', 'Cường', 'Dũng', 'Giang'][i % 5]} ${i}`.replace(/ \d+$/, (m) => ['', ' Anh', ' Hòa', ' Tâm', ' Yến', ' Khoa', ' Lộc', ' Phúc'][Number(m) % 8] ?? '');
    ws.addRow([String(i + 1), full, i === 0 ? 'Nữ' : 'Nam', `${String((i % 27) + 1).padStart(2, '0')}/0${(i % 9) + 1}/19${60 + (i % 30)}`, '', '', 'Tổ dân phố số 1', i === 0 ? 'Chủ tịch' : '', i === 0 ? 'Hội LHPN' : '', i === 0 ? '01/07/2025' : '', i % 2 ? 'Đoàn TN' : '', i % 2 ? '15/03/2020' : '', '']);
  }
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

const count = async (table: 'person' | 'organization', wardCode: string) => {
  const ward = await tdb.db.selectFrom('unit').select('id').where('code', '=', wardCode).executeTakeFirstOrThrow();
  const r = await tdb.db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).where('ward_id', '=', ward.id).executeTakeFirstOrThrow();
  return Number(r.n);
};

// Fourteen processes of Node and tsx are most of its time: the PostgreSQL run of `npm test` leaves it to the
// SQLite run (each command's service runs on both databases in its feature's in-process CLI test).
test('a ward from an empty database through the CLI alone: setup, a second ward, templates, imports, an invitation, a merge', { skip: DB_KIND === 'postgres' ? 'real processes: covered by the SQLite run; the services run on PostgreSQL in each feature CLI test' : false }, async () => {
  // 1. Setup: Thành phố Hà Nội > Phường Hòa Bình with three groups and its administrator.
  roviec(
    ['setup', '--province-kind', 'thanh_pho', '--province-name', 'Thành phố Hà Nội', '--province-code', '01', '--ward-kind', 'phuong', '--ward-name', 'Phường Hòa Bình', '--ward-code', '00091', '--from', '01/01/2020', '--groups', 'Tổ dân phố số 1;Tổ dân phố số 2;Tổ dân phố số 3', '--admin-username', 'quantri', '--admin-name', 'Quản trị Phường Hòa Bình'],
    'Hoa-Binh-quan-tri-2025\n',
  );
  // 2. A second ward of the city, with one group, to be merged later.
  roviec(['unit', 'add', '--parent', '01', '--kind', 'phuong', '--name', 'Phường Hòa Lạc', '--code', '00092', '--from', '01/01/2020']);
  const lac = await tdb.db.selectFrom('unit').select('id').where('code', '=', '00092').executeTakeFirstOrThrow();
  roviec(['unit', 'add', '--parent', '00092', '--kind', 'to_dan_pho', '--name', 'Tổ dân phố số 1', '--from', '01/01/2020']);
  assert.ok(lac.id);
  // 3. Organizations from template 2025 for both wards.
  assert.match(roviec(['orgs', 'template', '--ward', '00091', '--template', '2025', '--from', '01/01/2020']), /\d+/);
  roviec(['orgs', 'template', '--ward', '00092', '--template', '2025', '--from', '01/01/2020']);
  const orgsBinh = await count('organization', '00091');
  const orgsLac = await count('organization', '00092');
  assert.ok(orgsBinh > orgsLac && orgsLac > 10, `${orgsBinh} and ${orgsLac} organizations`);
  // 4. People from Excel: 30 in Hòa Bình, 12 in Hòa Lạc.
  roviec(['people', 'import', '--ward', '00091', '--file', await peopleFile('hoa-binh.xlsx', 30, 'Trần Thị Thu Hà', 'Nguyễn')]);
  roviec(['people', 'import', '--ward', '00092', '--file', await peopleFile('hoa-lac.xlsx', 12, 'Lê Thị Mai', 'Phạm')]);
  assert.equal(await count('person', '00091'), 30);
  assert.equal(await count('person', '00092'), 12);
  // 5. An invitation: the link is printed once and activates over HTTP.
  const out = roviec(['user', 'invite', '--ward', '00091', '--person', 'Trần Thị Thu Hà', '--username', 'tran.thi.thu.ha', '--role', 'org_head', '--org', 'Hội LHPN']);
  const link = out.match(/https:\/\/hoabinh\.example\.vn\/activate\/\S+/)?.[0];
  assert.ok(link, out);
  const { app } = await buildApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: tdb.url, ROVIEC_DEMO: '0' }), openDb(tdb.url));
  try {
    const page = await app.inject({ method: 'GET', url: new URL(link).pathname });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Trần Thị Thu Hà/);
  } finally {
    await app.close();
  }
  // 6. Hòa Lạc merged into Hòa Bình on 01/07/2025: every person and organization moves, nothing lost.
  assert.match(roviec(['unit', 'merge', '--code', '00092', '--into', '00091', '--from', '01/07/2025']), /\d/);
  assert.equal(await count('person', '00091'), 42);
  assert.equal(await count('person', '00092'), 0);
  assert.equal(await count('organization', '00091'), orgsBinh + orgsLac);
  const before = roviec(['unit', 'list', '--code', '01', '--on', '30/06/2025']);
  assert.match(before, /Phường Hòa Bình/);
  assert.match(before, /Phường Hòa Lạc/);
  const afterMerge = roviec(['unit', 'list', '--code', '01', '--on', '01/07/2025']);
  assert.match(afterMerge, /Phường Hòa Bình/);
  assert.doesNotMatch(afterMerge, /Phường Hòa Lạc/);
});
