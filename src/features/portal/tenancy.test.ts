// Tenancy of the public site (issue 8 kind 13, docs/DESIGN.md D29): every public route, asked with a
// forged Host header and with another ward's ids and slugs, answers only with the data of the
// ward whose site the host chose, and every absolute URL it writes comes from the configured
// origin (ROVIEC_PUBLIC_URL and portal_site.host), never from the request. Files of the portal are
// served with their owner's access (role × file kind × owner state).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { addAttachment, addImage } from './files.ts';
import { createDisclosure } from './disclosures/service.ts';
import { siteOrigin } from './routes-public.tsx';
import { pngHeader } from '../../../test/support/png.ts';

const ORIGIN = 'https://dongtam.example.vn';
const FORGED = 'evil.example';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let t: TestApp;
/** Ward A's things (the default site) and ward B's (vinhtuy.localhost). */
const A = { article: '', slug: '', draft: '', category: '', disclosure: '', disclosureSlug: '', upcoming: '', pubImage: '', pubFile: '', draftImage: '', draftFile: '', discFile: '', upcomingFile: '', feed: '' };
const B = { article: '', slug: '', disclosureSlug: '' };

before(async () => {
  t = await startTestApp({ config: { publicUrl: ORIGIN } });
  const db = t.db;
  const actor = systemActor(t.wardA);
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a51d1d' } }).png().toBuffer();
  const pub = await db.selectFrom('article').select(['id', 'slug', 'category_id']).where('ward_id', '=', t.wardA).where('status', '=', 'published').orderBy('published_at', 'desc').executeTakeFirstOrThrow();
  const draft = await db.selectFrom('article').select('id').where('ward_id', '=', t.wardA).where('status', '=', 'draft').executeTakeFirstOrThrow();
  Object.assign(A, { article: pub.id, slug: pub.slug, category: pub.category_id, draft: draft.id });
  const cat = await db.selectFrom('portal_category').select('slug').where('id', '=', pub.category_id).executeTakeFirstOrThrow();
  A.category = cat.slug;
  const img = (owner: { type: 'article' | 'disclosure'; id: string }) => addImage(db, actor, t.config.filesDir, owner, { filename: 'anh.png', data: png, truncated: false }, { alt: 'Ảnh', caption: null });
  const att = (owner: { type: 'article' | 'disclosure'; id: string }) => addAttachment(db, actor, t.config.filesDir, owner, { filename: 'ke-hoach.pdf', data: PDF, truncated: false }, 'Kế hoạch');
  A.pubImage = await img({ type: 'article', id: A.article });
  A.pubFile = await att({ type: 'article', id: A.article });
  A.draftImage = await img({ type: 'article', id: A.draft });
  A.draftFile = await att({ type: 'article', id: A.draft });
  const disc = await db.selectFrom('disclosure').select(['id', 'slug']).where('ward_id', '=', t.wardA).where('withdrawn_on', 'is', null).where('posted_on', '<=', new Date().toISOString().slice(0, 10)).executeTakeFirstOrThrow();
  Object.assign(A, { disclosure: disc.id, disclosureSlug: disc.slug });
  A.discFile = await att({ type: 'disclosure', id: disc.id });
  A.upcoming = await createDisclosure(db, actor, { kind: 'budget', title: 'Dự toán năm sau (chưa niêm yết)', description: null, posted_on: '2999-01-01', duration_days: 30, forms: ['website'], article_id: null });
  A.upcomingFile = await att({ type: 'disclosure', id: A.upcoming });

  const bArt = await db.selectFrom('article').select(['id', 'slug']).where('ward_id', '=', t.wardB).where('status', '=', 'published').executeTakeFirst();
  if (bArt) Object.assign(B, { article: bArt.id, slug: bArt.slug });
  // A disclosure of ward B pointing at ward A's article (a row no form can make: the side door of the
  // disclosure page, which used to look the article up by id alone).
  const bActor = systemActor(t.wardB);
  const bDisc = await createDisclosure(db, bActor, { kind: 'other', title: 'Thông báo của phường Vĩnh Tuy', description: null, posted_on: '2020-01-01', duration_days: 3650, forms: ['website'], article_id: null });
  await runMaintenance(db, 'test: cross-ward link', (q) => q.updateTable('disclosure').set({ article_id: A.article }).where('ward_id', '=', t.wardB).where('id', '=', bDisc).execute());
  B.disclosureSlug = (await db.selectFrom('disclosure').select('slug').where('ward_id', '=', t.wardB).where('id', '=', bDisc).executeTakeFirstOrThrow()).slug;
});
after(async () => t.close());

