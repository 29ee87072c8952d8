// The preview of organizations from a template (/app/orgs/template): the choices form with its one
// "Tạo các tổ chức" button, then the tree that will be created and its relations. docs/DESIGN.md D37.
import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Badge, Field, FormErrors, PageHead, Select, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { isMessageKey, resolveMessage } from '../../platform/i18n/index.ts';
import { formatDate } from '../../lib/vi/index.ts';
import { Indent, kindLabel } from './views.tsx';
import type { PlannedOrg, PlannedRelation, TemplatePlan } from './template-service.ts';
import { TEMPLATE_KEYS } from './templates.ts';

const templateName = (ctx: PageContext, key: string) => {
  const k = `org.template.name.${key}`;
  return isMessageKey(k) ? ctx.t(k) : key;
};

const Status = ({ ctx, exists }: { ctx: PageContext; exists: boolean }) =>
  exists ? <Badge tone="muted">{ctx.t('org.template.exists')}</Badge> : <Badge tone="ok">{ctx.t('org.template.willCreate')}</Badge>;

/** The choices: template, first day, Hội Nông dân; "Xem lại" re-renders, "Tạo các tổ chức" creates. */
function ChoiceForm({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const { t } = ctx;
  const farmers = form.values.with_farmers === true || form.values.with_farmers === '1' || form.values.with_farmers === 'on';
  const err = form.errors.with_farmers;
  return (
    <form method="post" action="/app/orgs/template" class="card form no-print">
      <Csrf ctx={ctx} />
      <FormErrors ctx={ctx} form={form} />
      <div class="row">
        <Select ctx={ctx} form={form} name="template" label={t('org.template.field')} required options={TEMPLATE_KEYS.map((k) => ({ value: k, label: templateName(ctx, k) }))} />
        <Field ctx={ctx} form={form} name="valid_from" label={t('org.template.validFrom')} date required />
      </div>
      <div class={err ? 'has-error' : undefined}>
        <label class="check" for="f-with_farmers">
          <input id="f-with_farmers" name="with_farmers" type="checkbox" value="1" checked={farmers} aria-describedby="f-with_farmers-hint" /> {t('org.template.withFarmers')}
        </label>
        <p id="f-with_farmers-hint" class="hint">
          {t('org.template.withFarmersHint')}
        </p>
        {err && <p class="error">{resolveMessage(ctx.locale, err)}</p>}
      </div>
      <Actions>
        <button type="submit" name="preview" value="1">
          {t('org.template.refresh')}
        </button>
        <button type="submit" class="primary">
          {t('org.template.create')}
        </button>
      </Actions>
    </form>
  );
}

/** The tree: name (with its short name, and its first day when a group began later), kind, higher body, what happens. */
function OrgsTable({ ctx, orgs, validFrom }: { ctx: PageContext; orgs: PlannedOrg[]; validFrom: string }) {
  const { t } = ctx;
  return (
    <DataTable
      ctx={ctx}
      rows={orgs}
      class="org-tree"
      caption={t('org.template.orgsCaption')}
      showCaption
      rowData={(o) => ({ 'data-depth': o.depth })}
      rowClass={(o) => (o.existingId ? 'ended' : undefined)}
      columns={[
        {
          key: 'name',
          label: t('org.name'),
          cell: (o) => (
            <>
              <span>
                <Indent depth={o.depth} />
                {o.existingId ? <a href={`/app/orgs/${o.existingId}`}>{o.name}</a> : o.name}
              </span>{' '}
              <small class="muted">
                {o.short_name}
                {o.validFrom !== validFrom && ` · ${t('common.from')} ${formatDate(o.validFrom)}`}
              </small>
            </>
          ),
        },
        { key: 'kind', label: t('org.kind'), cell: (o) => kindLabel(ctx, o.kind) },
        { key: 'higher', label: t('org.higherBody'), cell: (o) => o.higher_body ?? '' },
        { key: 'status', label: t('org.template.action'), cell: (o) => <Status ctx={ctx} exists={!!o.existingId} /> },
      ]}
    />
  );
}

function RelationsTable({ ctx, relations }: { ctx: PageContext; relations: PlannedRelation[] }) {
  const { t } = ctx;
  return (
    <DataTable
      ctx={ctx}
      rows={relations}
      caption={t('org.template.relationsCaption')}
      showCaption
      columns={[
        { key: 'from', label: t('org.name'), cell: (r) => r.fromName },
        { key: 'relation', label: t('org.relation.kind'), cell: (r) => t(`org.relation.${r.relation}`) },
        { key: 'to', label: t('org.relation.other'), cell: (r) => r.toName },
        { key: 'status', label: t('org.template.action'), cell: (r) => <Status ctx={ctx} exists={r.exists} /> },
      ]}
    />
  );
}

/** The preview page: `plan` for the values of `form` (which are shown again as typed after a refusal). */
export function OrgTemplatePage({ ctx, plan, form }: { ctx: PageContext; plan: TemplatePlan; form: FormState }) {
  const { t } = ctx;
  const about = `org.template.about.${plan.template}`;
  return (
    <Layout ctx={ctx} title={t('org.template.title')} wide>
      <PageHead title={t('org.template.title')}>
        <a class="button no-print" href="/app/orgs">
          {t('common.back')}
        </a>
      </PageHead>
      <ChoiceForm ctx={ctx} form={form} />
      <section class="card" aria-labelledby="tpl-summary">
        <h2 id="tpl-summary">{templateName(ctx, plan.template)}</h2>
        {isMessageKey(about) && <p class="hint">{t(about)}</p>}
        <p>{t('org.template.summary', { n: plan.toCreate, relations: plan.relationsToCreate, skipped: plan.skipped, ward: plan.ward.name, date: formatDate(plan.validFrom) })}</p>
        {plan.groups.length > 0 ? (
          <p>{t('org.template.groups', { n: plan.groups.length, names: plan.groups.map((g) => g.name).join(', ') })}</p>
        ) : (
          <p class="notice warn">{t('org.template.noGroups')}</p>
        )}
        {plan.toCreate === 0 && <p class="notice">{t('org.template.nothing')}</p>}
      </section>
      <OrgsTable ctx={ctx} orgs={plan.orgs} validFrom={plan.validFrom} />
      {plan.relations.length > 0 && <RelationsTable ctx={ctx} relations={plan.relations} />}
    </Layout>
  );
}
