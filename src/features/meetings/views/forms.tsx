// The office's forms on the meeting page: each posts to its own route and, when refused, comes back
// filled in with its messages (the page re-renders with that form's state).
import { Csrf, uploadAction } from '../../../ui/layout.tsx';
import { Actions, Checks, Field, FormErrors, Hidden, Select, TextArea, emptyForm, type FormState, type Option, FilePicker } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import type { AttendeeView } from '../load.ts';
import type { MeetingRow } from '../repo.ts';
import { ATTENDANCE, ATTENDEE_ROLES, CONCLUSION_KINDS } from '../schema.ts';
import type { OrgRow } from '../../orgs/service.ts';
import { acceptOf, WORK_FILES } from '../../../platform/files/index.ts';

export interface RecordOptions {
  orgs: OrgRow[];
  people: { id: string; full_name: string }[];
  /** The attendees of the register: who presents, reports and speaks (when any are recorded). */
  attendees?: { id: string; full_name: string }[];
}

const people = (o: RecordOptions): Option[] => o.people.map((p) => ({ value: p.id, label: p.full_name }));
/** Presenters and speakers: the attendees once there are some, else everyone the attendee list offers. */
const speakers = (o: RecordOptions): Option[] => (o.attendees?.length ? o.attendees.map((p) => ({ value: p.id, label: p.full_name })) : people(o));
/** The people the attendee form offers: everyone but those on the register already. */
const notYetAttending = (o: RecordOptions): Option[] => {
  const on = new Set((o.attendees ?? []).map((a) => a.id));
  return people(o).filter((p) => !on.has(p.value));
};
const orgs = (o: RecordOptions): Option[] => o.orgs.map((x) => ({ value: x.id, label: x.name }));

function PublicBox({ ctx, form, prefix, checked }: { ctx: PageContext; form: FormState; prefix: string; checked: boolean }) {
  const v = form.values.is_public;
  const on = v === undefined ? checked : !!v && v !== '0';
  return (
    <label class="check" for={`f-${prefix}is_public`}>
      <input id={`f-${prefix}is_public`} type="checkbox" name="is_public" value="1" checked={on} /> {ctx.t('meeting.publicPart')}
    </label>
  );
}

function Submit({ label }: { ctx?: PageContext; label: string }) {
  return (
    <Actions>
      <button type="submit">{label}</button>
    </Actions>
  );
}

export function AgendaForm({ ctx, m, form = emptyForm(), options }: { ctx: PageContext; m: MeetingRow; form?: FormState; options: RecordOptions }) {
  const { t } = ctx;
  return (
    <details class="card form no-print" open={Object.keys(form.errors).length > 0}>
      <summary>{t('meeting.add')}: {t('meeting.agenda.title').toLocaleLowerCase('vi')}</summary>
      <form method="post" action={`/app/meetings/${m.id}/agenda`}>
        <Csrf ctx={ctx} />
        <FormErrors ctx={ctx} form={form} />
        <Field ctx={ctx} form={form} idPrefix="ag-" name="title" label={t('meeting.agenda.title')} required maxLength={300} />
        <div class="row">
          <Select ctx={ctx} form={form} idPrefix="ag-" name="presenter_person_id" label={t('meeting.agenda.presenter')} empty={t('meeting.choose')} options={speakers(options)} />
          <Field ctx={ctx} form={form} idPrefix="ag-" name="presenter_name" label={t('meeting.agenda.presenterName')} maxLength={200} />
          <Field ctx={ctx} form={form} idPrefix="ag-" name="planned_minutes" label={t('meeting.agenda.minutes')} type="number" />
        </div>
        <Submit ctx={ctx} label={t('meeting.add')} />
      </form>
    </details>
  );
}