const get = (url: string, host: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { host, ...headers } });

/** Absolute URLs in a body must be of the configured origins only. */
/** A share link (Facebook, Zalo: plain links, D55) counts by the address it shares. */
function shared(u: string): string {
  const m = /^https:\/\/(?:www\.facebook\.com\/sharer\/sharer\.php\?u=|zalo\.me\/share\?url=)([^&]*)/.exec(u.replaceAll('&amp;', '&'));
  return m ? decodeURIComponent(m[1] as string) : u;
}
function foreignUrls(body: string): string[] {
  return [...body.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => shared(m[0])).filter((u) => !u.startsWith(ORIGIN) && !u.startsWith('https://vinhtuy.localhost') && !/^https?:\/\/(www\.w3\.org|www\.sitemaps\.org|purl\.org)\//.test(u));
}

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

test('siteOrigin: the site host with the configured scheme and port; the public URL for the default site', () => {
  assert.equal(siteOrigin({ host: null }, 'https://dongtam.gov.vn'), 'https://dongtam.gov.vn');
  assert.equal(siteOrigin({ host: 'vinhtuy.gov.vn' }, 'https://dongtam.gov.vn'), 'https://vinhtuy.gov.vn');
  assert.equal(siteOrigin({ host: 'vinhtuy.localhost' }, 'http://localhost:3000'), 'http://vinhtuy.localhost:3000');
});

/**
 * Each public GET route with a forged Host (the default site answers, with our origin) and, where
 * it takes an id or slug, with ward A's id asked on ward B's host (404, nothing of A).
 */
const PUBLIC_CASES: Record<string, () => Promise<void>> = {
  '/': async () => {
    const r = await get('/', FORGED);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, new RegExp(`<link rel="canonical" href="${ORIGIN}/"`));
  },
  '/bai-viet/:slug': async () => {
    const r = await get(`/bai-viet/${A.slug}`, FORGED);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, new RegExp(`<meta property="og:url" content="${ORIGIN}/bai-viet/`));
    assert.match(r.body, new RegExp(`<meta property="og:image" content="${ORIGIN}/media/`));
    assert.equal((await get(`/bai-viet/${A.slug}`, 'vinhtuy.localhost')).statusCode, 404);
    if (B.slug) assert.match((await get(`/bai-viet/${B.slug}`, 'vinhtuy.localhost')).body, /<link rel="canonical" href="https:\/\/vinhtuy\.localhost\/bai-viet\//);
  },
  '/bai-viet/:slug/xem.gif': async () => {
    // The counter counts only an article of the site's own ward: another ward's slug is not found.
    assert.equal((await get(`/bai-viet/${A.slug}/xem.gif`, FORGED)).statusCode, 200);
    assert.equal((await get(`/bai-viet/${A.slug}/xem.gif`, 'vinhtuy.localhost')).statusCode, 404);
  },
  '/chuyen-muc/:slug': async () => {
    const r = await get(`/chuyen-muc/${A.category}`, FORGED);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, new RegExp(`<link rel="canonical" href="${ORIGIN}/chuyen-muc/`));
    assert.doesNotMatch((await get(`/chuyen-muc/${A.category}`, 'vinhtuy.localhost')).body, new RegExp(A.slug));
  },
  '/chuyen-muc/:slug/atom.xml': async () => {
    const r = await get(`/chuyen-muc/${A.category}/atom.xml`, FORGED);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, new RegExp(`<id>${ORIGIN}/chuyen-muc/`));
    assert.doesNotMatch((await get(`/chuyen-muc/${A.category}/atom.xml`, 'vinhtuy.localhost')).body, new RegExp(A.slug));
  },
  '/atom.xml': async () => {
    const r = await get('/atom.xml', FORGED);
    assert.match(r.body, new RegExp(`<id>${ORIGIN}/atom.xml</id>`));
    assert.doesNotMatch((await get('/atom.xml', 'vinhtuy.localhost')).body, new RegExp(A.slug));
  },
  '/sitemap.xml': async () => {
    const r = await get('/sitemap.xml', FORGED);
    assert.match(r.body, new RegExp(`<loc>${ORIGIN}/bai-viet/${A.slug}</loc>`));
    const b = await get('/sitemap.xml', 'vinhtuy.localhost');
    assert.doesNotMatch(b.body, new RegExp(A.slug));
    assert.doesNotMatch(b.body, /dongtam/);
  },
  '/robots.txt': async () => {
    assert.match((await get('/robots.txt', FORGED)).body, new RegExp(`Sitemap: ${ORIGIN}/sitemap.xml`));
    assert.match((await get('/robots.txt', 'vinhtuy.localhost')).body, /Sitemap: https:\/\/vinhtuy\.localhost\/sitemap\.xml/);
  },
  '/tim-kiem': async () => {
    const r = await get(`/tim-kiem?q=${encodeURIComponent('Đảng ủy')}`, FORGED);
    assert.equal(r.statusCode, 200);
    assert.doesNotMatch((await get(`/tim-kiem?q=${encodeURIComponent('Đảng ủy')}`, 'vinhtuy.localhost')).body, new RegExp(A.slug));
  },
  '/cong-khai': async () => {
    assert.match((await get('/cong-khai', FORGED)).body, new RegExp(`<link rel="canonical" href="${ORIGIN}/cong-khai"`));
    assert.doesNotMatch((await get('/cong-khai', 'vinhtuy.localhost')).body, new RegExp(A.disclosureSlug));
  },
  '/cong-khai/:slug': async () => {
    assert.equal((await get(`/cong-khai/${A.disclosureSlug}`, FORGED)).statusCode, 200);
    assert.equal((await get(`/cong-khai/${A.disclosureSlug}`, 'vinhtuy.localhost')).statusCode, 404);
    // Ward B's item that names ward A's article does not link to it.
    const b = await get(`/cong-khai/${B.disclosureSlug}`, 'vinhtuy.localhost');
    assert.equal(b.statusCode, 200);
    assert.doesNotMatch(b.body, new RegExp(A.slug));
  },
  '/media/:id/:variant': async () => {
    assert.equal((await get(`/media/${A.pubImage}/480.jpg`, FORGED)).statusCode, 200);
    assert.equal((await get(`/media/${A.pubImage}/480.jpg`, 'vinhtuy.localhost')).statusCode, 404, 'ward A image on ward B host');
  },
  '/tep/:id/:name': async () => {
    assert.equal((await get(`/tep/${A.pubFile}/ke-hoach.pdf`, FORGED)).statusCode, 200);
    assert.equal((await get(`/tep/${A.pubFile}/ke-hoach.pdf`, 'vinhtuy.localhost')).statusCode, 404, 'ward A file on ward B host');
  },
  '/lich/:token.ics': async () => {
    const c = await as('vanphong');
    const created = await c.post('/app/meetings/calendar/feed');
    const token = /\/lich\/(cal_[A-Za-z0-9_-]{43})\.ics/.exec(created.text)?.[1];
    assert.ok(token, 'feed made');
    assert.match(created.text, new RegExp(`value="${ORIGIN}/lich/cal_`), 'the feed URL shown is of the configured origin');
    const r = await get(`/lich/${token}.ics`, FORGED);
    assert.equal(r.statusCode, 200);
    assert.doesNotMatch(r.body, new RegExp(FORGED));
  },
  // Routes with no ward data and no absolute URL: only the forged host is tried.
  '/healthz': async () => assert.ok((await get('/healthz', FORGED)).statusCode < 500),
  // The icon browsers ask for: a relative redirect to the static PNG (D57), never to the request's host.
  '/favicon.ico': async () => assert.doesNotMatch((await get('/favicon.ico', FORGED)).headers.location ?? '', new RegExp(FORGED)),
  '/lang/:lang': async () => assert.doesNotMatch((await get('/lang/en?next=/', FORGED)).headers.location ?? '', new RegExp(FORGED)),
  '/login': async () => assert.doesNotMatch((await get('/login', FORGED)).body, new RegExp(FORGED)),
  // An activation link (users/invite-routes.tsx): no ward's data and no URL of the request, live or not.
  '/activate/:token': async () => assert.doesNotMatch((await get(`/activate/${'x'.repeat(43)}`, FORGED)).body, new RegExp(FORGED)),
  '/api/v1/openapi.json': async () => assert.doesNotMatch((await get('/api/v1/openapi.json', FORGED)).body, new RegExp(FORGED)),
  // First-run setup (features/setup): after setup a 410 page, no ward's data and no URL of the request.
  '/setup': async () => {
    const r = await get('/setup', FORGED);
    assert.equal(r.statusCode, 410);
    assert.doesNotMatch(r.body, new RegExp(FORGED));
  },
};

