import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { apiLimitOffset, apiPageFields, pageFields, pageSizeParam, pastTheEnd, sortFields, toLimitOffset } from './list.ts';

test('page/page_size: defaults, caps, limit/offset', () => {
  const Q = z.object({ ...pageFields({ size: 50, maxSize: 200 }) });
  assert.deepEqual(Q.parse({}), { page: 1, page_size: 50 });
  assert.deepEqual(Q.parse({ page: '3', page_size: '20' }), { page: 3, page_size: 20 });
  assert.equal(Q.safeParse({ page_size: '201' }).success, false);
  assert.equal(Q.safeParse({ page: '0' }).success, false);
  assert.deepEqual(toLimitOffset({ page: 3, page_size: 20 }), { limit: 20, offset: 40 });
  assert.equal(pageSizeParam({ page: 1, page_size: 50 }), undefined);
  assert.equal(pageSizeParam({ page: 1, page_size: 20 }), 20);
});

test('API lists: page/page_size first, limit/offset still work', () => {
  const limits = { size: 200, maxSize: 1000 };
  const Q = z.object(apiPageFields(limits));
  const lo = (q: Record<string, string>) => apiLimitOffset(Q.parse(q), limits);
  assert.deepEqual(lo({}), { limit: 200, offset: 0 });
  assert.deepEqual(lo({ limit: '10', offset: '30' }), { limit: 10, offset: 30 });
  assert.deepEqual(lo({ page: '2' }), { limit: 200, offset: 200 });
  assert.deepEqual(lo({ page: '4', page_size: '10', limit: '5' }), { limit: 10, offset: 30 });
  assert.deepEqual(lo({ page: '2', limit: '10' }), { limit: 10, offset: 10 }, 'a limit beside a page is its size');
  assert.equal(Q.safeParse({ limit: '1001' }).success, false);
});

test('sort/dir: only whitelisted keys pass; anything else falls back to the default order', () => {
  const Q = z.object(sortFields(['name', 'birth_date'] as const));
  assert.deepEqual(Q.parse({ sort: 'birth_date', dir: 'desc' }), { sort: 'birth_date', dir: 'desc' });
  assert.deepEqual(Q.parse({ sort: 'full_name; drop table person', dir: 'sideways' }), { sort: undefined, dir: undefined });
});

test('a page past the end goes to the last page, with the rest of the query kept', () => {
  assert.equal(pastTheEnd('/app/people?q=an&page=99999', { page: 99999, page_size: 50 }, 110), '/app/people?q=an&page=3');
  assert.equal(pastTheEnd('/app/people?page=3', { page: 3, page_size: 50 }, 110), null);
  assert.equal(pastTheEnd('/app/people?page=2', { page: 2, page_size: 50 }, 0), null, 'an empty list shows its page 1');
  assert.equal(pastTheEnd('/app/audit?page=5&page_size=10', { page: 5, page_size: 10 }, 40), '/app/audit?page=4&page_size=10');
});
