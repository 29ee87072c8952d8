// Access checks (platform/access.ts) on the database under test (SQLite or PostgreSQL).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../test/support/app.ts';
import { newId, nowIso } from '../db/dialect.ts';
import type { Role } from './auth/roles.ts';
import { allowedIds, hasAccess, memberOrgs, requireAccess, writableOrgs, type AccessActor } from './access.ts';
import { markSystem, runCommand, runMaintenance } from './command.ts';
import { AppError } from './errors.ts';

let t: TestDb;
const ward = newId();
// party (P) > cell (C) > group (G); front (F) beside it.
const P = newId();
const C = newId();
const G = newId();
const F = newId();

const actor = (roles: Role[], headOf: string[] = [], memberOf: string[] = []): AccessActor => ({ userId: newId(), wardId: ward, roles: new Set(roles), headOf, memberOf });

before(async () => {
  t = await createTestDb();
  await runMaintenance(t.db, 'test.fixture', async (q) => {
    await q.insertInto('unit').values({ id: ward, name: 'Phường thử', kind: 'phuong', code: null, ward_id: null, is_ward: 1, valid_from: '2020-01-01', valid_to: null, search_text: 'phuong thu', created_at: nowIso(), updated_at: nowIso() }).execute();
    const org = (id: string, parent: string | null, name: string) => ({ id, ward_id: ward, unit_id: ward, parent_id: parent, kind: 'association', name, short_name: null, higher_body: null, valid_from: '2020-01-01', valid_to: null, search_text: name, created_at: nowIso(), updated_at: nowIso() });
    await q.insertInto('organization').values([org(P, null, 'P'), org(C, P, 'C'), org(G, C, 'G'), org(F, null, 'F')]).execute();
  });
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

test('org.write: admin and office everything, org_head its subtree, others nothing', async () => {
  assert.equal(await writableOrgs(t.db, actor(['office'])), 'all');
  assert.deepEqual([...((await writableOrgs(t.db, actor(['org_head'], [C]))) as Set<string>)].sort(), [C, G].sort());
  assert.equal(((await writableOrgs(t.db, actor(['member'], [], [C]))) as Set<string>).size, 0);
  const head = actor(['org_head'], [C]);
  assert.deepEqual([...(await allowedIds(t.db, head, 'org.write', [P, C, G, F, null]))].sort(), [C, G].sort());
  assert.equal(await hasAccess(t.db, head, 'org.write', [C, G]), true);
  assert.equal(await hasAccess(t.db, head, 'org.write', [C, P]), false);
  assert.equal(await hasAccess(t.db, head, 'org.write', [C, P], { some: true }), true);
  assert.equal(await hasAccess(t.db, head, 'org.write'), false, 'without ids an organization permission is ward-wide');
  assert.equal(await hasAccess(t.db, actor(['admin']), 'org.write'), true);
});

test('org.report: writers and members of the organization or one above it', async () => {
  const member = actor(['member'], [], [C]);
  assert.deepEqual([...(await memberOrgs(t.db, member))].sort(), [C, G].sort());
  assert.deepEqual([...(await allowedIds(t.db, member, 'org.report', [P, C, G, F]))].sort(), [C, G].sort());
  assert.equal(await hasAccess(t.db, member, 'org.write', [G]), false);
  const both = actor(['org_head', 'member'], [F], [G]);
  assert.deepEqual([...(await allowedIds(t.db, both, 'org.report', [P, C, G, F]))].sort(), [G, F].sort());
});

test('role permissions follow the glossary roles', async () => {
  assert.equal(await hasAccess(t.db, actor(['standing']), 'approve'), true);
  assert.equal(await hasAccess(t.db, actor(['office']), 'approve'), false);
  assert.equal(await hasAccess(t.db, actor(['editor']), 'portal.edit'), true);
  assert.equal(await hasAccess(t.db, actor(['editor']), 'portal.publish'), false);
  assert.equal(await hasAccess(t.db, actor(['office']), 'ward.admin'), false);
  assert.equal(await hasAccess(t.db, actor(['office']), 'ward.office'), true);
  assert.equal(await hasAccess(t.db, actor(['member']), 'audit.read'), false);
});

test('requireAccess throws 403 and lets a command write only after it passed', async () => {
  const head = actor(['org_head'], [C]);
  await assert.rejects(requireAccess(t.db, head, 'org.write', [F]), (e) => e instanceof AppError && e.status === 403);
  const system = { userId: null, label: 'x', wardId: ward, ip: null };
  const name = await runCommand(t.db, system, 'org.rename', async (c) => {
    await requireAccess(c.trx, head, 'org.write', [G]);
    await c.trx.updateTable('organization').set({ name: 'G2' }).where('id', '=', G).execute();
    await c.audit({ action: 'org.update', entityType: 'organization', entityId: G });
    return 'G2';
  });
  assert.equal(name, 'G2');
});

test('a scope is memoized per actor and recomputed after a command', async () => {
  const head = actor(['org_head'], [F]);
  const first = await writableOrgs(t.db, head);
  assert.equal(await writableOrgs(t.db, head), first, 'the same set, not a second query');
  const branch = newId();
  await runCommand(t.db, { userId: null, label: 'x', wardId: ward, ip: null }, 'org.create', async (c) => {
    markSystem(c.actor);
    await c.trx.insertInto('organization').values({ id: branch, ward_id: ward, unit_id: ward, parent_id: F, kind: 'association', name: 'F1', short_name: null, higher_body: null, valid_from: '2020-01-01', valid_to: null, search_text: 'f1', created_at: nowIso(), updated_at: nowIso() }).execute();
    await c.audit({ action: 'org.create', entityType: 'organization', entityId: branch });
  });
  assert.ok(((await writableOrgs(t.db, head)) as Set<string>).has(branch), 'the new branch is writable on the next check');
});