test('every public route is in this test', () => {
  const routes = t.app.routeRules.filter((r) => r.access === 'public' && r.method === 'GET').map((r) => r.url);
  assert.deepEqual([...new Set(routes)].sort(), Object.keys(PUBLIC_CASES).sort(), 'a new public route needs its case above');
});

for (const [route, run] of Object.entries(PUBLIC_CASES)) {
  test(`${route}: a forged Host and another ward's ids give nothing of another ward, and no URL of the request`, async () => {
    await run();
  });
}

test('no public page writes an absolute URL other than the configured origins', async () => {
  for (const url of ['/', `/bai-viet/${A.slug}`, `/chuyen-muc/${A.category}`, '/atom.xml', '/sitemap.xml', '/cong-khai', `/cong-khai/${A.disclosureSlug}`]) {
    for (const host of [FORGED, 'vinhtuy.localhost']) {
      const r = await get(url, host, { 'x-forwarded-host': FORGED, 'x-forwarded-proto': 'gopher' });
      assert.deepEqual(foreignUrls(r.body), [], `${host}${url}`);
    }
  }
});

test('no source file builds a URL from the request (Host, X-Forwarded-Host, protocol)', () => {
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const bad: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) {
        fs.readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
          // req.hostname is read only to choose the site (siteFor, siteHost).
          if (/\breq\.(host|protocol)\b|headers\.host\b|headers\[['"]host['"]\]|x-forwarded-host/i.test(line) || (/\breq\.hostname\b/.test(line) && !/siteFor\(db, req\.hostname\)|siteHost = \(req: FastifyRequest\): string => req\.hostname\.toLowerCase\(\)/.test(line))) bad.push(`${path.relative(src, full)}:${i + 1}`);
        });
      }
    }
  };
  walk(src);
  assert.deepEqual(bad, []);
});

