import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeRedirectPath } from './redirect.ts';

test('safeRedirectPath keeps paths on this site', () => {
  for (const ok of ['/', '/app', '/app/people?q=nguy%E1%BB%85n&page=2', '/app/people/01890000-0000-7000-8000-000000000000#top', '/app/audit?entity=a%2Fb', '/app/people?q=nguyen%20van']) {
    assert.equal(safeRedirectPath(ok, '/fallback'), ok, ok);
  }
});

test('safeRedirectPath refuses hostile values', () => {
  const hostile: unknown[] = [
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    'https://evil.example/',
    'http:/evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    '/%2F%2Fevil.example',
    '/%2fevil.example',
    '/%5Cevil.example',
    '%2F%2Fevil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\nLocation: https://evil.example',
    '/%0d%0aSet-Cookie:x=1',
    '/\u0000',
    '/%E0%A4%A',
    '/' + 'a'.repeat(2001),
    undefined,
    null,
    42,
    ['/app'],
    { toString: () => '/app' },
  ];
  for (const bad of hostile) assert.equal(safeRedirectPath(bad, '/fallback'), '/fallback', JSON.stringify(String(bad)));
  assert.equal(safeRedirectPath('//evil'), '/');
});

test('safeRedirectPath percent-encodes what a Location header cannot carry raw (Vietnamese letters, spaces)', () => {
  assert.equal(safeRedirectPath('/app/people?q=Nguyễn Văn'), '/app/people?q=Nguy%E1%BB%85n%20V%C4%83n');
  assert.equal(safeRedirectPath('/bài-viết'), '/b%C3%A0i-vi%E1%BA%BFt');
  assert.equal(safeRedirectPath('/\u3001evil'), '/%E3%80%81evil');
  assert.equal(safeRedirectPath('/a\uD800b'), '/ab', 'a lone surrogate is dropped');
  for (const s of ['/app/people?q=Nguyễn', '/bài-viết', '/😀']) assert.match(safeRedirectPath(s), /^[\x21-\x7e]+$/);
});
