import { Layout, Csrf, uploadAction } from '../../ui/layout.tsx';
import { Actions, Field, FilterBar, FilterSelect, FormErrors, Hidden, PageHead, Pager, SearchField, Select, withQuery, type FormState, FilePicker } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { formatDate } from '../../lib/vi/index.ts';
import { resolveMessage } from '../../platform/i18n/index.ts';
import { SOURCE_KINDS, type SourceQuery } from './schema.ts';
import { SOURCE_PAGE_SIZE, type SourceRow } from './service.ts';
import { canOpen } from '../../platform/access.ts';
import { SOURCE_WRITERS } from './access.ts';
import { acceptOf, WORK_FILES } from '../../platform/files/index.ts';

export const kindOptions = (ctx: PageContext) => SOURCE_KINDS.map((k) => ({ value: k, label: ctx.t(`src.kind.${k}`) }));

export function SourceListPage({ ctx, rows, total, query, canAdd, canEdit }: { ctx: PageContext; rows: SourceRow[]; total: number; query: SourceQuery; canAdd: boolean; canEdit: (row: SourceRow) => boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('src.title')} wide>
      <PageHead title={t('src.title')}>
        {canAdd && canOpen(ctx, SOURCE_WRITERS, 'write') && (
          <a class="button primary" href="/app/sources/new">
            {t('src.new')}
          </a>
        )}
      </PageHead>
      <FilterBar ctx={ctx} action="/app/sources">
        <SearchField ctx={ctx} value={query.q} hint={t('src.searchHint')} />
        <FilterSelect ctx={ctx} name="kind" label={t('src.kind')} options={kindOptions(ctx)} value={query.kind} />
      </FilterBar>
      <DataTable
        ctx={ctx}
        rows={rows}
        columns={[
          { key: 'kind', label: t('src.kind'), cell: (d) => t(`src.kind.${d.kind as (typeof SOURCE_KINDS)[number]}`) },
          { key: 'number', label: t('src.number'), cell: (d) => d.number ?? (d.theme_year ? String(d.theme_year) : '') },
          { key: 'issued_on', label: t('src.issuedOn'), cell: (d) => (d.issued_on ? formatDate(d.issued_on) : '') },
          { key: 'issuer', label: t('src.issuer'), cell: (d) => d.issuer ?? '' },
          {
            key: 'title',
            label: t('src.docTitle'),
            cell: (d) => (
              <>
                <a href={`/app/schedule?source=${d.id}`}>{d.title}</a>
                {d.file_id && (
                  <>
                    {' '}
                    <a href={`/app/files/${d.file_id}`}>({t('src.file')})</a>
                  </>
                )}
              </>
            ),
          },
        ]}
        actions={rows.some(canEdit) && canOpen(ctx, SOURCE_WRITERS, 'write') ? (d) => (canEdit(d) ? <a href={`/app/sources/${d.id}/edit`}>{t('common.edit')}</a> : null) : undefined}
      />
      <Pager ctx={ctx} page={query.page} pageSize={SOURCE_PAGE_SIZE} total={total} href={(page) => withQuery('/app/sources', { q: query.q, kind: query.kind, page })} />
    </Layout>
  );
}

export function SourceFormPage({ ctx, form, action, isNew }: { ctx: PageContext; form: FormState; action: string; isNew: boolean }) {
  const { t } = ctx;
  const title = isNew ? t('src.new') : t('src.edit');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={uploadAction(ctx, action)} class="card form" enctype="multipart/form-data">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        <Select ctx={ctx} form={form} name="kind" label={t('src.kind')} required empty="—" options={kindOptions(ctx)} />
        <div class="row">
          <Field ctx={ctx} form={form} name="number" label={t('src.number')} maxLength={60} hint="05-CT/TW, 217-QĐ/TW…" />
          <Field ctx={ctx} form={form} name="issued_on" label={t('src.issuedOn')} date />
          <Field ctx={ctx} form={form} name="theme_year" label={t('src.themeYear')} type="number" />
        </div>
        <Field ctx={ctx} form={form} name="issuer" label={t('src.issuer')} maxLength={200} hint="Bộ Chính trị, Ban Chấp hành Trung ương, Quận ủy…" />
        <Field ctx={ctx} form={form} name="title" label={t('src.docTitle')} required maxLength={500} />
        <div class={'field' + (form.errors.file ? ' has-error' : '')}>
          <label for="f-file">{t('src.file')}</label>
          <FilePicker ctx={ctx} id="f-file" name="file" accept={acceptOf(WORK_FILES)} invalid={!!form.errors.file} />
          {form.errors.file && <small class="error">{resolveMessage(ctx.locale, form.errors.file)}</small>}
        </div>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/sources">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