// ---- files with their owner's access ----------------------------------------------------------

/** Who asks: a visitor on the ward's host, a visitor on the other ward's host, staff of ward A by role, staff of ward B. */
const READERS = ['visitor', 'visitor on B', 'member', 'org_head', 'editor', 'office', 'ward B staff'] as const;
type Reader = (typeof READERS)[number];
const LOGIN: Partial<Record<Reader, string>> = { member: 'hoivien', org_head: 'phunu', editor: 'bientap', office: 'vanphong', 'ward B staff': 'vinhtuy.doan' };

test('portal files: role × file kind × owner state', async () => {
  const clients = new Map<Reader, Client>();
  for (const r of READERS) clients.set(r, LOGIN[r] ? await as(LOGIN[r] as string) : t.client());
  // app.inject, because fetch does not send a Host header of our choosing; the session cookie goes along.
  const status = async (r: Reader, url: string) => {
    const c = clients.get(r) as Client;
    const host = r === 'visitor on B' || r === 'ward B staff' ? 'vinhtuy.localhost' : 'localhost';
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return (await get(url, host, cookie ? { cookie } : {})).statusCode;
  };
  // Expected: 200 or 404, per reader, in READERS order.
  const cases: [string, string, number[]][] = [
    ['image of a published article', `/media/${A.pubImage}/480.jpg`, [200, 404, 200, 200, 200, 200, 404]],
    ['attachment of a published article', `/tep/${A.pubFile}/ke-hoach.pdf`, [200, 404, 200, 200, 200, 200, 404]],
    ['image of a draft', `/media/${A.draftImage}/1024.jpg`, [404, 404, 404, 404, 200, 200, 404]],
    ['attachment of a draft', `/tep/${A.draftFile}/ke-hoach.pdf`, [404, 404, 404, 404, 200, 200, 404]],
    ['attachment of a posted disclosure', `/tep/${A.discFile}/ke-hoach.pdf`, [200, 404, 200, 200, 200, 200, 404]],
    ['attachment of a disclosure not yet posted', `/tep/${A.upcomingFile}/ke-hoach.pdf`, [404, 404, 404, 404, 404, 200, 404]],
  ];
  const wrong: string[] = [];
  for (const [what, url, expected] of cases) {
    for (const [i, r] of READERS.entries()) {
      const got = await status(r, url);
      if (got !== expected[i]) wrong.push(`${what} as ${r}: ${got}, expected ${expected[i]}`);
    }
  }
  assert.deepEqual(wrong, []);
  // A public file is cached publicly; a file seen by staff before it is public is not.
  const pubRes = await t.client().getBuffer(`/media/${A.pubImage}/480.jpg`);
  assert.equal(pubRes.headers.get('cache-control'), 'public, max-age=604800');
  assert.equal(pubRes.headers.get('content-disposition')?.startsWith('inline;'), true);
  const draftRes = await (clients.get('editor') as Client).getBuffer(`/tep/${A.draftFile}/ke-hoach.pdf`);
  assert.equal(draftRes.headers.get('cache-control'), 'private, no-store');
  assert.match(draftRes.headers.get('content-disposition') ?? '', /^attachment; filename="ke-hoach\.pdf"/);
  // Unpublishing hides the files again.
  const office = clients.get('office') as Client;
  await runMaintenance(t.db, 'test: unpublish', (q) => q.updateTable('article').set({ status: 'unpublished' }).where('ward_id', '=', t.wardA).where('id', '=', A.article).execute());
  assert.equal(await status('visitor', `/media/${A.pubImage}/480.jpg`), 404);
  assert.equal((await office.request('GET', `/media/${A.pubImage}/480.jpg`)).status, 200);
  await runMaintenance(t.db, 'test: publish again', (q) => q.updateTable('article').set({ status: 'published' }).where('ward_id', '=', t.wardA).where('id', '=', A.article).execute());
});

