// The page side of an office list (docs/DESIGN.md D52): the "Tải danh sách (Excel)" and "In danh sách" links
// beside a list (same query string), the page's table columns made from the list's columns (so the
// page, the paper and the Excel file show the same columns), and the print view of the whole list:
// a title block (ward, title, the filter in words, "…, ngày … tháng … năm …") and a table with STT.
import type { ComponentChildren } from 'preact';
import type { PageContext } from './context.ts';
import type { Column } from './data-table.tsx';
import type { T } from '../platform/i18n/index.ts';
import type { ColumnType, ListColumn, CellValue } from '../platform/office-list/spec.ts';
import type { ListHeading } from '../platform/office-list/xlsx.ts';
import { formatDate, formatDateTime, formatNumber } from '../lib/vi/index.ts';
import '../platform/office-list/messages.ts';

/** A value as text for the page and the paper: dates dd/mm/yyyy, instants in Vietnam time, numbers the Vietnamese way. */
export function cellText(type: ColumnType | undefined, v: CellValue): string {
  if (v === null || v === '') return '';
  if (type === 'date' && typeof v === 'string') return formatDate(v);
  if (type === 'datetime' && typeof v === 'string') return formatDateTime(v);
  if (type === 'percent' && typeof v === 'number') return `${formatNumber(v)}%`;
  if (type === 'number' && typeof v === 'number') return formatNumber(v);
  return String(v);
}

/**
 * DataTable columns from an office list's columns: the same keys, headers and sortable flags;
 * each cell is the plain value unless `cells` gives a richer one (a link, a badge) for that key.
 */
export function tableColumns<R>(t: T, columns: ListColumn<R>[], cells: Partial<Record<string, (row: R) => ComponentChildren>> = {}, extra: Partial<Record<string, Partial<Column<R>>>> = {}): Column<R>[] {
  return columns.map((c) => ({
    key: c.key,
    label: t(c.label),
    ...(c.header ? { header: c.header(t) } : {}),
    sortable: !!c.sortable,
    ...(c.type === 'number' || c.type === 'percent' ? { class: 'num' } : {}),
    cell: cells[c.key] ?? ((row: R) => cellText(c.type, c.value(row, t))),
    ...extra[c.key],
  }));
}

/**
 * The list's print and export links, carrying the page's query string without its paging words
 * (`query` from wholeListQuery(req.url)): `<path>.xlsx?…` and `<path>/print?…`.
 */
export function ListTools({ ctx, path, query }: { ctx: Pick<PageContext, 't'>; path: string; query: string }) {
  const { t } = ctx;
  return (
    <p class="list-tools no-print">
      <a class="button" href={`${path}.xlsx${query}`} title={t('list.exportHint')} download>
        {t('list.export')}
      </a>{' '}
      <a class="button" href={`${path}/print${query}`} title={t('list.printHint')}>
        {t('list.print')}
      </a>
    </p>
  );
}

/** The print view of a whole list: its own sober document (no menu), A4, the header row repeated on every page. */
export function ListPrintPage<R>({ t, locale, heading, columns, rows, back, printedAt }: { t: T; locale: string; heading: ListHeading; columns: ListColumn<R>[]; rows: readonly R[]; back: string; printedAt: string }) {
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${heading.title} · ${heading.ward}`}</title>
        <link rel="stylesheet" href="/static/list-print.css" />
        <script src="/static/list-print.js" defer></script>
      </head>
      <body class="list-print">
        <nav class="toolbar no-print">
          <a href={back}>← {t('list.back')}</a>
          <button type="button" data-print hidden>
            {t('list.printNow')}
          </button>
          <span class="hint">{t('list.paperHint')}</span>
        </nav>
        <header class="title-block">
          <div class="issuer">{heading.ward.toUpperCase()}</div>
          <div class="dated">{heading.dated}</div>
          <h1>{heading.title.toUpperCase()}</h1>
          <p class="filter">{heading.filter}</p>
          <p class="count">{heading.count}</p>
        </header>
        {rows.length === 0 ? (
          <p class="empty">{t('list.empty')}</p>
        ) : (
          <table class="print-grid">
            <thead>
              <tr>
                <th scope="col" class="stt">
                  {t('list.stt')}
                </th>
                {columns.map((c) => (
                  <th scope="col">{c.header ? c.header(t) : t(c.label)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr>
                  <td class="stt">{i + 1}</td>
                  {columns.map((c) => (
                    <td class={c.type && c.type !== 'text' ? 'num' : undefined}>{cellText(c.type, c.value(row, t))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <footer class="printed">{t('list.printedAt', { time: printedAt })}</footer>
      </body>
    </html>
  );
}
