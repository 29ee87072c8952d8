// What the request log may say about a URL (D39, D77): secrets in paths and query strings are replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from './log-redact.ts';

test('an upload form\'s CSRF token and an activation token never reach the log; the rest of the URL does', () => {
  assert.equal(redactUrl('/app/tasks/7/progress?_csrf=H0pM.abc-def&x=1'), '/app/tasks/7/progress?_csrf=[redacted]&x=1');
  assert.equal(redactUrl('/app/people/import?a=1&_CSRF=zz'), '/app/people/import?a=1&_CSRF=[redacted]');
  assert.equal(redactUrl('/activate/SECRET?next=%2Factivate%2FSECRET2'), '/activate/[redacted]?next=%2Factivate%2F[redacted]');
  assert.equal(redactUrl('/tim-kiem?q=csrf'), '/tim-kiem?q=csrf');
});
