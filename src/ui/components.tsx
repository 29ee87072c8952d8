import { options, type ComponentChildren } from 'preact';
import type { PageContext } from './context.ts';
import { resolveMessage } from '../platform/i18n/index.ts';
import { lookupMessage } from '../platform/i18n/registry.ts';
import type { FieldErrors } from '../platform/errors.ts';
import { formatDate } from '../lib/vi/index.ts';

/**
 * Every form the app draws carries `novalidate` (D58): the browser's own bubbles ("Please fill out
 * this field", in the browser's language) never stand in front of the server's Vietnamese messages
 * (by the field and in the summary, D53). Installed once, here, as a preact vnode hook, so a
 * hand-written `<form>` anywhere gets it too; `required`, `type`, `maxLength` stay for assistive tech.
 */
const previousVnodeHook = options.vnode;
options.vnode = (vnode) => {
  if (vnode.type === 'form') (vnode.props as Record<string, unknown>).noValidate = true; // a fresh props object per vnode
  previousVnodeHook?.(vnode);
};

export interface FormState {
  values: Record<string, unknown>;
  errors: FieldErrors;
}

export const emptyForm = (values: Record<string, unknown> = {}): FormState => ({ values, errors: {} });

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

/** ISO date -> dd/mm/yyyy for a form field; other text as typed. */
export function dateValue(v: unknown): string {
  const s = str(v);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? formatDate(s) : s;
}

const idsOfPage = new WeakMap<Pick<PageContext, 't'>, Map<string, number>>();

/**
 * An element id unique on the page being rendered for `ctx` (one PageContext per request): the
 * first `f-valid_to` keeps its name, the next ones become `f-valid_to-2`, `f-valid_to-3`… So two
 * forms of one page that share a field name (an organization's relation form and end form) never
 * give two inputs one id, whether or not their author set an `idPrefix` (D29). Labels, hints and
 * error texts take the id the field got.
 */
export function uniqueId(ctx: Pick<PageContext, 't'>, wanted: string): string {
  let ids = idsOfPage.get(ctx);
  if (!ids) idsOfPage.set(ctx, (ids = new Map()));
  const n = (ids.get(wanted) ?? 0) + 1;
  ids.set(wanted, n);
  if (n === 1) return wanted;
  // The numbered id may itself be taken by a field of that name: count on until it is free.
  let k = n;
  while (ids.has(`${wanted}-${k}`)) k++;
  const id = `${wanted}-${k}`;
  ids.set(id, 1);
  return id;
}

/** One refused field as its form showed it: the input's id, its label, the message (a key or text). */
interface FieldError {
  name: string;
  id: string;
  label: string;
  message: string;
}
const fieldErrorsShown = new WeakMap<FormState, FieldError[]>();
const summariesOfPage = new WeakMap<PageContext, FormState[]>();

/** Notes a refused field as it is drawn, so the form's summary can name it (fillErrorSummaries). */
export function noteFieldError(form: FormState, name: string, id: string, label: string, message: string | undefined): void {
  if (!message) return;
  const list = fieldErrorsShown.get(form) ?? [];
  if (!list.length) fieldErrorsShown.set(form, list);
  list.push({ name, id, label, message });
}

const summaryMarker = (n: number) => `<ul class="error-summary" data-summary="${n}"></ul>`;

/**
 * The summary at the top of a refused form: what went wrong, then one line per refused field
 * naming it by its label ("Thiếu Mô tả, cách làm.", "Hạn hoàn thành: Ngày không hợp lệ…"), each a
 * link to the field. The fields are drawn after the summary, so it is drawn as a marker that
 * fillErrorSummaries (called by sendPage on the finished HTML) fills in (D53). A refusal of the
 * whole form alone (`errors._`, e.g. "someone saved first") is said without the generic "check
 * the fields" line: no field is wrong.
 */
