import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedRender, clearRenderCache, renderCacheStats, renderKey, RENDER_CACHE_BYTES } from './render-cache.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('the same input is rendered once; a changed input is a new key; renders run one at a time; failures are not kept', async () => {
  clearRenderCache();
  let renders = 0;
  let running = 0;
  let most = 0;
  const render = (text: string) => async () => {
    renders += 1;
    running += 1;
    most = Math.max(most, running);
    await tick();
    running -= 1;
    return Buffer.from(text);
  };
  const a = renderKey('docx', { title: 'Báo cáo', n: 1 });
  assert.notEqual(a, renderKey('docx', { title: 'Báo cáo', n: 2 }));
  assert.notEqual(a, renderKey('pdf', { title: 'Báo cáo', n: 1 }));
  const [x, y] = await Promise.all([cachedRender(a, render('A')), cachedRender(a, render('A'))]);
  assert.equal(renders, 1, 'two identical requests share one render');
  assert.equal(x.toString(), 'A');
  assert.equal(y, x);
  assert.equal((await cachedRender(a, render('A'))).toString(), 'A');
  assert.equal(renders, 1, 'served from the cache');
  await Promise.all(['1', '2', '3', '4'].map((k) => cachedRender(renderKey('docx', k), render(k))));
  assert.equal(most, 1, 'renders take turns');
  await assert.rejects(cachedRender(renderKey('docx', 'bad'), () => Promise.reject(new Error('boom'))));
  assert.equal((await cachedRender(renderKey('docx', 'bad'), render('ok'))).toString(), 'ok', 'a failure is not cached and does not block the queue');
});

test('the cache is bounded in bytes, least recently used out first', async () => {
  clearRenderCache();
  const big = Buffer.alloc(RENDER_CACHE_BYTES / 5);
  for (let i = 0; i < 12; i++) await cachedRender(renderKey('docx', i), async () => big);
  assert.ok(renderCacheStats().bytes <= RENDER_CACHE_BYTES);
  assert.ok(renderCacheStats().entries <= 5);
  let again = 0;
  await cachedRender(renderKey('docx', 0), async () => {
    again += 1;
    return big;
  });
  assert.equal(again, 1, 'the oldest entry was evicted');
  clearRenderCache();
});