export function AttendeeForm({ ctx, m, form = emptyForm(), options, open }: { ctx: PageContext; m: MeetingRow; form?: FormState; options: RecordOptions; open?: boolean }) {
  const { t } = ctx;
  return (
    <details class="card form no-print" open={open || Object.keys(form.errors).length > 0}>
      <summary>{t('meeting.add')}: {t('meeting.attendees').toLocaleLowerCase('vi')}</summary>
      <form method="post" action={`/app/meetings/${m.id}/attendees`}>
        <Csrf ctx={ctx} />
        <FormErrors ctx={ctx} form={form} />
        {/* Only people not attending yet: adding one twice is refused (409), so it is not offered (fresh tester, round 6). */}
        <Select ctx={ctx} form={form} idPrefix="at-" name="person_id" label={t('meeting.attendee.person')} empty={t('meeting.choose')} options={notYetAttending(options)} />
        <div class="row">
          <Field ctx={ctx} form={form} idPrefix="at-" name="guest_name" label={t('meeting.attendee.guestName')} maxLength={200} />
          <Field ctx={ctx} form={form} idPrefix="at-" name="guest_title" label={t('meeting.attendee.guestTitle')} maxLength={300} />
        </div>
        <div class="row">
          <Select ctx={ctx} form={form} idPrefix="at-" name="role" label={t('meeting.attendee.role')} options={ATTENDEE_ROLES.map((r) => ({ value: r, label: t(`meeting.role.${r}`) }))} />
          <Select ctx={ctx} form={form} idPrefix="at-" name="status" label={t('meeting.status')} options={ATTENDANCE.map((s) => ({ value: s, label: t(`meeting.att.${s}`) }))} />
          <Field ctx={ctx} form={form} idPrefix="at-" name="reason" label={t('meeting.att.reason')} maxLength={300} />
        </div>
        <label class="check" for="f-at-featured">
          <input id="f-at-featured" type="checkbox" name="featured" value="1" checked={!!form.values.featured} /> {t('meeting.attendee.featured')}
        </label>
        <Submit ctx={ctx} label={t('meeting.add')} />
      </form>
    </details>
  );
}

/** Status of one attendee, set in place (with the reason of an excused absence). */
export function AttendanceForm({ ctx, m, a }: { ctx: PageContext; m: MeetingRow; a: AttendeeView }) {
  const { t } = ctx;
  const id = `att-${a.id}`;
  return (
    <form method="post" action={`/app/meetings/${m.id}/attendees/${a.id}`} class="inline-form">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={a.version} />
      <label class="sr-only" for={`${id}-s`}>
        {t('meeting.status')} — {a.name}
      </label>
      <select id={`${id}-s`} name="status">
        {ATTENDANCE.map((s) => (
          <option value={s} selected={s === a.status}>
            {t(`meeting.att.${s}`)}
          </option>
        ))}
      </select>{' '}
      <label class="sr-only" for={`${id}-r`}>
        {t('meeting.att.reason')} — {a.name}
      </label>
      <input id={`${id}-r`} name="reason" value={a.reason ?? ''} maxLength={300} placeholder={t('meeting.att.reason')} size={14} />{' '}
      <button type="submit">{t('meeting.att.set')}</button>
    </form>
  );
}

export function ReportForm({ ctx, m, form = emptyForm(), options }: { ctx: PageContext; m: MeetingRow; form?: FormState; options: RecordOptions }) {
  const { t } = ctx;
  return (
    <details class="card form no-print" open={Object.keys(form.errors).length > 0}>
      <summary>{t('meeting.add')}: {t('meeting.reports').toLocaleLowerCase('vi')}</summary>
      <form method="post" action={uploadAction(ctx, `/app/meetings/${m.id}/reports`)} enctype="multipart/form-data">
        <Csrf ctx={ctx} />
        <FormErrors ctx={ctx} form={form} />
        <div class="row">
          <Select ctx={ctx} form={form} idPrefix="rp-" name="org_id" label={t('meeting.report.org')} required empty={t('meeting.choose')} options={orgs(options)} />
          <Select ctx={ctx} form={form} idPrefix="rp-" name="presenter_person_id" label={t('meeting.report.presenter')} empty={t('meeting.choose')} options={speakers(options)} />
        </div>
        <TextArea ctx={ctx} form={form} idPrefix="rp-" name="summary" label={t('meeting.report.summary')} rows={5} required />
        <div class={'field' + (form.errors.file ? ' has-error' : '')}>
          <label for="f-rp-file">{t('meeting.report.file')}</label>
          <FilePicker ctx={ctx} id="f-rp-file" name="file" accept={acceptOf(WORK_FILES)} invalid={!!form.errors.file} />
          {form.errors.file && <small class="error">{resolveMessage(ctx.locale, form.errors.file)}</small>}
        </div>
        <PublicBox ctx={ctx} form={form} prefix="rp-" checked />
        <Submit ctx={ctx} label={t('meeting.add')} />
      </form>
    </details>
  );
}

