import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, Select, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate, formatDateTime } from '../../lib/vi/index.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import { publicUrlIsLocal } from './invite.ts';

/** One person the picker offers: name, birth date, whether an account exists. */
export interface PickRow {
  id: string;
  full_name: string;
  birth_date: string | null;
  account: { id: string; username: string } | null;
}

/** GET /app/users/invite without a person: find the person the account is for. */
export function InvitePickPage({ ctx, q, rows }: { ctx: PageContext; q: string; rows: PickRow[] | null }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('invite.pickTitle')}>
      <h1>{t('invite.pickTitle')}</h1>
      <p class="lead">{t('invite.pickLead')}</p>
      <form method="get" action="/app/users/invite" class="card inline-form" role="search">
        <div class="field grow">
          <label for="invite-q">{t('invite.searchPerson')}</label>
          <input id="invite-q" name="q" type="search" value={q} maxLength={100} aria-describedby="invite-q-hint" />
          <small id="invite-q-hint" class="hint">
            {t('invite.searchHint')}
          </small>
        </div>
        <button type="submit">{t('common.search')}</button>
      </form>
      {rows && rows.length === 0 && <p class="muted">{t('invite.noPeople')}</p>}
      {rows && rows.length > 0 && (
        <ul class="card pick-list">
          {rows.map((p) => (
            <li>
              <strong>{p.full_name}</strong>
              {p.birth_date && <span class="muted"> · {formatDate(p.birth_date)}</span>}{' '}
              {p.account ? (
                <a href={`/app/users/${p.account.id}`}>{t('invite.hasAccountLink', { username: p.account.username })}</a>
              ) : (
                <a class="button" href={`/app/users/invite?person_id=${p.id}`}>
                  {t('invite.choose')}
                  <span class="sr-only"> {p.full_name}</span>
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/app/users">{t('common.back')}</a>
      </p>
    </Layout>
  );
}

/** The invitation form for one person: username, role, organization, e-mail. */
export function InviteFormPage({ ctx, form, person, existing, orgOptions }: { ctx: PageContext; form: FormState; person: { id: string; full_name: string }; existing: { id: string; username: string } | null; orgOptions: Option[] }) {
  const { t } = ctx;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <Layout ctx={ctx} title={t('invite.title', { name: person.full_name })}>
      <h1>{t('invite.title', { name: person.full_name })}</h1>
      {existing ? (
        <p class="notice warn">
          {t('invite.hasAccount')} <a href={`/app/users/${existing.id}`}>{t('invite.hasAccountLink', { username: existing.username })}</a>
        </p>
      ) : (
        <>
          <p class="lead">{t('invite.lead', { name: person.full_name })}</p>
          <FormErrors ctx={ctx} form={form} />
          <form method="post" action="/app/users/invite" class="card form">
            <Csrf ctx={ctx} />
            <Hidden name="person_id" value={person.id} />
            <Field ctx={ctx} form={form} name="username" label={t('user.username')} required maxLength={50} autocomplete="off" hint={t('user.usernameRule')} />
            <div class="row">
              <Select ctx={ctx} form={form} name="role" label={t('user.role')} required empty="—" options={roleOptions} />
              <Select ctx={ctx} form={form} name="org_id" label={t('user.scopeOrg')} empty="—" options={orgOptions} />
            </div>
            <p class="hint">{t('invite.orgHint')}</p>
            <Field ctx={ctx} form={form} name="email" label={t('invite.email')} type="email" maxLength={200} autocomplete="off" hint={t('invite.emailHint')} />
            <Actions>
              <button type="submit" class="primary">
                {t('invite.submit')}
              </button>
              <a href="/app/users">{t('common.cancel')}</a>
            </Actions>
          </form>
        </>
      )}
    </Layout>
  );
}

/** How the link went out besides this page. */
export type MailOutcome = 'sent' | 'failed' | 'noSmtp' | 'noEmail';

/** The link, shown once (POST answer, never cached): copy, print, or the e-mail already sent. */
export function InviteDonePage({ ctx, made, url, mail, reset }: { ctx: PageContext; made: { userId: string; username: string; displayName: string; expiresAt: string; email: string | null }; url: string; mail: MailOutcome; reset?: boolean }) {
  const { t } = ctx;
  const title = reset ? t('invite.linkTitle', { name: made.displayName }) : t('invite.doneTitle', { username: made.username });
  const mailNote = {
    sent: t('invite.mailed', { email: made.email ?? '' }),
    failed: t('invite.mailFailed', { email: made.email ?? '' }),
    noSmtp: t('invite.noMail'),
    noEmail: t('invite.noEmail'),
  }[mail];
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <section class="card invite-link" role="status">
        <h2>{t('invite.linkTitle', { name: made.displayName })}</h2>
        <p class="notice warn">{t('invite.shownOnce', { name: made.displayName })}</p>
        {publicUrlIsLocal(url) && <p class="notice warn">{t('invite.localUrl')}</p>}
        <div class="field">
          <label for="invite-url">{t('invite.linkLabel')}</label>
          <textarea id="invite-url" class="link-value" readOnly rows={3} spellcheck={false}>
            {url}
          </textarea>
        </div>
        <p class="no-print">
          <button type="button" data-copy="invite-url" data-copied={t('invite.copied')} aria-describedby="invite-copy-status" hidden>
            {t('invite.copy')}
          </button>{' '}
          <span id="invite-copy-status" role="status" />
        </p>
        <p>
          {t('user.username')}: <strong>{made.username}</strong>
        </p>
        <p>{t('invite.expires', { time: formatDateTime(made.expiresAt) })}</p>
        <p class={mail === 'failed' ? 'notice warn' : 'muted'}>{mailNote}</p>
      </section>
      <p class="no-print">
        <a href={`/app/users/${made.userId}`}>{t('invite.toAccount')}</a> · <a href="/app/users/invite">{t('invite.another')}</a>
      </p>
    </Layout>
  );
}

/** GET /activate/:token for a live link: whose account it is, and the password form. */
export function ActivatePage({ ctx, token, link, form }: { ctx: PageContext; token: string; link: { displayName: string; username: string; wardName: string }; form: FormState }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('activate.title')}>
      <h1>{t('activate.title')}</h1>
      <p class="lead">{t('activate.lead', { name: link.displayName, username: link.username, ward: link.wardName })}</p>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={`/activate/${token}`} class="card form">
        {/* The username, for password managers; not sent (disabled). */}
        <input type="text" name="username" value={link.username} autocomplete="username" hidden disabled />
        <Field ctx={ctx} form={form} name="password" label={t('activate.password')} type="password" required maxLength={200} autocomplete="new-password" hint={t('auth.weak')} />
        <Field ctx={ctx} form={form} name="password_confirm" label={t('activate.confirm')} type="password" required maxLength={200} autocomplete="new-password" />
        <Actions>
          <button type="submit" class="primary">
            {t('activate.submit')}
          </button>
        </Actions>
      </form>
    </Layout>
  );
}

/** 404 (unknown), 410 (expired, used, revoked, locked) or 429 (too many guesses): what happened, whom to ask. */
export function LinkGonePage({ ctx, state, wardName, minutes }: { ctx: PageContext; state: 'unknown' | 'expired' | 'used' | 'revoked' | 'disabled' | 'throttled'; wardName?: string; minutes?: number }) {
  const { t } = ctx;
  const title = state === 'unknown' || state === 'throttled' ? t('invite.unknown.title') : t('invite.gone.title');
  return (
    <Layout ctx={ctx} title={title}>
      <section class="error-page">
        <h1>{title}</h1>
        {state === 'unknown' && <p>{t('invite.unknown.body')}</p>}
        {state === 'throttled' && <p>{t('invite.throttled', { minutes: minutes ?? 15 })}</p>}
        {state !== 'unknown' && state !== 'throttled' && (
          <>
            <p>{t(`invite.gone.${state}`)}</p>
            <p>{state === 'used' ? t('invite.gone.usedAsk', { ward: wardName ?? '' }) : t('invite.gone.ask', { ward: wardName ?? '' })}</p>
          </>
        )}
        <p>
          <a href="/login">{t('invite.toLogin')}</a>
        </p>
      </section>
    </Layout>
  );
}
