import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Badge, Field, FilterBar, FilterSelect, FormErrors, Hidden, PageHead, Pager, SearchField, Select, emptyForm, withQuery, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { formatDateTime } from '../../lib/vi/index.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import type { T } from '../../platform/i18n/index.ts';
import { PAGE_SIZE, type TokenRow, type WardGrant, type WardUser } from './service.ts';
import type { UsersQuery } from './schema.ts';
import { can } from '../../platform/access.ts';

const roleOptions = (t: T): Option[] => ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));

/** "Người đứng đầu tổ chức (Hội Liên hiệp Phụ nữ phường)" */
export function grantLabel(t: T, g: Pick<WardGrant, 'role' | 'org_name'>): string {
  return g.org_name ? `${t(`role.${g.role}`)} (${g.org_name})` : t(`role.${g.role}`);
}

function StatusBadge({ t, disabled }: { t: T; disabled: number }) {
  return disabled ? <Badge tone="bad">{t('user.disabled')}</Badge> : <Badge tone="ok">{t('common.active')}</Badge>;
}

export function UsersListPage({ ctx, items, total, query }: { ctx: PageContext; items: WardUser[]; total: number; query: UsersQuery }) {
  const { t } = ctx;
  const params = { q: query.q, role: query.role };
  return (
    <Layout ctx={ctx} title={t('user.title')} wide>
      <PageHead title={t('user.title')}>
        <a class="button primary" href="/app/users/invite">
          {t('user.new')}
        </a>
      </PageHead>
      <FilterBar ctx={ctx} action="/app/users">
        <SearchField ctx={ctx} value={query.q} hint={t('user.searchHint')} />
        <FilterSelect ctx={ctx} name="role" label={t('user.role')} options={roleOptions(t)} value={query.role} />
      </FilterBar>
      <DataTable
        ctx={ctx}
        rows={items}
        columns={[
          { key: 'username', label: t('user.username'), cell: (u) => <a href={`/app/users/${u.id}`}>{u.username}</a> },
          { key: 'display_name', label: t('user.displayName'), cell: (u) => u.display_name },
          {
            key: 'roles',
            label: t('user.roles'),
            cell: (u) => (
              <>
                {u.grants.map((g) => grantLabel(t, g)).join('; ') || <span class="muted">—</span>}
                {u.elsewhere && <span class="muted"> · {t('user.alsoElsewhere')}</span>}
              </>
            ),
          },
          { key: 'status', label: t('user.status'), cell: (u) => <StatusBadge t={t} disabled={u.disabled} /> },
        ]}
      />
      <Pager ctx={ctx} page={query.page} pageSize={PAGE_SIZE} total={total} href={(page) => withQuery('/app/users', { ...params, page })} />
    </Layout>
  );
}