export function DirectiveForm({ ctx, m, form = emptyForm(), options }: { ctx: PageContext; m: MeetingRow; form?: FormState; options: RecordOptions }) {
  const { t } = ctx;
  return (
    <details class="card form no-print" open={Object.keys(form.errors).length > 0}>
      <summary>{t('meeting.add')}: {t('meeting.directives').toLocaleLowerCase('vi')}</summary>
      <form method="post" action={`/app/meetings/${m.id}/directives`}>
        <Csrf ctx={ctx} />
        <FormErrors ctx={ctx} form={form} />
        <div class="row">
          <Select ctx={ctx} form={form} idPrefix="dr-" name="speaker_person_id" label={t('meeting.directive.speaker')} empty={t('meeting.choose')} options={speakers(options)} />
          <Field ctx={ctx} form={form} idPrefix="dr-" name="speaker_name" label={t('meeting.directive.speakerName')} maxLength={200} />
        </div>
        <TextArea ctx={ctx} form={form} idPrefix="dr-" name="content" label={t('meeting.directive.content')} rows={4} required />
        <Checks ctx={ctx} form={form} name="org_ids" label={t('meeting.directive.orgs')} options={orgs(options)} />
        <PublicBox ctx={ctx} form={form} prefix="dr-" checked={false} />
        <Submit ctx={ctx} label={t('meeting.add')} />
      </form>
    </details>
  );
}

export function ConclusionForm({ ctx, m, form = emptyForm(), options }: { ctx: PageContext; m: MeetingRow; form?: FormState; options: RecordOptions }) {
  const { t } = ctx;
  return (
    <details class="card form no-print" open={Object.keys(form.errors).length > 0}>
      <summary>{t('meeting.add')}: {t('meeting.conclusions').toLocaleLowerCase('vi')}</summary>
      <form method="post" action={`/app/meetings/${m.id}/conclusions`}>
        <Csrf ctx={ctx} />
        <FormErrors ctx={ctx} form={form} />
        <Select ctx={ctx} form={form} idPrefix="cn-" name="kind" label={t('meeting.conclusion.kind')} options={CONCLUSION_KINDS.map((k) => ({ value: k, label: t(`meeting.conclusion.kind.${k}`) })).reverse()} />
        <TextArea ctx={ctx} form={form} idPrefix="cn-" name="content" label={t('meeting.conclusion.content')} rows={4} required />
        <div class="row">
          <Select ctx={ctx} form={form} idPrefix="cn-" name="lead_org_id" label={t('meeting.conclusion.lead')} empty={t('meeting.choose')} options={orgs(options)} />
          <Field ctx={ctx} form={form} idPrefix="cn-" name="due_on" label={t('meeting.conclusion.due')} date />
        </div>
        <Checks ctx={ctx} form={form} name="coordinating_org_ids" label={t('meeting.conclusion.coordinating')} options={orgs(options)} />
        <Checks ctx={ctx} form={form} name="addressed_org_ids" label={t('meeting.conclusion.addressed')} options={orgs(options)} />
        <PublicBox ctx={ctx} form={form} prefix="cn-" checked />
        <Submit ctx={ctx} label={t('meeting.add')} />
      </form>
    </details>
  );
}
