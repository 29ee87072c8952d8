// One name for one thing (issue 11 item 8 and the fresh-eyes pass of issue 11, docs/DESIGN.md
// D54, D58, D65): every Vietnamese message of every room says the thing by its one name, so the
// home card, the menu, the page title and the links under it agree. Each entry names the thing,
// the words it is called by, and the words it must not be called by (its old or stray synonyms);
// a message that uses a stray synonym fails with its key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../src/features/messages.ts';
import { registeredMessages } from '../src/platform/i18n/registry.ts';

const NAMES: { thing: string; name: string; not: RegExp; keys?: string[] }[] = [
  // The Standing Committee's dashboard (D51). "bảng theo dõi tình hình nộp" is the reports' own table.
  { thing: 'the dashboard', name: 'Bảng điều hành tiến độ', not: /bảng theo dõi(?! tình hình nộp)|bảng điều hành(?! tiến độ)/iu, keys: ['home.board', 'home.boardOpen', 'prog.dashboard', 'board.title', 'board.print'] },
  { thing: 'the audit log', name: 'Nhật ký thay đổi', not: /lịch sử thay đổi/iu, keys: ['audit.history'] },
  { thing: "a task's owner", name: 'Người phụ trách', not: /cán bộ phụ trách/iu },
  { thing: 'the bodies of a task', name: 'Cơ quan chủ trì', not: /đơn vị (chủ trì|phối hợp)/iu },
];

test('one name for one thing in every Vietnamese message', () => {
  const messages = registeredMessages();
  const byKey = new Map(messages.map((m) => [m.key, m.vi]));
  const bad: string[] = [];
  for (const n of NAMES) {
    for (const m of messages) if (n.not.test(m.vi)) bad.push(`${m.key} = "${m.vi}" (${n.thing}: say "${n.name}")`);
    for (const key of n.keys ?? []) {
      const vi = byKey.get(key);
      assert.ok(vi !== undefined, `${key} is a message`);
      assert.ok(vi.toLowerCase().includes(n.name.toLowerCase()), `${key} = "${vi}" names ${n.thing} "${n.name}"`);
    }
  }
  assert.deepEqual(bad, []);
});
