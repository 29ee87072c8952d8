// The command runner and its write guard, on the database under test (SQLite or PostgreSQL).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../test/support/app.ts';
import { newId, nowIso } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { CommandViolation, markAccessChecked, markSystem, runCommand, runMaintenance, WriteGuardPlugin } from './command.ts';

let t: TestDb;
let db: Db;
const system = { userId: null, label: 'Hệ thống', wardId: null as unknown as string, ip: null };

const newSetting = () => ({ key: 'test-' + newId(), value: 'x' });
const unitRow = (name: string) => ({ id: newId(), name, kind: 'to_dan_pho', code: null, ward_id: null, is_ward: 0, valid_from: '2020-01-01', valid_to: null, search_text: name, created_at: nowIso(), updated_at: nowIso() });

before(async () => {
  t = await createTestDb();
  db = t.db.withPlugin(new WriteGuardPlugin());
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

async function unitCount(name: string): Promise<number> {
  const r = await t.db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', name).executeTakeFirstOrThrow();
  return Number(r.n);
}

test('a command commits its change together with its audit event', async () => {
  const name = 'Tổ dân phố ' + newId();
  await runCommand(db, system, 'unit.create', async (c) => {
    markSystem(c.actor);
    await c.trx.insertInto('unit').values(unitRow(name)).execute();
    await c.audit({ action: 'unit.create', entityType: 'unit', entityId: null, summary: name });
  });
  assert.equal(await unitCount(name), 1);
  const audits = await t.db.selectFrom('audit_event').select('summary').where('summary', '=', name).execute();
  assert.equal(audits.length, 1);
});

test('a failing audit write rolls the change back', async () => {
  const name = 'Tổ dân phố ' + newId();
  await assert.rejects(
    runCommand(db, system, 'unit.create', async (c) => {
      markSystem(c.actor);
      await c.trx.insertInto('unit').values(unitRow(name)).execute();
      // An audit event that the database refuses (action is NOT NULL).
      await c.audit({ action: null as unknown as string, entityType: 'unit', entityId: null });
    }),
  );
  assert.equal(await unitCount(name), 0, 'the unit written before the failed audit is gone');
});

test('a command that writes without an audit event is refused and rolled back', async () => {
  const name = 'Tổ dân phố ' + newId();
  await assert.rejects(
    runCommand(db, system, 'unit.create', async (c) => {
      markSystem(c.actor);
      await c.trx.insertInto('unit').values(unitRow(name)).execute();
    }),
    CommandViolation,
  );
  assert.equal(await unitCount(name), 0);
});

test('a write before the access check is refused', async () => {
  const name = 'Tổ dân phố ' + newId();
  await assert.rejects(
    runCommand(db, system, 'unit.create', async (c) => {
      await c.trx.insertInto('unit').values(unitRow(name)).execute();
    }),
    /before checking access/,
  );
  assert.equal(await unitCount(name), 0);
});

test('markSystem is refused for a signed-in actor', async () => {
  await assert.rejects(
    runCommand(db, { ...system, userId: newId() }, 'x', async (c) => markSystem(c.actor)),
    CommandViolation,
  );
});

test('writes outside any command or maintenance are refused, raw SQL included', async () => {
  await assert.rejects(db.insertInto('unit').values(unitRow('x')).execute(), /outside a command/);
  await assert.rejects(db.updateTable('unit').set({ name: 'y' }).where('name', '=', 'nobody').execute(), /outside a command/);
  await assert.rejects(db.deleteFrom('unit').where('name', '=', 'nobody').execute(), /outside a command/);
  await assert.rejects(sql`update unit set name = 'y' where name = 'nobody'`.execute(db), /outside a command/);
  await assert.rejects(db.insertInto('app_setting').values(newSetting()).execute(), /outside runMaintenance/);
  // Reads pass.
  await db.selectFrom('unit').select('id').limit(1).execute();
});

test('maintenance writes infrastructure rows without an audit event', async () => {
  const row = newSetting();
  await runMaintenance(db, 'test.setting', (q) => q.insertInto('app_setting').values(row).execute());
  const got = await t.db.selectFrom('app_setting').select('value').where('key', '=', row.key).executeTakeFirst();
  assert.equal(got?.value, 'x');
});

test('a command called inside a command joins its transaction', async () => {
  const name = 'Tổ dân phố ' + newId();
  await assert.rejects(
    runCommand(db, system, 'outer', async (c) => {
      markAccessChecked();
      await runCommand(c.trx, c.actor, 'inner', async (inner) => {
        await inner.trx.insertInto('unit').values(unitRow(name)).execute();
        await inner.audit({ action: 'unit.create', entityType: 'unit', entityId: null, summary: name });
      });
      throw new Error('the outer command fails after the inner one wrote');
    }),
    /outer command fails/,
  );
  assert.equal(await unitCount(name), 0, 'the inner write rolled back with the outer command');
});
