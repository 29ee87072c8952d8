import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { apiSpecs } from './api.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  summary: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { content: { 'application/json': { schema: Json } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: Json } } }>;
}
interface Doc {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

/** Every value anywhere in a JSON tree, with the key it sits under. */
function* walk(v: unknown, key = ''): Generator<[string, unknown]> {
  yield [key, v];
  if (Array.isArray(v)) for (const x of v) yield* walk(x, key);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* walk(x, k);
}

test('openapi.json is public and describes every API route, with security unless public', async () => {
  const res = await t.client().get('/api/v1/openapi.json');
  assert.equal(res.status, 200);
  const doc = res.json<Doc>();
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(doc.info.title, 'API của RõViệc');
  assert.match(doc.info.description, /roviec token create/);

  const schemes = doc.components.securitySchemes;
  assert.deepEqual(schemes.bearerToken && { type: schemes.bearerToken.type, scheme: schemes.bearerToken.scheme }, { type: 'http', scheme: 'bearer' });
  assert.deepEqual(schemes.sessionCookie && { type: schemes.sessionCookie.type, in: schemes.sessionCookie.in, name: schemes.sessionCookie.name }, { type: 'apiKey', in: 'cookie', name: 'rv_sid' });
  assert.deepEqual(schemes.csrfHeader && { type: schemes.csrfHeader.type, in: schemes.csrfHeader.in, name: schemes.csrfHeader.name }, { type: 'apiKey', in: 'header', name: 'x-csrf-token' });

  // Both ways: every API route the app serves is in the document, and nothing else is.
  const served = t.app.routeRules.filter((r) => r.url.startsWith('/api/'));
  assert.ok(served.length >= 11, `only ${served.length} API routes`);
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  assert.deepEqual(documented.sort(), served.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort());

  const ids = new Set<string>();
  for (const rule of served) {
    const path = rule.url.replace(/:(\w+)/g, '{$1}');
    const op = doc.paths[path]?.[rule.method.toLowerCase()] as Operation;
    const where = `${rule.method} ${path}`;
    assert.ok(op.summary, where);
    assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
    ids.add(op.operationId);
    assert.ok(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), where);
    if (rule.access === 'public') {
      assert.deepEqual(op.security, [], where);
    } else {
      assert.ok(op.security.length >= 2, where);
      for (const req of op.security) for (const name of Object.keys(req)) assert.ok(schemes[name], `${where}: unknown scheme ${name}`);
      assert.ok(op.security.some((s) => 'bearerToken' in s));
      // Writes with a session need the CSRF header; reads do not.
      const session = op.security.find((s) => 'sessionCookie' in s);
      assert.equal(session && 'csrfHeader' in session, rule.method !== 'GET', where);
      assert.ok(op.responses['401'] && op.responses['403'], where);
    }
    for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
      assert.ok(op.parameters?.some((p) => p.in === 'path' && p.name === name && p.required), `${where}: path parameter ${name}`);
    }
  }

  for (const [key, value] of walk(doc)) {
    assert.notEqual(key, '$schema');
    if (key === '$ref') {
      const name = /^#\/components\/schemas\/(\w+)$/.exec(String(value))?.[1];
      assert.ok(name && doc.components.schemas[name], `dangling $ref ${String(value)}`);
    }
  }
});

test('openapi.json carries the input and output schemas of the zod boundary', async () => {
  const doc = (await t.client().get('/api/v1/openapi.json')).json<Doc>();
  const list = doc.paths['/api/v1/people']?.get as Operation;
  assert.deepEqual(
    list.parameters?.filter((p) => p.in === 'query').map((p) => p.name),
    ['q', 'org', 'on', 'ended', 'page', 'page_size', 'sort', 'dir'],
  );
  assert.deepEqual(list.parameters?.find((p) => p.name === 'page')?.schema, { default: 1, type: 'integer', minimum: 1, maximum: 100000 });
  assert.ok(list.parameters?.some((p) => p.in === 'header' && p.name === 'x-roviec-ward'));
  const item = (list.responses['200']?.content?.['application/json'].schema as { properties: { items: { items: Json } } }).properties.items.items as { properties: Json; required: string[] };
  assert.ok(item.required.includes('printed_name'));
  assert.deepEqual(item.properties.gender, { anyOf: [{ type: 'string', enum: ['nam', 'nu'] }, { type: 'null' }] });

  const create = doc.paths['/api/v1/people']?.post as Operation;
  const body = create.requestBody?.content['application/json'].schema as { properties: Record<string, Json>; required: string[] };
  assert.deepEqual(body.required, ['full_name']);
  assert.deepEqual(body.properties.full_name, { type: 'string', minLength: 1, maxLength: 120 });
  assert.ok(create.responses['201'] && create.responses['400'] && create.responses['413']);
  const patch = doc.paths['/api/v1/people/{id}']?.patch as Operation;
  assert.deepEqual((patch.requestBody?.content['application/json'].schema as { required: string[] }).required, ['version']);
  assert.ok(patch.responses['409'] && patch.responses['404']);
  assert.deepEqual(doc.components.schemas.Error?.required, ['error', 'message']);
});

test('openapi.json speaks English when asked', async () => {
  const res = await t.client().get('/api/v1/openapi.json', { 'accept-language': 'en-US,en;q=0.9,vi;q=0.8' });
  const doc = res.json<Doc>();
  assert.equal(doc.info.title, 'RõViệc API');
  assert.equal((doc.paths['/api/v1/people']?.get as Operation).summary, 'Search people (no diacritics needed), with the posts held on date on');
});

test('each app instance has its own registry (a second app in the process adds nothing to the first)', async () => {
  const count = apiSpecs(t.app).length;
  const second = await t.another();
  assert.equal(apiSpecs(t.app).length, count);
  assert.equal(apiSpecs(second.app).length, count);
  assert.equal(count, t.app.routeRules.filter((r) => r.url.startsWith('/api/')).length);
  const doc = (await second.client().get('/api/v1/openapi.json')).json<Doc>();
  assert.equal(Object.values(doc.paths).flatMap((ops) => Object.keys(ops)).length, count);
});

test('errors under /api/ are JSON, whatever the caller accepts', async () => {
  const res = await t.client().get('/api/v1/nothing-here', { accept: 'text/html' });
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  assert.deepEqual(res.json(), { error: 'not_found', message: 'Trang hoặc bản ghi bạn tìm không tồn tại hoặc đã được chuyển đi.' });
});

// A body the app cannot read is named by our message key, never by a Fastify internal code (D77).
test('a body of the wrong kind or broken JSON: 415 or 400 with our own code and a Vietnamese message', async () => {
  const c = t.client();
  assert.equal((await c.login('vanphong')).status, 302);
  const csrf = await c.csrf();
  const headers = { accept: 'application/json', 'x-csrf-token': csrf };
  const plain = await c.request('POST', '/api/v1/people', { body: '{"full_name":"Nguyễn Văn A"}', headers: { ...headers, 'content-type': 'text/plain' } });
  assert.equal(plain.status, 415, plain.text);
  assert.deepEqual(plain.json(), { error: 'err.unsupportedMedia', message: plain.json<{ message: string }>().message });
  assert.match(plain.json<{ message: string }>().message, /[ạ-ỹ]/u);
  const broken = await c.request('POST', '/api/v1/people', { body: '{"full_name":', headers: { ...headers, 'content-type': 'application/json' } });
  assert.equal(broken.status, 400, broken.text);
  assert.equal(broken.json<{ error: string }>().error, 'err.badRequest');
  for (const r of [plain, broken]) assert.doesNotMatch(r.text, /FST_/);
});
