// Pages of the people import (issue 13, item 4; docs/DESIGN.md D38): the upload form (with its
// progress bar, driven by /static/app.js) and the preview of an uploaded file.
import { Layout, Csrf, uploadAction } from '../../ui/layout.tsx';
import { Actions, Badge, PageHead, Pager, withQuery, type FormState, FilePicker } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { resolveMessage } from '../../platform/i18n/index.ts';
import { formatDateTime } from '../../lib/vi/index.ts';
import { formatRowError, joinMessages, type ImportPreview, type RowError } from './import.ts';
import type { RawRow } from './import-parse.ts';

/** The refusal of a commit of a preview that still has errors (409): the message and a link back to the preview. */
export function CommitRefusedPage({ ctx, id, message }: { ctx: PageContext; id: string; message: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t('import.title')}>
      <section class="error-page">
        <h1>{ctx.t('import.title')}</h1>
        <p>{message}</p>
        <p>
          <a href={`/app/people/import/${id}`}>{ctx.t('import.backToPreview')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** Rows of the preview table per page, and errors listed before "… and N more". */
export const PREVIEW_PAGE_SIZE = 100;
const ERRORS_SHOWN = 300;

/** The upload form: field `file`, posted as multipart to /app/people/import; app.js shows its progress. */
function UploadForm({ ctx, form, again }: { ctx: PageContext; form: FormState; again?: 'fix' | 'other' }) {
  const { t } = ctx;
  const err = form.errors.file;
  return (
    <form method="post" action={uploadAction(ctx, '/app/people/import')} enctype="multipart/form-data" class="card form" data-upload-progress="">
      <Csrf ctx={ctx} />
      {again && <h2>{again === 'fix' ? t('import.uploadAgain') : t('import.uploadOther')}</h2>}
      <div class={'field' + (err ? ' has-error' : '')}>
        <label for="f-file">{t('import.file')}</label>
        <FilePicker ctx={ctx} id="f-file" name="file" required accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" describedBy={err ? 'f-file-err' : undefined} invalid={!!err} />
        {err && (
          <small class="error" id="f-file-err">
            {resolveMessage(ctx.locale, err)}
          </small>
        )}
      </div>
      <div class="field upload-progress" hidden>
        <label for="f-file-progress">{t('import.uploading')}</label>
        <progress id="f-file-progress" max="100" value="0" />
      </div>
      <Actions>
        <button type="submit" class="primary">
          {t('import.upload')}
        </button>
        <a href="/app/people">{t('common.cancel')}</a>
      </Actions>
    </form>
  );
}

function Head({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <PageHead title={t('import.title')}>
      <a class="button" href="/app/people/import/template.xlsx">
        {t('import.template')}
      </a>
    </PageHead>
  );
}

/** GET /app/people/import, and the same page again with the file's message when it was refused. */
export function ImportUploadPage({ ctx, form }: { ctx: PageContext; form: FormState }) {
  return (
    <Layout ctx={ctx} title={ctx.t('import.title')}>
      <Head ctx={ctx} />
      <p>{ctx.t('import.intro')}</p>
      <UploadForm ctx={ctx} form={form} />
    </Layout>
  );
}

/**
 * GET /app/people/import/:id: counts, every row error (naming row and column), the commit button
 * only when there is none, the rows a page at a time, and the upload form for a corrected file.
 */
export function ImportPreviewPage({ ctx, preview, page, all, form }: { ctx: PageContext; preview: ImportPreview; page: number; all: boolean; form: FormState }) {
  const { t } = ctx;
  const p = preview;
  const errorsByRow = new Map<number, RowError[]>();
  for (const e of p.errors) errorsByRow.set(e.row, [...(errorsByRow.get(e.row) ?? []), e]);
  // With errors the table shows the rows to fix (a link shows them all); without, every row.
  const onlyErrors = p.errors.length > 0 && !all;
  const listed = onlyErrors ? p.rows.filter((r) => errorsByRow.has(r.row)) : p.rows;
  const shown = listed.slice((page - 1) * PREVIEW_PAGE_SIZE, page * PREVIEW_PAGE_SIZE);
  const base = `/app/people/import/${p.id}`;
  const cell = (r: RawRow, k: keyof RawRow['cells']) => r.cells[k] ?? '';
  const columns: Column<RawRow>[] = [
    { key: 'row', label: t('import.col.row'), cell: (r) => r.row },
    { key: 'full_name', label: t('person.fullName'), rowHeader: true, cell: (r) => cell(r, 'full_name') },
    { key: 'birth_date', label: t('person.birthDate'), cell: (r) => cell(r, 'birth_date') },
    { key: 'unit', label: t('person.unit'), cell: (r) => cell(r, 'unit') },
    { key: 'posts', label: t('person.posts'), cell: (r) => [cell(r, 'post_title'), cell(r, 'post_org')].filter(Boolean).join(' — ') },
    { key: 'member_of', label: t('person.memberships'), cell: (r) => cell(r, 'member_of') },
    {
      key: 'status',
      label: t('import.col.status'),
      cell: (r) => {
        const errs = errorsByRow.get(r.row);
        if (!errs) return <Badge tone="ok">{t('import.ok')}</Badge>;
        return (
          <>
            <Badge tone="bad">{t('import.bad')}</Badge> {joinMessages(errs.map((e) => e.message))}
          </>
        );
      },
    },
  ];
  return (
    <Layout ctx={ctx} title={t('import.preview', { file: p.fileName })} wide>
      <Head ctx={ctx} />
      <h2>{t('import.preview', { file: p.fileName })}</h2>
      <p>
        {t('import.rowsRead', { rows: p.rowCount })} <strong>{t(p.errors.length ? 'import.countsValid' : 'import.counts', { ...p.counts })}</strong>
      </p>
      {p.committedAt ? (
        <p class="notice">{t('import.committed', { at: formatDateTime(p.committedAt) })}</p>
      ) : p.errors.length ? (
        <section class="form-errors" aria-labelledby="import-errors">
          <h2 id="import-errors">{t('import.errorsTitle', { n: p.errors.length })}</h2>
          <p>{t('import.errorsHelp')}</p>
          <ul class="import-errors">
            {p.errors.slice(0, ERRORS_SHOWN).map((e) => (
              <li>{formatRowError(ctx.locale, e)}</li>
            ))}
          </ul>
          {p.errors.length > ERRORS_SHOWN && <p>{t('import.moreErrors', { n: p.errors.length - ERRORS_SHOWN })}</p>}
        </section>
      ) : (
        <form method="post" action={`/app/people/import/${p.id}/commit`} class="card form" data-confirm={t('import.commitConfirm')}>
          <Csrf ctx={ctx} />
          <p>{t('import.ready')}</p>
          <Actions>
            <button type="submit" class="primary">
              {t('import.commit')}
            </button>
          </Actions>
        </form>
      )}
      {p.rows.length > 0 && (
        <section>
          <h2 id="import-rows">{onlyErrors ? t('import.rowsWithErrors') : t('import.rowsTitle')}</h2>
          {p.errors.length > 0 && (
            <p>
              <a href={onlyErrors ? withQuery(base, { all: '1' }) : base}>{onlyErrors ? t('import.showAll', { n: p.rows.length }) : t('import.showErrors')}</a>
            </p>
          )}
          <DataTable ctx={ctx} columns={columns} rows={shown} labelledBy="import-rows" />
          <Pager ctx={ctx} page={page} pageSize={PREVIEW_PAGE_SIZE} total={listed.length} href={(n) => withQuery(base, { page: n, all: all ? '1' : undefined })} />
        </section>
      )}
      {!p.committedAt && <UploadForm ctx={ctx} form={form} again={p.errors.length ? 'fix' : 'other'} />}
    </Layout>
  );
}
