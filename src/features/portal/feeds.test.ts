import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sitemapXml } from './feeds.ts';

test('sitemap <lastmod> is the Vietnam day of the instant (23:30 UTC on the 12th is the 13th in Vietnam)', () => {
  const xml = sitemapXml('https://dongtam.gov.vn', [
    { loc: '/bai-viet/a', lastmod: '2017-02-12T23:30:00.000Z' },
    { loc: '/bai-viet/b', lastmod: '2017-02-13T16:30:00.000Z' },
    { loc: '/', lastmod: null },
  ]);
  assert.ok(xml.includes('<loc>https://dongtam.gov.vn/bai-viet/a</loc><lastmod>2017-02-13</lastmod>'), xml);
  assert.ok(xml.includes('<loc>https://dongtam.gov.vn/bai-viet/b</loc><lastmod>2017-02-13</lastmod>'), xml);
  assert.ok(xml.includes('<loc>https://dongtam.gov.vn/</loc></url>'));
});
