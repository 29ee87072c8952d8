import { Csrf, Layout } from '../../ui/layout.tsx';
import { Actions, Field, FormErrors, PageHead, Select, TextArea, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { formatDate, todayInVietnam } from '../../lib/vi/index.ts';
import { resolveMessage } from '../../platform/i18n/index.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { ORG_KINDS } from '../orgs/service.ts';
import type { ProfileView } from './service.ts';
import { can } from '../../platform/access.ts';

export interface TermView {
  id: string;
  org_name: string;
  name: string;
  start_on: string;
  end_on: string | null;
}

const kindLabel = (ctx: PageContext, k: string) => ctx.t(`org.kind.${k}` as MessageKey);
const familyLabel = (ctx: PageContext, f: string) => ctx.t(f === 'state' ? 'doc.family.state' : 'doc.family.party');

/** The office's page: every profile the ward can use (built-in and its own) and the terms of bodies. */
export function ProfilesPage({ ctx, profiles, terms, orgs, termForm }: { ctx: PageContext; profiles: ProfileView[]; terms: TermView[]; orgs: { id: string; name: string }[]; termForm: FormState }) {
  const { t } = ctx;
  const today = todayInVietnam();
  const inForce = (p: ProfileView) => p.effective_from <= today && (p.effective_to === null || p.effective_to >= today);
  return (
    <Layout ctx={ctx} title={t('doc.profiles')} wide>
      <PageHead title={t('doc.profiles')}>
        {can(ctx, 'ward.office') && (
          <a class="button primary" href="/app/documents/profiles/new">
            {t('doc.profile.new')}
          </a>
        )}
      </PageHead>
      <p class="muted">{t('doc.profiles.intro')}</p>
      <DataTable
        ctx={ctx}
        rows={profiles}
        columns={[
          { key: 'name', label: t('doc.profile.name'), rowHeader: true, cell: (p) => <>{p.name}{inForce(p) && <small class="muted"> ({t('doc.profile.current')})</small>}</> },
          { key: 'code', label: t('doc.profile.code'), cell: (p) => <code>{p.code}</code> },
          { key: 'family', label: t('doc.profile.family'), cell: (p) => familyLabel(ctx, p.family) },
          { key: 'from', label: t('doc.profile.from'), cell: (p) => formatDate(p.effective_from) },
          { key: 'to', label: t('doc.profile.to'), cell: (p) => (p.effective_to ? formatDate(p.effective_to) : '') },
          { key: 'owner', label: t('doc.profile.owner'), cell: (p) => (p.ward_id ? t('doc.profile.ward') : t('doc.profile.builtIn')) },
          { key: 'note', label: t('doc.profile.note'), cell: (p) => p.note ?? '' },
        ]}
        actions={(p) => (
          <>
            {can(ctx, 'ward.office') && (
              <>
                <a href={`/app/documents/profiles/new?from=${p.id}`}>{t('doc.profile.copy')}</a> ·{' '}
              </>
            )}
            <a href={`/app/documents/profiles/${p.id}/sample.docx`}>.docx</a>
          </>
        )}
      />
      <h2 id="terms">{t('doc.terms')}</h2>
      <p class="muted">{t('doc.terms.intro')}</p>
      <DataTable
        ctx={ctx}
        rows={terms}
        columns={[
          { key: 'org', label: t('doc.term.org'), cell: (r) => r.org_name },
          { key: 'name', label: t('doc.term.name'), cell: (r) => r.name },
          { key: 'start', label: t('doc.term.start'), cell: (r) => formatDate(r.start_on) },
          { key: 'end', label: t('doc.term.end'), cell: (r) => (r.end_on ? formatDate(r.end_on) : '') },
        ]}
      />
      <FormErrors ctx={ctx} form={termForm} />
      <form method="post" action="/app/documents/terms" class="card form">
        <Csrf ctx={ctx} />
        <Select ctx={ctx} form={termForm} name="org_id" label={t('doc.term.org')} required empty="—" options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        <div class="row">
          <Field ctx={ctx} form={termForm} name="name" label={t('doc.term.name')} maxLength={40} hint="2025 - 2030" />
          <Field ctx={ctx} form={termForm} name="start_on" label={t('doc.term.start')} required date />
          <Field ctx={ctx} form={termForm} name="end_on" label={t('doc.term.end')} date />
        </div>
        <Actions>
          <button type="submit">{t('doc.term.add')}</button>
        </Actions>
      </form>
    </Layout>
  );
}

/** The form that adds a ward profile: a copy of `based_on_id` with its JSON spec to edit. */
export function ProfileFormPage({ ctx, form, bases }: { ctx: PageContext; form: FormState; bases: ProfileView[] }) {
  const { t } = ctx;
  const chosen = new Set(([] as unknown[]).concat(form.values.org_kinds ?? []).map(String));
  const kindsErr = form.errors.org_kinds;
  return (
    <Layout ctx={ctx} title={t('doc.profile.new')} wide>
      <h1>{t('doc.profile.new')}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action="/app/documents/profiles" class="card form">
        <Csrf ctx={ctx} />
        <Select ctx={ctx} form={form} name="based_on_id" label={t('doc.profile.basedOn')} empty="—" options={bases.map((b) => ({ value: b.id, label: `${b.name} (${b.code})` }))} />
        <div class="row">
          <Field ctx={ctx} form={form} name="code" label={t('doc.profile.code')} required maxLength={60} hint="party-399-qd-tw-2026" />
          <Field ctx={ctx} form={form} name="name" label={t('doc.profile.name')} required maxLength={200} />
        </div>
        <div class="row">
          <Select ctx={ctx} form={form} name="family" label={t('doc.profile.family')} required options={['party', 'state'].map((f) => ({ value: f, label: familyLabel(ctx, f) }))} />
          <Field ctx={ctx} form={form} name="effective_from" label={t('doc.profile.from')} required date />
          <Field ctx={ctx} form={form} name="effective_to" label={t('doc.profile.to')} date />
        </div>
        <fieldset class={kindsErr ? 'has-error' : undefined}>
          <legend>{t('doc.profile.kinds')}</legend>
          {ORG_KINDS.map((k) => (
            <label class="check">
              <input type="checkbox" name="org_kinds" value={k} checked={chosen.has(k)} /> {kindLabel(ctx, k)}{' '}
            </label>
          ))}
          {kindsErr && <small class="error">{resolveMessage(ctx.locale, kindsErr)}</small>}
        </fieldset>
        <TextArea ctx={ctx} form={form} name="spec" label={t('doc.profile.spec')} rows={24} />
        <p class="muted">{t('doc.profile.specHint')}</p>
        <Field ctx={ctx} form={form} name="note" label={t('doc.profile.note')} maxLength={500} />
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/documents/profiles">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
