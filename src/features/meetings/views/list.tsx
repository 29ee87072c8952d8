import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, Badge, Checks, Field, FilterBar, FilterSelect, FormErrors, Hidden, PageHead, Pager, SearchField, Select, TextArea, withQuery, type FormState } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { formatDateTime, formatTime } from '../../../lib/vi/index.ts';
import { MEETING_STATUSES, type MeetingListQuery, type MeetingStatus } from '../schema.ts';
import type { meetingPage, KindRow } from '../repo.ts';
import type { OrgRow } from '../../orgs/service.ts';
import { can } from '../../../platform/access.ts';

export const STATUS_TONE: Record<MeetingStatus, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = { draft: 'muted', convened: 'info', held: 'warn', approved: 'ok', cancelled: 'bad' };

export function StatusBadge({ ctx, status }: { ctx: PageContext; status: string }) {
  const s = (MEETING_STATUSES as readonly string[]).includes(status) ? (status as MeetingStatus) : 'draft';
  return <Badge tone={STATUS_TONE[s]}>{ctx.t(`meeting.status.${s}`)}</Badge>;
}

/** A kind's name in the page's language. */
export const kindName = (ctx: PageContext, k: Pick<KindRow, 'name' | 'name_en'> | undefined): string => (k ? (ctx.locale === 'en' && k.name_en ? k.name_en : k.name) : '');

export function MeetingsNav({ ctx, canRecord }: { ctx: PageContext; canRecord: boolean }) {
  const { t } = ctx;
  return (
    <nav class="subnav no-print" aria-label={t('meeting.title')}>
      <a href="/app/meetings">{t('meeting.title')}</a> · <a href="/app/meetings/calendar">{t('meeting.calendar')}</a>
      {canRecord && (
        <>
          {' '}
          · <a href="/app/meetings/kinds">{t('meeting.kinds')}</a>
        </>
      )}
    </nav>
  );
}

type ListRow = Awaited<ReturnType<typeof meetingPage>>['rows'][number];

export function MeetingListPage({ ctx, rows, total, query, orgs, canRecord }: { ctx: PageContext; rows: ListRow[]; total: number; query: MeetingListQuery; orgs: OrgRow[]; canRecord: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('meeting.title')} wide>
      <PageHead title={t('meeting.title')}>
        {canRecord && can(ctx, 'meeting.record') && (
          <a class="button primary" href="/app/meetings/new">
            {t('meeting.new')}
          </a>
        )}
      </PageHead>
      <MeetingsNav ctx={ctx} canRecord={canRecord} />
      <FilterBar ctx={ctx} action="/app/meetings">
        <SearchField ctx={ctx} value={query.q} hint={t('meeting.search')} />
        <FilterSelect ctx={ctx} name="status" label={t('meeting.status')} options={MEETING_STATUSES.filter((s) => canRecord || s !== 'draft').map((s) => ({ value: s, label: t(`meeting.status.${s}`) }))} value={query.status} />
        <FilterSelect ctx={ctx} name="org" label={t('meeting.host')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} value={query.org} />
        <div class="field">
          <label for="year">{t('meeting.year')}</label>
          <input id="year" name="year" type="number" min={2000} max={2100} value={query.year ?? ''} />
        </div>
      </FilterBar>
      <DataTable
        ctx={ctx}
        rows={rows}
        caption={t('meeting.title')}
        empty={t('meeting.none')}
        columns={[
          { key: 'when', label: t('meeting.when'), cell: (r) => `${formatDateTime(r.starts_at)}–${formatTime(r.ends_at)}` },
          { key: 'title', label: t('meeting.name'), cell: (r) => <a href={`/app/meetings/${r.id}`}>{r.title}</a> },
          { key: 'kind', label: t('meeting.kind'), cell: (r) => kindName(ctx, { name: r.kind_name, name_en: r.kind_name_en }) },
          { key: 'host', label: t('meeting.host'), cell: (r) => r.host_name },
          { key: 'place', label: t('meeting.place'), cell: (r) => r.place },
          { key: 'status', label: t('meeting.status'), cell: (r) => <StatusBadge ctx={ctx} status={r.status} /> },
        ]}
      />
      <Pager ctx={ctx} page={query.page} pageSize={query.page_size} total={total} href={(page) => withQuery('/app/meetings', { q: query.q, status: query.status, org: query.org, year: query.year, page })} />
    </Layout>
  );
}

export interface FormOptions {
  kinds: KindRow[];
  orgs: OrgRow[];
  people: { id: string; full_name: string }[];
}

export function MeetingFormPage({ ctx, form, action, isNew, options }: { ctx: PageContext; form: FormState; action: string; isNew: boolean; options: FormOptions }) {
  const { t } = ctx;
  const title = isNew ? t('meeting.new') : t('meeting.edit');
  const people = options.people.map((p) => ({ value: p.id, label: p.full_name }));
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        <Select ctx={ctx} form={form} name="kind_id" label={t('meeting.kind')} required empty={t('meeting.choose')} options={options.kinds.map((k) => ({ value: k.id, label: kindName(ctx, k) }))} />
        <Field ctx={ctx} form={form} name="title" label={t('meeting.name')} required maxLength={300} hint="Ban Thường vụ Đảng ủy làm việc với MTTQ và các đoàn thể về nhiệm vụ trọng tâm năm 2017" />
        <div class="row">
          <Field ctx={ctx} form={form} name="date" label={t('meeting.date')} required date />
          <Field ctx={ctx} form={form} name="start_time" label={t('meeting.startTime')} required maxLength={5} hint="14:00" />
          <Field ctx={ctx} form={form} name="end_time" label={t('meeting.endTime')} required maxLength={5} hint="17:00" />
          <Field ctx={ctx} form={form} name="end_date" label={t('meeting.endDate')} date />
        </div>
        <Field ctx={ctx} form={form} name="place" label={t('meeting.place')} required maxLength={200} hint="phòng họp số 1 UBND" />
        <Select ctx={ctx} form={form} name="host_org_id" label={t('meeting.host')} required empty={t('meeting.choose')} options={options.orgs.map((o) => ({ value: o.id, label: o.name }))} />
        <div class="row">
          <Select ctx={ctx} form={form} name="chair_person_id" label={t('meeting.chair')} empty={t('meeting.choose')} options={people} />
          <Select ctx={ctx} form={form} name="secretary_person_id" label={t('meeting.secretary')} empty={t('meeting.choose')} options={people} />
        </div>
        <Checks ctx={ctx} form={form} name="invited_org_ids" label={t('meeting.invited')} options={options.orgs.map((o) => ({ value: o.id, label: o.name }))} />
        <TextArea ctx={ctx} form={form} name="summary" label={t('meeting.summary')} rows={4} />
        <Field ctx={ctx} form={form} name="others_text" label={t('meeting.others')} maxLength={1000} hint="các đồng chí thường vụ Đảng ủy; các đồng chí trưởng, phó các đoàn thể chính trị - xã hội" />
        <label class="check">
          <input type="checkbox" name="is_public" value="1" checked={!!form.values.is_public && form.values.is_public !== '0'} /> {t('meeting.isPublic')}
        </label>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/meetings">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
