// Pages of the first-run setup: the form (/setup) and the page shown once setup is done (410).
import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Field, FormErrors, Select, TextArea, uniqueId, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { resolveMessage, type MessageKey } from '../../platform/i18n/index.ts';
import { PROVINCES_2025 } from './provinces.ts';
import { DISTRICT_KINDS, GROUP_KINDS, PROVINCE_KINDS, SHAPES, WARD_KINDS } from './schema.ts';

const kinds = (ctx: PageContext, values: readonly string[]): Option[] => values.map((v) => ({ value: v, label: ctx.t(`unit.kind.${v}` as MessageKey) }));
/** A city at the district level is a provincial city (thành phố thuộc tỉnh), not a centrally governed one. */
const districtKinds = (ctx: PageContext): Option[] => kinds(ctx, DISTRICT_KINDS).map((o) => (o.value === 'thanh_pho' ? { ...o, label: ctx.t('setup.kind.districtCity') } : o));

/** The province name with the 2025 list offered as a datalist (names; the code is shown beside). */
function ProvinceName({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const { t } = ctx;
  const err = form.errors.province_name;
  const id = uniqueId(ctx, 'f-province_name');
  const value = form.values.province_name;
  return (
    <div class={'field' + (err ? ' has-error' : '')}>
      <label for={id}>
        {t('setup.name')}
        <span class="req"> *<span class="sr-only"> ({t('common.required')})</span></span>
      </label>
      <input id={id} name="province_name" list="provinces-2025" required maxLength={120} value={typeof value === 'string' ? value : ''} aria-invalid={err ? 'true' : undefined} aria-describedby={`${id}-hint${err ? ` ${id}-err` : ''}`} autocomplete="off" />
      <datalist id="provinces-2025">
        {PROVINCES_2025.map((p) => (
          <option value={p.name}>{`${t(`unit.kind.${p.kind}` as MessageKey)}${p.code ? ` · ${p.code}` : ''}`}</option>
        ))}
      </datalist>
      <small id={`${id}-hint`} class="hint">
        {t('setup.provinceHint')}
      </small>
      {err && (
        <small id={`${id}-err`} class="error">
          {resolveMessage(ctx.locale, err)}
        </small>
      )}
    </div>
  );
}

function ShapeChoice({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const current = form.values.shape === '2017' ? '2017' : '2025';
  return (
    <fieldset class="checks">
      <legend>{ctx.t('setup.shape')}</legend>
      {SHAPES.map((s) => (
        <label class="check">
          <input type="radio" name="shape" value={s} checked={current === s} /> {ctx.t(s === '2025' ? 'setup.shape2025' : 'setup.shape2017')}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The setup form. `message` is a refusal of the whole form (wrong code, too many attempts), shown
 * above it; field messages sit under their fields. Passwords are never filled back in.
 */
export function SetupPage({ ctx, form, message }: { ctx: PageContext; form: FormState; message?: string | undefined }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('setup.title')}>
      <section class="card">
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        {message ? (
          <p class="form-errors" role="alert">
            {message}
          </p>
        ) : (
          <FormErrors ctx={ctx} form={form} />
        )}
        <form method="post" action="/setup">
          <Csrf ctx={ctx} />
          <Field ctx={ctx} form={form} name="setup_code" label={t('setup.code')} required hint={t('setup.codeHint')} autocomplete="off" maxLength={100} />
          <ShapeChoice ctx={ctx} form={form} />
          <fieldset>
            <legend>{t('setup.province')}</legend>
            <div class="row">
              <Select ctx={ctx} form={form} name="province_kind" label={t('setup.kind')} options={kinds(ctx, PROVINCE_KINDS)} required />
              <ProvinceName ctx={ctx} form={form} />
              <Field ctx={ctx} form={form} name="province_code" label={t('setup.unitCode')} maxLength={30} />
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('setup.district')}</legend>
            <div class="row">
              <Select ctx={ctx} form={form} name="district_kind" label={t('setup.kind')} options={districtKinds(ctx)} empty="—" />
              <Field ctx={ctx} form={form} name="district_name" label={t('setup.name')} maxLength={120} />
              <Field ctx={ctx} form={form} name="district_code" label={t('setup.unitCode')} maxLength={30} />
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('setup.ward')}</legend>
            <div class="row">
              <Select ctx={ctx} form={form} name="ward_kind" label={t('setup.kind')} options={kinds(ctx, WARD_KINDS)} required />
              <Field ctx={ctx} form={form} name="ward_name" label={t('setup.name')} required maxLength={120} />
              <Field ctx={ctx} form={form} name="ward_code" label={t('setup.unitCode')} required maxLength={30} />
            </div>
            <Field ctx={ctx} form={form} name="valid_from" label={t('setup.validFrom')} date maxLength={20} />
          </fieldset>
          <fieldset>
            <legend>{t('setup.groups')}</legend>
            <Select ctx={ctx} form={form} name="groups_kind" label={t('setup.groupsKind')} options={kinds(ctx, GROUP_KINDS)} required />
            <TextArea ctx={ctx} form={form} name="groups" label={t('setup.groupsList')} rows={6} />
          </fieldset>
          <fieldset>
            <legend>{t('setup.admin')}</legend>
            <div class="row">
              <Field ctx={ctx} form={form} name="admin_username" label={t('setup.adminUsername')} required hint={t('setup.adminUsernameHint')} autocomplete="username" maxLength={50} />
              <Field ctx={ctx} form={form} name="admin_name" label={t('setup.adminName')} required autocomplete="name" maxLength={120} />
            </div>
            <div class="row">
              <Field ctx={ctx} form={form} name="admin_password" label={t('setup.adminPassword')} type="password" required autocomplete="new-password" maxLength={200} />
              <Field ctx={ctx} form={form} name="admin_password_confirm" label={t('setup.adminPasswordConfirm')} type="password" required autocomplete="new-password" maxLength={200} />
            </div>
          </fieldset>
          <Actions>
            <button type="submit" class="primary">
              {t('setup.submit')}
            </button>
          </Actions>
        </form>
      </section>
    </Layout>
  );
}

/** What /setup answers once any account exists (status 410). */
export function SetupGonePage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('setup.goneTitle')}>
      <section class="narrow card">
        <h1>{t('setup.goneTitle')}</h1>
        <p>{t('setup.gone')}</p>
        <p>
          <a class="button" href="/login">
            {t('setup.goLogin')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
