import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, type FormState } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import type { KindRow } from '../repo.ts';
import { MeetingsNav } from './list.tsx';

/** Meeting kinds: the built-in ones and the ward's own, which the office adds, hides and shows again. */
export function KindsPage({ ctx, kinds, form }: { ctx: PageContext; kinds: KindRow[]; form: FormState }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('meeting.kinds')}>
      <h1>{t('meeting.kinds')}</h1>
      <MeetingsNav ctx={ctx} canRecord />
      <DataTable
        ctx={ctx}
        rows={kinds}
        caption={t('meeting.kinds')}
        columns={[
          { key: 'name', label: t('meeting.kind.name'), cell: (k) => k.name },
          { key: 'name_en', label: t('meeting.kind.nameEn'), cell: (k) => k.name_en ?? '' },
          { key: 'origin', label: t('meeting.status'), cell: (k) => (k.ward_id ? (k.active ? t('common.active') : t('common.ended')) : t('meeting.kind.builtIn')) },
        ]}
        actions={(k) =>
          k.ward_id ? (
            <form method="post" action={`/app/meetings/kinds/${k.id}/active`} class="inline-form">
              <Csrf ctx={ctx} />
              <Hidden name="active" value={k.active ? '0' : '1'} />
              <button type="submit">{k.active ? t('meeting.kind.hide') : t('meeting.kind.show')}</button>
            </form>
          ) : null
        }
      />
      <h2>{t('meeting.kind.add')}</h2>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action="/app/meetings/kinds" class="card form">
        <Csrf ctx={ctx} />
        <div class="row">
          <Field ctx={ctx} form={form} name="name" label={t('meeting.kind.name')} required maxLength={100} hint="Hội nghị sơ kết, Họp liên tịch…" />
          <Field ctx={ctx} form={form} name="name_en" label={t('meeting.kind.nameEn')} maxLength={100} />
        </div>
        <Actions>
          <button type="submit" class="primary">
            {t('meeting.add')}
          </button>
        </Actions>
      </form>
    </Layout>
  );
}
