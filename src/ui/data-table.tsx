import type { ComponentChildren } from 'preact';
import type { PageContext } from './context.ts';
import type { SortDir, SortRequest } from '../platform/list.ts';

/**
 * One column of a DataTable.
 * - `key`: the column's name; for a sortable column, the `sort` word in the URL (the
 *   repository maps it to a fixed SQL column — see platform/list.ts sortFields).
 * - `label`: header text, and the `data-label` of every cell (the card layout under 600 px).
 * - `cell`: the cell's content for a row.
 * - `class`: class of the header and the cells ('no-print' drops the column from print).
 * - `cellClass`: a class for one row's cell (a warning shade), added to `class`.
 * - `rowHeader`: the cell is the row's `<th scope="row">` (the name of what the row is about).
 * - `header`: header content when it is more than the label (the label stays the card label).
 */
export interface Column<R> {
  key: string;
  label: string;
  cell: (row: R, index: number) => ComponentChildren;
  sortable?: boolean;
  class?: string;
  cellClass?: (row: R) => string | undefined;
  rowHeader?: boolean;
  header?: ComponentChildren;
}

/** How a table sorts: the current request, the list's default order, and the URL of a sort. */
export interface TableSort {
  current: SortRequest;
  /** The order of the list without `sort` in the URL (shown with aria-sort). */
  default?: { key: string; dir: SortDir };
  /** The list's URL sorted by `key` in `dir`, keeping its other query parameters (page reset). */
  href: (key: string, dir: SortDir) => string;
}

/** A checkbox per row for an action on several rows: the boxes belong to the form `form` (by id) and post `name=value(row)`. */
export interface TableSelection<R> {
  form: string;
  name: string;
  value: (row: R) => string;
  /** Accessible name of the row's box ("Chọn …"). */
  label: (row: R) => string;
}

export interface DataTableProps<R> {
  /** Only the translator is used, so public portal pages (without a session) can use the table too. */
  ctx: Pick<PageContext, 't'>;
  /** The table's base class: 'grid' (staff pages) or 'pm-table' (public portal). */
  base?: 'grid' | 'pm-table';
  columns: Column<R>[];
  rows: R[];
  /** The table's caption (read out; visually hidden unless `showCaption`). */
  caption?: string;
  showCaption?: boolean;
  /** Id of a heading naming the table, instead of a caption. */
  labelledBy?: string;
  /** Shown instead of the table when there are no rows (default: "Không có kết quả."). */
  empty?: ComponentChildren;
  /** Class of the empty-state paragraph: 'empty' (a dashed box, for a page's list) or 'muted' (a line inside a card). */
  emptyClass?: 'empty' | 'muted';
  sort?: TableSort;
  /** Links or small forms at the end of each row, under an "actions" header. */
  actions?: (row: R) => ComponentChildren;
  select?: TableSelection<R>;
  /** Extra classes of the table (always `grid`). */
  class?: string;
  rowClass?: (row: R) => string | undefined;
  /** Data attributes of a row's `<tr>` (e.g. `{ 'data-depth': 2 }` for an indented tree). */
  rowData?: (row: R) => Record<`data-${string}`, string | number>;
  /** A row that ends the table (totals), as its `<tfoot>`. */
  foot?: ComponentChildren;
}

function ariaSort(col: string, sort: TableSort | undefined): 'ascending' | 'descending' | undefined {
  if (!sort) return undefined;
  const { current } = sort;
  const active = current.sort ?? sort.default?.key;
  if (active !== col) return undefined;
  const dir = current.sort ? (current.dir ?? 'asc') : (sort.default?.dir ?? 'asc');
  return dir === 'asc' ? 'ascending' : 'descending';
}

/**
 * A data table built from column specs (docs/DESIGN.md D11): header cells with `scope`,
 * sortable headers that are links (sort and dir in the URL, other parameters kept),
 * `aria-sort` on the sorted column, `data-label` on every cell for the phone card layout,
 * optional row actions and selection boxes (both dropped from print), and an empty state.
 */
export function DataTable<R>({ ctx, columns, rows, caption, showCaption, labelledBy, empty, sort, actions, select, class: cls, base = 'grid', rowClass, rowData, foot, emptyClass = 'empty' }: DataTableProps<R>) {
  const { t } = ctx;
  if (rows.length === 0) return <p class={emptyClass}>{empty ?? t('common.noResults')}</p>;
  const sortState = (key: string) => ariaSort(key, sort);
  return (
    <table class={base + (cls ? ' ' + cls : '')} aria-labelledby={labelledBy}>
      {caption && <caption class={showCaption ? undefined : 'sr-only'}>{caption}</caption>}
      <thead>
        <tr>
          {select && (
            <th scope="col" class="no-print">
              <span class="sr-only">{t('table.select')}</span>
            </th>
          )}
          {columns.map((c) => {
            const state = c.sortable ? sortState(c.key) : undefined;
            const content = c.header ?? c.label;
            if (!c.sortable || !sort) {
              return (
                <th scope="col" class={c.class}>
                  {content}
                </th>
              );
            }
            const next: SortDir = state === 'ascending' ? 'desc' : 'asc';
            return (
              <th scope="col" class={c.class} aria-sort={state}>
                <a class="sort" href={sort.href(c.key, next)}>
                  {content}
                  <span class="sort-mark" aria-hidden="true">
                    {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''}
                  </span>
                </a>
              </th>
            );
          })}
          {actions && (
            <th scope="col" class="no-print">
              {t('common.actions')}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr class={rowClass?.(row)} {...rowData?.(row)}>
            {select && (
              <td class="no-print select" data-label={t('table.select')}>
                <input type="checkbox" form={select.form} name={select.name} value={select.value(row)} aria-label={select.label(row)} />
              </td>
            )}
            {columns.map((c) => {
              const cls = [c.class, c.cellClass?.(row)].filter(Boolean).join(' ') || undefined;
              return c.rowHeader ? (
                <th scope="row" class={cls}>
                  {c.cell(row, i)}
                </th>
              ) : (
                <td class={cls} data-label={c.label}>
                  {c.cell(row, i)}
                </td>
              );
            })}
            {actions && (
              <td class="no-print" data-label={t('common.actions')}>
                {actions(row)}
              </td>
            )}
          </tr>
        ))}
      </tbody>
      {foot && <tfoot>{foot}</tfoot>}
    </table>
  );
}
