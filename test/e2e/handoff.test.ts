// Browser journey (issue 11 items 2 and 5, D50): the head of Hội LHPN submits a programme; a
// Standing Committee member sees the unread notification, opens it, tries to return without a
// comment (refused, naming the box), returns it with a comment; the head sees the return with the
// comment in her notifications. Screenshots at 1366 and 360 px in /tmp/shots-notify/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, signIn, type LaunchedBrowser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import type { Actor } from '../../src/platform/actor.ts';
import * as prog from '../../src/features/programmes/service.ts';
import { taskPlan } from '../../src/features/programmes/schema.ts';

const SHOTS = process.env.ROVIEC_SHOTS_DIR ?? '/tmp/shots-notify';
let t: TestApp;
let browser: LaunchedBrowser;
before(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await t?.close();
});

const login = (username: string, width = 1366): Promise<Page> => signIn(browser, t.base, username, DEMO_PASSWORD, width);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const TITLE = 'Chương trình công tác năm 2018 của Hội Liên hiệp Phụ nữ phường';
const COMMENT = 'Đề nghị bổ sung kinh phí và người phụ trách từng hoạt động';

test('a head submits a programme → the Standing Committee sees the notification → returns it with a comment → the head sees it', async () => {
  // A draft programme of Hội LHPN with one six-clear task, made by its head.
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'phunu').executeTakeFirstOrThrow();
  const pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  const mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
  const head: Actor = { userId: u.id, label: u.display_name, wardId: t.wardA, roles: new Set(['org_head']), headOf: [pn], memberOf: [], ip: '127.0.0.1' };
  const pid = await prog.createProgramme(t.db, head, { org_id: pn, year: 2018, title: TITLE, source_ids: [] });
  await prog.createTask(t.db, head, pid, taskPlan({ title: 'Tuyên truyền phòng chống bạo lực gia đình', description: 'Mỗi chi hội một buổi.', owner_person_id: mai, lead_org_id: pn, start_on: '2018-02-01', due_on: '2018-11-30', result_kind: 'deliverable', deliverable: 'Báo cáo kết quả', milestones: [{ month: '2018-06', planned_percent: 50, title: null }] }));

  // 1. The head submits: the button says what it does and to whom; the confirmation says it went to the Standing Committee.
  const ha = await login('phunu');
  await ha.goto(`/app/programmes/${pid}`);
  await ha.getByText('Chương trình sẽ được trình Ban Thường vụ duyệt.').waitFor();
  await ha.getByRole('button', { name: 'Trình duyệt chương trình' }).click();
  await ha.getByRole('status').getByText('Đã trình Ban Thường vụ duyệt.').waitFor();
  await shot(ha, 'handoff-1-submitted-1366');

  // 2. The Standing Committee member sees the unread notification and opens it.
  for (const width of [1366, 360]) {
    const btv = await login('thuongvu', width);
    await btv.goto('/app/notifications');
    await btv.getByText('1 thông báo chưa đọc', { exact: true }).waitFor(); // the page's lead, not the header's count
    await btv.getByRole('link', { name: `Hội Liên hiệp Phụ nữ phường trình duyệt chương trình «${TITLE}».` }).waitFor();
    await shot(btv, `handoff-2-notification-${width}`);
    if (width === 360) break;
    await btv.getByRole('link', { name: /trình duyệt chương trình/ }).click();
    await btv.waitForURL(new RegExp(`/app/programmes/${pid}`));
    // 3. Returning without a comment is refused, naming the box; with the comment it goes back.
    await btv.getByRole('button', { name: 'Trả lại', exact: true }).click();
    const alert = btv.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Trả lại cần ghi ý kiến: ô «Ý kiến» đang để trống\./);
    await btv.getByLabel('Ý kiến').fill(COMMENT);
    await shot(btv, 'handoff-3-approval-box-1366');
    await btv.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await btv.getByRole('status').getByText('Đã trả lại cho Hội Liên hiệp Phụ nữ phường, kèm ý kiến.').waitFor();
    await shot(btv, 'handoff-4-returned-1366');
  }

  // 4. The head sees the return, with the comment, in her notifications (phone width too).
  for (const width of [1366, 360]) {
    const page = width === 1366 ? ha : await login('phunu', width);
    await page.goto('/app/notifications');
    await page.getByRole('link', { name: `Chương trình «${TITLE}» bị trả lại. Ý kiến: ${COMMENT}` }).waitFor();
    await shot(page, `handoff-5-head-sees-return-${width}`);
  }
  const row = await t.db.selectFrom('programme').select('status').where('id', '=', pid).executeTakeFirstOrThrow();
  assert.equal(row.status, 'returned');
  // 5. Marking it read.
  await ha.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).click();
  await ha.getByRole('status').getByText('Đã đánh dấu đã đọc tất cả thông báo.').waitFor();

  // 6. She chooses a daily summary instead of a mail per notification.
  for (const width of [1366, 360]) {
    const page = width === 1366 ? ha : await login('phunu', width);
    await page.goto('/app/account');
    await page.getByRole('group', { name: 'Nhận thư' }).getByLabel('tóm tắt hằng ngày').check();
    await page.getByRole('button', { name: 'Lưu cách nhận thư' }).click();
    await page.getByRole('status').getByText('Đã lưu: anh/chị nhận một thư tóm tắt mỗi ngày.').waitFor();
    await shot(page, `handoff-6-mail-setting-${width}`);
  }
  const mode = await t.db.selectFrom('app_user').select('mail_mode').where('username', '=', 'phunu').executeTakeFirstOrThrow();
  assert.equal(mode.mail_mode, 'digest');
});
