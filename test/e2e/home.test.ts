// Browser journey (issue 11 item 1, D49): each demo role logs in, lands on "Việc của tôi", and
// follows the first action the page offers; the home page at 360 and 1366 px (screenshots in
// /tmp/shots-home/), no serious accessibility problem, nothing sticking out sideways on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startTestApp, type TestApp } from '../support/app.ts';
import { clickAndLoad, launchBrowser, overflowing, seriousAxe, signIn, type LaunchedBrowser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import type { Actor } from '../../src/platform/actor.ts';
import { addDays, todayInVietnam } from '../../src/lib/vi/index.ts';
import { taskPlan } from '../../src/features/programmes/schema.ts';
import { createProgramme, createTask, submitProgramme } from '../../src/features/programmes/service.ts';

const SHOTS = '/tmp/shots-home';
let t: TestApp;
let browser: LaunchedBrowser;

before(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
  // Hội LHPN's head submits this year's programme: the Standing Committee has something to approve.
  const pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'phunu').executeTakeFirstOrThrow();
  const mai = (await t.db.selectFrom('app_user').select('person_id').where('username', '=', 'hoivien').executeTakeFirstOrThrow()).person_id as string;
  const head: Actor = { userId: u.id, label: u.display_name, wardId: t.wardA, roles: new Set(['org_head']), headOf: [pn], memberOf: [], ip: null };
  const today = todayInVietnam();
  const pid = await createProgramme(t.db, head, { org_id: pn, year: Number(today.slice(0, 4)), title: 'Chương trình công tác năm nay của Hội LHPN', source_ids: [] });
  await createTask(
    t.db,
    head,
    pid,
    taskPlan({ title: 'Tuyên truyền phòng chống bạo lực gia đình', description: 'Mỗi chi hội một buổi.', owner_person_id: mai, lead_org_id: pn, start_on: addDays(today, -60), due_on: addDays(today, 3) < `${today.slice(0, 4)}-12-31` ? addDays(today, 3) : `${today.slice(0, 4)}-12-31`, result_kind: 'deliverable', deliverable: 'Báo cáo', milestones: [{ month: addDays(today, -35).slice(0, 7), planned_percent: 50, title: null }] }),
  );
  const version = (await t.db.selectFrom('programme').select('version').where('id', '=', pid).executeTakeFirstOrThrow()).version;
  await submitProgramme(t.db, head, pid, { version, comment: null });
});
after(async () => {
  await browser?.close();
  await t?.close();
});

// Each role and the first action its home offers (the first link of the first section with one).
const ROLES: { user: string; first: RegExp }[] = [
  { user: 'thuongvu', first: /\/app\/programmes\/dashboard/ },
  { user: 'vanphong', first: /\/app\/portal\/articles\/[0-9a-f-]{36}$/ },
  // A task: its progress form, or its page when it is rolled up from sub-tasks (it takes no report of its own).
  { user: 'phunu', first: /\/app\/tasks\/[0-9a-f-]{36}(#progress)?$/ },
  { user: 'hoivien', first: /\/app\/tasks\/[0-9a-f-]{36}(#progress)?$/ },
  { user: 'bientap', first: /\/app\/portal\/articles\/new$/ },
  { user: 'quantri', first: /\/app\/programmes\/[0-9a-f-]{36}$/ },
];

for (const { user, first } of ROLES) {
  test(`${user}: log in → "Việc của tôi" → the first action offered`, async () => {
    for (const width of [360, 1366]) {
      const page = await signIn(browser, t.base, user, DEMO_PASSWORD, width);
      assert.match(page.url(), /\/app$/);
      await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/${user}-${width}.png`, fullPage: true });
      assert.deepEqual(await seriousAxe(page), [], `${user} ${width}: accessibility`);
      if (width === 360) assert.deepEqual(await overflowing(page), [], `${user} 360: nothing sticks out`);
      if (width === 1366) {
        const link = page.locator('main section a').first();
        const href = (await link.getAttribute('href')) ?? '';
        assert.match(href, first, `${user}: the first action`);
        const [res] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest()), clickAndLoad(page, link)]);
        assert.equal(res.status(), 200, `${user}: ${href}`);
        await page.screenshot({ path: `${SHOTS}/${user}-action-${width}.png`, fullPage: false });
        assert.doesNotMatch(await page.title(), /Lỗi|Không tìm thấy|không có quyền/i);
      }
      await page.close();
    }
  });
}
