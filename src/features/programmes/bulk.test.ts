// Approve or return several tasks at once (issue 11 item 4, D53): confirm names them, each task
// goes through its own command, a refused one is reported; CSRF; a role that may not gets 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let pn: string;
let mai: string;
before(async () => {
  t = await startTestApp();
  pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

const idIn = (loc: string | null) => /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(loc ?? '')?.[1] as string;
async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}
const full = (title: string, y: number) => ({ title, description: 'Cách làm rõ ràng', owner_person_id: mai, lead_org_id: pn, start_on: `01/03/${y}`, due_on: `30/06/${y}`, m06: '100', result_kind: 'deliverable', deliverable: 'Báo cáo' });
const approval = async (id: string) => (await t.db.selectFrom('task').select('approval').where('id', '=', id).executeTakeFirstOrThrow()).approval;

test('several submitted tasks approved at once; one not submitted is reported as refused; CSRF and roles hold', async () => {
  const head = await login('phunu');
  const made0 = await head.post('/app/programmes', { org_id: pn, year: 2015, title: 'Chương trình 2015' });
  assert.equal(made0.status, 303);
  const pid = idIn(made0.location);
  const ids: string[] = [];
  const y = 2015;
  for (const title of ['Việc A', 'Việc B', 'Việc C']) {
    const made = await head.post(`/app/programmes/${pid}/tasks`, full(title, y));
    assert.equal(made.status, 303, /error-summary">(.*?)<\/ul>/.exec(made.text)?.[1]);
    const id = idIn(made.location);
    if (title !== 'Việc C') assert.equal((await head.post(`/app/tasks/${id}/submit`, { version: 1 })).status, 303);
    ids.push(id);
  }
  // The association's head approves only its branches' tasks (D50): these are not in her list, and approving them is refused one by one.
  const headList = await head.get('/app/tasks/approvals');
  assert.equal(headList.status, 200);
  assert.doesNotMatch(headList.text, /Việc A/);
  const headTry = await head.post('/app/tasks/approvals', { ids, action: 'approve', confirm: '1' });
  assert.equal(headTry.status, 303);
  assert.match((await head.get('/app/tasks/approvals')).text, /3 nhiệm vụ không thể phê duyệt: «Việc A» \(Tài khoản của bạn không có quyền/);
  // A member and the office may not approve at all: the list and the post are refused (403).
  for (const who of ['hoivien', 'vanphong']) {
    const c = await login(who);
    assert.equal((await c.get('/app/tasks/approvals')).status, 403, who);
    assert.equal((await c.post('/app/tasks/approvals', { ids, action: 'approve', confirm: '1' })).status, 403, who);
  }
  assert.equal(await approval(ids[0] as string), 'submitted');
  const sc = await login('thuongvu');
  const list = await sc.get('/app/tasks/approvals');
  assert.equal(list.status, 200);
  assert.match(list.text, /Việc A[^]*Việc B/);
  assert.doesNotMatch(list.text, /Việc C/);
  // Without CSRF: refused, nothing changed.
  assert.equal((await sc.post('/app/tasks/approvals', { ids, action: 'approve', confirm: '1' }, { csrf: false })).status, 403);
  assert.equal(await approval(ids[0] as string), 'submitted');
  // Nothing chosen: 400 with the reason.
  const none = await sc.post('/app/tasks/approvals', { action: 'approve' });
  assert.equal(none.status, 400);
  assert.match(none.text, /Chưa chọn mục nào/);
  // The confirm step names how many and which.
  const confirm = await sc.post('/app/tasks/approvals', { ids, action: 'approve' });
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /Phê duyệt 3 nhiệm vụ sau\?/);
  assert.match(confirm.text, /Việc A[^]*Việc B[^]*Việc C/);
  assert.equal(await approval(ids[0] as string), 'submitted', 'the confirm page changes nothing');
  const done = await sc.post('/app/tasks/approvals', { ids, action: 'approve', confirm: '1' });
  assert.equal(done.status, 303);
  assert.deepEqual(await Promise.all(ids.map(approval)), ['approved', 'approved', 'draft']);
  const after = await sc.get(done.location as string);
  assert.match(after.text, /Đã phê duyệt 2 nhiệm vụ; 1 nhiệm vụ không thể phê duyệt: «Việc C» \(Nhiệm vụ chưa được trình duyệt\)\./);
  const audits = await t.db.selectFrom('audit_event').select('action').where('entity_id', 'in', ids).where('action', '=', 'task.approve').execute();
  assert.equal(audits.length, 2);
});

test('several tasks returned with one comment; a return without a comment stays on the confirm page (400)', async () => {
  const head = await login('phunu');
  const pid = idIn((await head.post('/app/programmes', { org_id: pn, year: 2014, title: 'Chương trình 2014' })).location);
  const ids: string[] = [];
  const y = 2014;
  for (const title of ['Việc X', 'Việc Y']) {
    const made = await head.post(`/app/programmes/${pid}/tasks`, full(title, y));
    assert.equal(made.status, 303, /error-summary">(.*?)<\/ul>/.exec(made.text)?.[1]);
    const id = idIn(made.location);
    assert.equal((await head.post(`/app/tasks/${id}/submit`, { version: 1 })).status, 303);
    ids.push(id);
  }
  const sc = await login('thuongvu');
  const bare = await sc.post('/app/tasks/approvals', { ids, action: 'return', confirm: '1', comment: '' });
  assert.equal(bare.status, 400);
  assert.match(bare.text, /Trả lại 2 nhiệm vụ sau\?/);
  assert.deepEqual(await Promise.all(ids.map(approval)), ['submitted', 'submitted']);
  const done = await sc.post('/app/tasks/approvals', { ids, action: 'return', confirm: '1', comment: 'Bổ sung chỉ tiêu cụ thể' });
  assert.equal(done.status, 303);
  assert.deepEqual(await Promise.all(ids.map(approval)), ['returned', 'returned']);
  assert.match((await sc.get('/app/tasks/approvals')).text, /Đã trả lại 2 nhiệm vụ\./);
});

test("a branch's tasks are approved in bulk by its association's head (mayApprove); the link shows only to those who may approve", async () => {
  const head = await login('phunu');
  const branch = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('name', '=', 'Chi hội Phụ nữ Tổ dân phố số 1').executeTakeFirstOrThrow()).id;
  const made0 = await head.post('/app/programmes', { org_id: branch, year: 2013, title: 'Chương trình Chi hội 2013' });
  assert.equal(made0.status, 303);
  const pid = idIn(made0.location);
  const made = await head.post(`/app/programmes/${pid}/tasks`, { ...full('Việc chi hội', 2013), lead_org_id: branch });
  assert.equal(made.status, 303, /error-summary">(.*?)<\/ul>/.exec(made.text)?.[1]);
  const id = idIn(made.location);
  assert.equal((await head.post(`/app/tasks/${id}/submit`, { version: 1 })).status, 303);
  // The Standing Committee does not approve a branch's work: not in its list.
  const sc = await login('thuongvu');
  assert.doesNotMatch((await sc.get('/app/tasks/approvals')).text, /Việc chi hội/);
  const list = await head.get('/app/tasks/approvals');
  assert.match(list.text, /Việc chi hội/);
  const done = await head.post('/app/tasks/approvals', { ids: [id], action: 'approve', confirm: '1' });
  assert.equal(done.status, 303);
  assert.equal(await approval(id), 'approved');
  assert.match((await head.get('/app/tasks/approvals')).text, /Đã phê duyệt 1 nhiệm vụ\./);
  // The link: on the task list and the programme page for those who may approve, never for the others.
  for (const [who, shown] of [['phunu', true], ['thuongvu', true], ['hoivien', false], ['vanphong', false]] as const) {
    const c = who === 'phunu' ? head : await login(who);
    for (const page of ['/app/tasks?year=2013', `/app/programmes/${pid}`]) {
      const res = await c.get(page);
      assert.equal(res.status, 200, `${who} ${page}`);
      assert.equal(res.text.includes('href="/app/tasks/approvals"'), shown, `${who} ${page}`);
    }
  }
});