export function FormErrors({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const n = Object.keys(form.errors).length;
  if (!n) return null;
  const forms = summariesOfPage.get(ctx) ?? [];
  if (!forms.length) summariesOfPage.set(ctx, forms);
  forms.push(form);
  return (
    <div class="form-errors" role="alert">
      {Object.keys(form.errors).some((k) => k !== '_') && <p>{ctx.t('err.formInvalid')}</p>}
      {form.errors._ && <p>{resolveMessage(ctx.locale, form.errors._)}</p>}
      <ul class="error-summary" data-summary={String(forms.length)} />
    </div>
  );
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The summary line of an error on a field no labelled component drew: a hidden field with a name
 * of its own (`field.<name>`: the record's `version`) is named with the way out (reload); any other
 * (a file picker, a list of boxes) shows its message as it is — it is on the form, marked there.
 */
function unseenFieldLine(ctx: PageContext, name: string, message: string): string {
  const text = resolveMessage(ctx.locale, message);
  const field = lookupMessage(ctx.locale, `field.${name}`);
  if (!field) return text;
  const inner = text.replace(/\.$/, '');
  return ctx.t('err.unseenField', { field, message: inner.slice(0, 1).toLocaleLowerCase(ctx.locale) + inner.slice(1) });
}

/**
 * `html` (a page rendered for `ctx`) with the summary of every refused form filled in: a field
 * drawn with a label is named ("Thiếu {label}." when it was left blank, else "{label}: message"),
 * an error no field showed is given as its message. A form with no such line keeps an empty list.
 */
export function fillErrorSummaries(ctx: PageContext, html: string): string {
  const forms = summariesOfPage.get(ctx);
  if (!forms) return html;
  let out = html;
  forms.forEach((form, i) => {
    const shown = fieldErrorsShown.get(form) ?? [];
    const lines = shown.map((e) => {
      const label = e.label;
      const message = resolveMessage(ctx.locale, e.message);
      // Left blank: "Thiếu Họ và tên." (the message arrives as its key or already translated).
      const text = message === ctx.t('err.required') ? ctx.t('err.missingField', { field: label }) : `${label}: ${message}`;
      return `<li><a href="#${escapeHtml(e.id)}">${escapeHtml(text)}</a></li>`;
    });
    const named = new Set(shown.map((e) => e.name));
    // A hidden field (the record's `version`) is named, and the way out said.
    for (const [k, m] of Object.entries(form.errors)) if (k !== '_' && !named.has(k)) lines.push(`<li>${escapeHtml(unseenFieldLine(ctx, k, m))}</li>`);
    out = out.replace(summaryMarker(i + 1), lines.length ? `<ul class="error-summary">${lines.join('')}</ul>` : '');
  });
  return out;
}

interface FieldProps {
  ctx: PageContext;
  form: FormState;
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'tel' | 'number' | 'search';
  required?: boolean;
  hint?: string;
  date?: boolean;
  autocomplete?: string;
  maxLength?: number;
  /** Set when several forms of one page share field names: ids become `f-<idPrefix><name>` (unique anyway: `uniqueId`). */
  idPrefix?: string;
}

export function Field({ ctx, form, name, label, type = 'text', required, hint, date, autocomplete, maxLength, idPrefix = '' }: FieldProps) {
  const err = form.errors[name];
  const id = uniqueId(ctx, 'f-' + idPrefix + name);
  const value = date ? dateValue(form.values[name]) : str(form.values[name]);
  noteFieldError(form, name, id, label, err);
  const described = [hint || date ? id + '-hint' : '', err ? id + '-err' : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={'field' + (err ? ' has-error' : '')}>
      <label for={id}>
        {label}
        {required && <span class="req"> *<span class="sr-only"> ({ctx.t('common.required')})</span></span>}
      </label>
      <input
        id={id}
        name={name}
        type={type === 'password' ? 'password' : type}
        value={type === 'password' ? '' : value}
        required={required}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={described}
        autocomplete={autocomplete}
        maxLength={maxLength}
        inputMode={date ? 'numeric' : undefined}
        placeholder={date ? ctx.t('common.dateHint') : undefined}
      />
      {(hint || date) && (
        <small id={id + '-hint'} class="hint">
          {hint ?? ctx.t('common.dateHint')}
        </small>
      )}
      {err && (
        <small id={id + '-err'} class="error">
          {resolveMessage(ctx.locale, err)}
        </small>
      )}
    </div>
  );
}

export function TextArea({ ctx, form, name, label, rows = 3, idPrefix = '', required }: { ctx: PageContext; form: FormState; name: string; label: string; rows?: number; idPrefix?: string; required?: boolean }) {
  const err = form.errors[name];
  const id = uniqueId(ctx, 'f-' + idPrefix + name);
  noteFieldError(form, name, id, label, err);
  return (
    <div class={'field' + (err ? ' has-error' : '')}>
      <label for={id}>{label}</label>
      <textarea id={id} name={name} rows={rows} required={required} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? id + '-err' : undefined}>
        {str(form.values[name])}
      </textarea>
      {err && (
        <small id={id + '-err'} class="error">
          {resolveMessage(ctx.locale, err)}
        </small>
      )}
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select({ ctx, form, name, label, options, required, empty, idPrefix = '' }: { ctx: PageContext; form: FormState; name: string; label: string; options: Option[]; required?: boolean; empty?: string; idPrefix?: string }) {
  const err = form.errors[name];
  const id = uniqueId(ctx, 'f-' + idPrefix + name);
  noteFieldError(form, name, id, label, err);
  const current = str(form.values[name]);
  return (
    <div class={'field' + (err ? ' has-error' : '')}>
      <label for={id}>
        {label}
        {required && <span class="req"> *<span class="sr-only"> ({ctx.t('common.required')})</span></span>}
      </label>
      <select id={id} name={name} required={required} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? id + '-err' : undefined}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
      {err && (
        <small id={id + '-err'} class="error">
          {resolveMessage(ctx.locale, err)}
        </small>
      )}
    </div>
  );
}

export function Hidden({ name, value }: { name: string; value: unknown }) {
  return <input type="hidden" name={name} value={str(value)} />;
}

export function Actions({ children }: { children: ComponentChildren }) {
  return <div class="actions">{children}</div>;
}

/** Status words always carry text, colour only helps. */
export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'muted' | 'info'; children: ComponentChildren }) {
  return <span class={'badge badge-' + tone}>{children}</span>;
}

export function Pager({ ctx, page, pageSize, total, href }: { ctx: Pick<PageContext, 't'>; page: number; pageSize: number; total: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return <p class="muted">{ctx.t('common.total', { n: total })}</p>;
  return (
    <nav class="pager" aria-label={ctx.t('common.page', { n: page, total: pages })}>
      {page > 1 ? <a href={href(page - 1)} rel="prev">{ctx.t('common.prev')}</a> : <span />}
      <span>
        {ctx.t('common.page', { n: page, total: pages })} · {ctx.t('common.total', { n: total })}
      </span>
      {page < pages ? <a href={href(page + 1)} rel="next">{ctx.t('common.next')}</a> : <span />}
    </nav>
  );
}

/** Builds a URL keeping the list's filters in the query string. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A page's title with its main actions beside it. */
export function PageHead({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-head">
      <h1>{title}</h1>
      {children && <div class="head-actions">{children}</div>}
    </div>
  );
}

/** A list's filter bar: a GET form whose fields stay in the URL. */
export function FilterBar({ ctx, action, children }: { ctx: Pick<PageContext, 't'>; action: string; children: ComponentChildren }) {
  return (
    <form method="get" action={action} class="filters no-print" role="search">
      {children}
      <button type="submit">{ctx.t('common.filter')}</button>
    </form>
  );
}

/** The free-text box of a filter bar (diacritics optional in every search). */
export function SearchField({ ctx, value, hint, name = 'q' }: { ctx: Pick<PageContext, 't'>; value: string; hint?: string; name?: string }) {
  const id = uniqueId(ctx, name);
  return (
    <div class="field grow">
      <label for={id}>{ctx.t('common.search')}</label>
      <input id={id} name={name} type="search" value={value} placeholder={hint} maxLength={100} />
    </div>
  );
}

/** A select of a filter bar with "Tất cả" first. */
export function FilterSelect({ ctx, name, label, options, value }: { ctx: Pick<PageContext, 't'>; name: string; label: string; options: Option[]; value: string | null | undefined }) {
  const id = uniqueId(ctx, name);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        <option value="">{ctx.t('common.all')}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A fieldset of checkboxes for a list of ids (coordinating or invited organizations, cited documents). */
export function Checks({ ctx, form, name, label, options }: { ctx: PageContext; form: FormState; name: string; label: string; options: Option[] }) {
  const raw = form.values[name];
  const chosen = new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).map(String));
  const err = form.errors[name];
  const id = err ? uniqueId(ctx, 'f-' + name) : undefined;
  if (id) noteFieldError(form, name, id, label, err);
  return (
    <fieldset id={id} class={'checks' + (err ? ' has-error' : '')}>
      <legend>{label}</legend>
      {options.map((o) => (
        <label class="check">
          <input type="checkbox" name={name} value={o.value} checked={chosen.has(o.value)} /> {o.label}
        </label>
      ))}
      {err && <small class="error">{resolveMessage(ctx.locale, err)}</small>}
    </fieldset>
  );
}

/**
 * A file picker that reads in Vietnamese (D58): the input is visually hidden (still focusable and
 * the label's target), a label styled as a button says "Chọn tệp", and a line beside it says
 * "Chưa chọn tệp" or the chosen names (static/app.js fills it on `change`; `data-empty` carries the
 * empty text). Without JS the button and the line still read in Vietnamese. The field's own label
 * (`label`) names what to upload; `describedBy` adds hint/error ids.
 */
export function FilePicker({ ctx, id, name, accept, multiple, required, invalid, describedBy }: { ctx: PageContext; id: string; name: string; accept?: string; multiple?: boolean; required?: boolean; invalid?: boolean; describedBy?: string | undefined }) {
  const empty = ctx.t(multiple ? 'common.noFilesChosen' : 'common.noFileChosen');
  return (
    <span class="file-pick">
      <input id={id} name={name} type="file" class="file-input" accept={accept} multiple={multiple} required={required} aria-invalid={invalid ? 'true' : undefined} aria-describedby={[id + '-names', describedBy].filter(Boolean).join(' ')} />
      <label for={id} class="button secondary file-button">
        {ctx.t(multiple ? 'common.chooseFiles' : 'common.chooseFile')}
      </label>
      <span id={id + '-names'} class="file-names" data-empty={empty} aria-live="polite">
        {empty}
      </span>
    </span>
  );
}