test('evidence through the HTTP route: a 50,000 × 50,000 PNG refused in Vietnamese with nothing written; a PDF named .exe downloaded as .pdf', async () => {
  const member = await as('hoivien');
  const task = await t.db.selectFrom('task').innerJoin('organization', 'organization.id', 'task.lead_org_id').select(['task.id', 'task.version']).where('task.ward_id', '=', t.wardA).where('organization.name', '=', 'Chi hội Phụ nữ Tổ dân phố số 2').executeTakeFirstOrThrow();
  const post = async (name: string, type: string, data: Buffer) => {
    const fd = new FormData();
    const csrf = await member.csrf();
    fd.set('_csrf', csrf);
    fd.set('percent', '40');
    fd.set('version', String((await t.db.selectFrom('task').select('version').where('id', '=', task.id).executeTakeFirstOrThrow()).version));
    fd.append('files', new Blob([new Uint8Array(data)], { type }), name);
    return member.request('POST', `/app/tasks/${task.id}/progress?_csrf=${encodeURIComponent(csrf)}`, { body: fd });
  };
  const count = async () => Number((await t.db.selectFrom('work_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  const bomb = pngHeader(50_000, 50_000);
  const refused = await post('bang-chung.png', 'image/png', bomb);
  assert.equal(refused.status, 400);
  assert.match(refused.text, /Ảnh quá lớn: tối đa 100 triệu điểm ảnh/);
  assert.equal(await count(), before, 'nothing written');
  assert.equal((await post('bao-cao.exe', 'application/octet-stream', PDF)).status, 303);
  const f = await t.db.selectFrom('work_file').select(['id', 'original_name']).where('ward_id', '=', t.wardA).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  assert.equal(f.original_name, 'bao-cao.exe');
  const dl = await member.getBuffer(`/app/files/${f.id}`);
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.match(dl.headers.get('content-disposition') ?? '', /^attachment; filename="bao-cao\.pdf"/);
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
});