export function UserNewPage({ ctx, form, orgOptions }: { ctx: PageContext; form: FormState; orgOptions: Option[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('user.new')}>
      <h1>{t('user.new')}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action="/app/users" class="card form">
        <Csrf ctx={ctx} />
        <Field ctx={ctx} form={form} name="username" label={t('user.username')} required maxLength={50} autocomplete="off" hint={t('user.usernameRule')} />
        <Field ctx={ctx} form={form} name="display_name" label={t('user.displayName')} required maxLength={120} autocomplete="off" />
        <Field ctx={ctx} form={form} name="password" label={t('user.password')} type="password" required maxLength={200} autocomplete="new-password" hint={t('auth.weak')} />
        <div class="row">
          <Select ctx={ctx} form={form} name="role" label={t('user.role')} required empty="—" options={roleOptions(t)} />
          <Select ctx={ctx} form={form} name="org_id" label={t('user.scopeOrg')} empty="—" options={orgOptions} />
        </div>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/users">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

export interface UserForms {
  name?: FormState;
  grant?: FormState;
}

export function UserPage({ ctx, user, orgOptions, forms = {}, awaiting = false }: { ctx: PageContext; user: WardUser; orgOptions: Option[]; forms?: UserForms; awaiting?: boolean }) {
  const { t } = ctx;
  const base = `/app/users/${user.id}`;
  const self = ctx.user?.id === user.id;
  const nameForm = forms.name ?? emptyForm({ display_name: user.display_name, version: user.version });
  const grantForm = forms.grant ?? emptyForm();
  return (
    <Layout ctx={ctx} title={user.username} wide>
      <div class="page-head">
        <h1>
          {user.display_name} <span class="muted">({user.username})</span>
        </h1>
        <div class="head-actions">
          <StatusBadge t={t} disabled={user.disabled} />
          {awaiting && <Badge tone="warn">{t('invite.awaiting')}</Badge>}
        </div>
      </div>
      {user.elsewhere && <p class="notice warn">{t('user.elsewhere')}</p>}
      <section class="card">
        <h2>{t('user.roles')}</h2>
        <DataTable
          ctx={ctx}
          rows={user.grants}
          empty={t('common.none')}
          emptyClass="muted"
          columns={[{ key: 'role', label: t('user.role'), cell: (g) => grantLabel(t, g) }]}
          actions={(g) =>
            !(self && g.role === 'admin') && (
              <form method="post" action={`${base}/grants/${g.id}/remove`} class="inline">
                <Csrf ctx={ctx} />
                <button type="submit">{t('user.removeRole')}</button>
              </form>
            )
          }
        />
        <h3>{t('user.addRole')}</h3>
        <FormErrors ctx={ctx} form={grantForm} />
        <form method="post" action={`${base}/grants`} class="inline-form">
          <Csrf ctx={ctx} />
          <Select ctx={ctx} form={grantForm} name="role" label={t('user.role')} required empty="—" options={roleOptions(t)} />
          <Select ctx={ctx} form={grantForm} name="org_id" label={t('user.scopeOrg')} empty="—" options={orgOptions} />
          <button type="submit">{t('user.addRole')}</button>
        </form>
      </section>
      {!user.elsewhere && (
        <>
          <section class="card">
            <h2>{t('user.editName')}</h2>
            <FormErrors ctx={ctx} form={nameForm} />
            <form method="post" action={base} class="inline-form">
              <Csrf ctx={ctx} />
              <Hidden name="version" value={nameForm.values.version} />
              <Field ctx={ctx} form={nameForm} name="display_name" label={t('user.displayName')} required maxLength={120} autocomplete="off" />
              <button type="submit">{t('common.save')}</button>
            </form>
          </section>
          {!self && !user.disabled && (
            <section class="card">
              <h2>{awaiting ? t('invite.reinvite') : t('invite.resetLink')}</h2>
              <p class="muted">{awaiting ? t('invite.reinviteHint') : t('invite.resetLinkHint')}</p>
              <form method="post" action={`${base}/invite`} class="inline-form">
                <Csrf ctx={ctx} />
                <button type="submit">{awaiting ? t('invite.reinvite') : t('invite.resetLink')}</button>
              </form>
            </section>
          )}
          {!self && (
            <section class="card danger-zone">
              <h2>{user.disabled ? t('user.enable') : t('user.disable')}</h2>
              {!user.disabled && <p class="muted">{t('user.disableHint')}</p>}
              <form method="post" action={`${base}/${user.disabled ? 'enable' : 'disable'}`} class="inline-form">
                <Csrf ctx={ctx} />
                <button type="submit">{user.disabled ? t('user.enable') : t('user.disable')}</button>
              </form>
            </section>
          )}
        </>
      )}
      <p>
        {can(ctx, 'audit.read') && (
          <>
            <a href={`/app/audit?entity=${user.id}`}>{t('user.history')}</a> ·{' '}
          </>
        )}
        <a href="/app/users">{t('common.back')}</a>
      </p>
    </Layout>
  );
}

function tokenState(t: T, tok: TokenRow, now: string) {
  if (tok.revoked_at) return <Badge tone="muted">{t('token.revoked')}</Badge>;
  if (tok.expires_at && tok.expires_at <= now) return <Badge tone="warn">{t('token.expired')}</Badge>;
  return <Badge tone="ok">{t('common.active')}</Badge>;
}

export function TokensPage({ ctx, tokens, form, made, now }: { ctx: PageContext; tokens: TokenRow[]; form: FormState; made?: { name: string; token: string }; now: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('token.title')}>
      <h1>{t('token.title')}</h1>
      <p class="lead">{t('token.lead')}</p>
      {made && (
        <section class="card" role="status">
          <h2>{t('token.created', { name: made.name })}</h2>
          <p class="notice warn">{t('token.shownOnce')}</p>
          <label for="new-token">{t('token.value')}</label>
          <input id="new-token" readOnly value={made.token} size={60} autocomplete="off" />
        </section>
      )}
      <section class="card">
        <h2>{t('token.new')}</h2>
        <FormErrors ctx={ctx} form={form} />
        <form method="post" action="/app/account/tokens" class="inline-form">
          <Csrf ctx={ctx} />
          <Field ctx={ctx} form={form} name="name" label={t('token.name')} required maxLength={100} autocomplete="off" />
          <Field ctx={ctx} form={form} name="days" label={t('token.days')} type="number" hint={t('token.daysHint')} />
          <button type="submit" class="primary">
            {t('token.create')}
          </button>
        </form>
      </section>
      <section class="card">
        <h2>{t('token.list')}</h2>
        <DataTable
          ctx={ctx}
          rows={tokens}
          empty={t('common.none')}
          emptyClass="muted"
          columns={[
            { key: 'name', label: t('token.name'), cell: (tok) => tok.name },
            { key: 'created_at', label: t('token.createdAt'), cell: (tok) => formatDateTime(tok.created_at) },
            { key: 'expires_at', label: t('token.expires'), cell: (tok) => (tok.expires_at ? formatDateTime(tok.expires_at) : t('token.never')) },
            { key: 'status', label: t('user.status'), cell: (tok) => tokenState(t, tok, now) },
          ]}
          actions={(tok) =>
            !tok.revoked_at && (
              <form method="post" action={`/app/account/tokens/${tok.id}/revoke`} class="inline">
                <Csrf ctx={ctx} />
                <button type="submit">{t('token.revoke')}</button>
              </form>
            )
          }
        />
      </section>
      <p>
        <a href="/app/account">{t('common.back')}</a>
      </p>
    </Layout>
  );
}
