// The merged message registry: every catalogue loaded, every key in both languages with the same
// placeholders, and a key registered twice with different texts refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../features/messages.ts';
import { registeredMessages, registerMessages } from './registry.ts';
import { isMessageKey, translate } from './index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every catalogue is registered: platform and feature keys translate in both languages', () => {
  for (const key of ['err.required', 'person.fullName', 'task.new', 'portal.home', 'audit.action.task.progress', 'disclosure.title']) {
    assert.ok(isMessageKey(key), key);
    assert.notEqual(translate('vi', key as never), key);
    assert.notEqual(translate('en', key as never), key);
  }
  assert.ok(registeredMessages().length > 700);
});

test('every key has a Vietnamese and an English text with the same placeholders', () => {
  for (const { key, vi, en } of registeredMessages()) {
    assert.ok(vi.trim() && en.trim(), `${key} is empty in a language`);
    assert.deepEqual(placeholders(en), placeholders(vi), `${key}: placeholders differ`);
  }
});

test('a key registered twice with another text is refused', () => {
  assert.throws(() => registerMessages({ 'err.required': 'khác' }, { 'err.required': 'other' }), /registered twice/);
  assert.equal(isMessageKey('no.such.key'), false);
});
