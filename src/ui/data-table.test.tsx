import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { translate } from '../platform/i18n/index.ts';
import type { PageContext } from './context.ts';
import { DataTable, type Column } from './data-table.tsx';
import { withQuery } from './components.tsx';

const ctx: PageContext = { t: (k, p) => translate('vi', k, p), locale: 'vi', path: '/x', csrfToken: '', user: null, ward: null, wards: [], roles: new Set() };

interface Row {
  id: string;
  name: string;
  born: string | null;
}
const rows: Row[] = [
  { id: 'a', name: 'Nguyễn Văn An', born: '1980-01-02' },
  { id: 'b', name: 'Trần Thị <Bình>', born: null },
];
const columns: Column<Row>[] = [
  { key: 'name', label: 'Họ và tên', sortable: true, cell: (r) => r.name },
  { key: 'born', label: 'Ngày sinh', sortable: true, cell: (r) => r.born ?? '' },
  { key: 'note', label: 'Ghi chú', cell: () => '—' },
];
const href = (sort: string, dir: string) => withQuery('/app/people', { q: 'an', org: 'o1', sort, dir });

test('DataTable: headers, data-label on every cell, escaped content', () => {
  const html = renderToString(<DataTable ctx={ctx} columns={columns} rows={rows} caption="Danh sách" />);
  assert.match(html, /^<table class="grid"><caption class="sr-only">Danh sách<\/caption>/);
  assert.equal((html.match(/<th scope="col"/g) ?? []).length, 3);
  assert.equal((html.match(/<td /g) ?? []).length, 6);
  assert.equal((html.match(/<td [^>]*data-label="/g) ?? []).length, 6);
  assert.ok(html.includes('Trần Thị &lt;Bình>'));
  assert.ok(!html.includes('aria-sort'), 'no sort given: no sort links');
});

test('DataTable: sort links keep the other parameters; aria-sort on the sorted column, default order shown', () => {
  const byDefault = renderToString(<DataTable ctx={ctx} columns={columns} rows={rows} sort={{ current: {}, default: { key: 'name', dir: 'asc' }, href }} />);
  assert.match(byDefault, /<th scope="col" aria-sort="ascending"><a class="sort" href="\/app\/people\?q=an&amp;org=o1&amp;sort=name&amp;dir=desc">Họ và tên/);
  assert.match(byDefault, /<th scope="col"><a class="sort" href="\/app\/people\?q=an&amp;org=o1&amp;sort=born&amp;dir=asc">Ngày sinh/);
  assert.ok(!/<th scope="col"[^>]*><a[^>]*>Ghi chú/.test(byDefault), 'a column that is not sortable has no link');
  const desc = renderToString(<DataTable ctx={ctx} columns={columns} rows={rows} sort={{ current: { sort: 'born', dir: 'desc' }, default: { key: 'name', dir: 'asc' }, href }} />);
  assert.equal((desc.match(/aria-sort=/g) ?? []).length, 1);
  assert.match(desc, /aria-sort="descending"><a class="sort" href="[^"]*sort=born&amp;dir=asc">Ngày sinh/);
});

test('DataTable: empty state, row actions and selection boxes (not printed)', () => {
  assert.equal(renderToString(<DataTable ctx={ctx} columns={columns} rows={[]} empty="Chưa có ai." />), '<p class="empty">Chưa có ai.</p>');
  assert.equal(renderToString(<DataTable ctx={ctx} columns={columns} rows={[]} />), `<p class="empty">${translate('vi', 'common.noResults')}</p>`);
  const html = renderToString(
    <DataTable ctx={ctx} columns={columns} rows={rows} actions={(r) => <a href={`/x/${r.id}/edit`}>Sửa</a>} select={{ form: 'bulk', name: 'ids', value: (r) => r.id, label: (r) => `Chọn ${r.name}` }} />,
  );
  assert.equal((html.match(/<input type="checkbox" form="bulk" name="ids" value="[ab]" aria-label="Chọn /g) ?? []).length, 2);
  assert.equal((html.match(/<td class="no-print" data-label="Thao tác"><a href="\/x\/[ab]\/edit">Sửa<\/a><\/td>/g) ?? []).length, 2);
  assert.equal((html.match(/<th scope="col" class="no-print">/g) ?? []).length, 2);
});
