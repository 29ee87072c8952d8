// Report forms (issue 10, item 1): named sections and indicators, versioned. A change is a new
// immutable version; requests pin the version they were made with, so a changed form never alters a
// report already requested or submitted. A built-in form edited by a ward becomes the ward's own
// copy (same code) that replaces the built-in in its lists.
import type { Db, Queryable } from '../../db/index.ts';
import { isUniqueViolation, newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { AppError, conflict, notFound, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { formRow, formRows, formVersionRow, sameFormIds, formVersionRows, specOf, type FormRow, type FormVersionRow } from './repo.ts';
import type { FormInput, FormSpec } from './schema.ts';

export interface FormView {
  form: FormRow;
  current: FormVersionRow;
  spec: FormSpec;
  builtIn: boolean;
}

/** The forms of the actor's ward with their current versions (built-ins it has not replaced included). */
export async function listForms(q: Queryable, actor: Pick<Actor, 'wardId'>, opts: { activeOnly?: boolean } = {}): Promise<FormView[]> {
  const forms = (await formRows(q, actor.wardId)).filter((f) => !opts.activeOnly || f.active);
  if (forms.length === 0) return [];
  // ward-scope: the ids are the current versions of the ward's forms (built-in versions have no ward).
  const versions = await q.selectFrom('report_form_version').selectAll().where('id', 'in', forms.map((f) => f.current_version_id)).execute();
  const byId = new Map(versions.map((v) => [v.id, v]));
  return forms.flatMap((form) => {
    const current = byId.get(form.current_version_id);
    return current ? [{ form, current, spec: specOf(current), builtIn: form.ward_id === null }] : [];
  });
}

/** One form of the ward with its current version and the list of its versions; 404. */
export async function getForm(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<FormView & { versions: FormVersionRow[] }> {
  const form = await formRow(q, actor.wardId, id);
  if (!form) throw notFound();
  const current = await formVersionRow(q, form.current_version_id);
  if (!current) throw notFound();
  return { form, current, spec: specOf(current), builtIn: form.ward_id === null, versions: await formVersionRows(q, form.id) };
}

/** A pinned form version's specification (what a request was made with); 404. */
export async function versionSpec(q: Queryable, versionId: string): Promise<FormSpec> {
  const v = await formVersionRow(q, versionId);
  if (!v) throw notFound();
  return specOf(v);
}

function duplicates(codes: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const c of codes) (seen.has(c) ? dup : seen).add(c);
  return dup;
}

/**
 * Rules a new version must keep (400 with field errors, nothing written):
 * - codes unique within sections and within indicators;
 * - an indicator code used by a report already submitted with this form (any version, same form
 *   code in the ward) keeps its type and aggregation rule, so periods stay comparable and roll-ups
 *   stay sound: a different meaning needs a new code;
 * - the period type cannot change once the form has requests (their period ids are of that type);
 * - a percent is not summed, a yes/no is not averaged; no two forms of the ward share a name.
 */
async function checkCompatible(q: Queryable, actor: Actor, input: FormInput, form: FormRow | null): Promise<void> {
  const errors: FieldErrors = {};
  if (duplicates(input.sections.map((s) => s.code)).size) errors.sections = 'report.err.duplicateCode';
  if (duplicates(input.indicators.map((s) => s.code)).size) errors.indicators = 'report.err.duplicateCode';
  // Rules that give no meaningful total: rates are averaged, never added; a yes/no is counted (sum = how many "có"), not averaged.
  if (input.indicators.some((i) => i.type === 'percent' && i.aggregate === 'sum')) errors.indicators = 'report.err.percentSum';
  if (input.indicators.some((i) => i.type === 'boolean' && i.aggregate === 'average')) errors.indicators = 'report.err.booleanAverage';
  const fold = (x: string) => x.trim().toLocaleLowerCase('vi');
  if ((await formRows(q, actor.wardId)).some((f) => f.id !== form?.id && f.code !== form?.code && fold(f.name) === fold(input.name))) errors.name = 'report.err.formName';
  if (form) {
    const formIds = await sameFormIds(q, actor.wardId, form.code);
    const requests = await q.selectFrom('report_request').select(['form_version_id']).where('ward_id', '=', actor.wardId).where('form_id', 'in', formIds).execute();
    if (requests.length && input.period_type !== form.period_type) errors.period_type = 'report.err.periodTypeInUse';
    const submittedVersions = await q
      .selectFrom('report_submission as s')
      .innerJoin('report_request as r', 'r.id', 's.request_id')
      .select('r.form_version_id')
      .distinct()
      .where('s.ward_id', '=', actor.wardId)
      .where('r.form_id', 'in', formIds)
      .where('s.first_submitted_at', 'is not', null)
      .execute();
    for (const { form_version_id } of submittedVersions) {
      const v = await formVersionRow(q, form_version_id);
      if (!v) continue;
      for (const used of specOf(v).indicators) {
        const now = input.indicators.find((i) => i.code === used.code);
        if (now && (now.type !== used.type || now.aggregate !== used.aggregate)) errors[`indicators`] = 'report.err.indicatorInUse';
      }
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/**
 * Creates a form of the ward (version 1), or saves a new version of form `id`: a built-in form
 * becomes the ward's own copy. The office (`ward.office`). Returns the ward form's id.
 * 400 (rules above), 403, 404, 409 (stale `version`).
 */
export function saveForm(db: Db, actor: Actor, id: string | null, input: FormInput): Promise<string> {
  return runCommand(db, actor, id ? 'report_form.update' : 'report_form.create', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const form = id ? await formRow(c.trx, actor.wardId, id) : null;
    if (id && !form) throw notFound();
    if (form && input.version !== undefined && input.version !== form.version) throw conflict();
    await checkCompatible(c.trx, actor, input, form ?? null);
    const now = nowIso();
    const versionId = newId();
    const spec = { sections: JSON.stringify(input.sections), indicators: JSON.stringify(input.indicators) };
    if (form && form.ward_id) {
      // ward-scope: versions of a form of the actor's ward, checked above (form.ward_id).
      const last = await c.trx.selectFrom('report_form_version').select((eb) => eb.fn.max('number').as('n')).where('form_id', '=', form.id).executeTakeFirst();
      await c.trx.insertInto('report_form_version').values({ id: versionId, form_id: form.id, ward_id: actor.wardId, number: Number(last?.n ?? 0) + 1, ...spec, created_at: now, created_by: actor.userId }).execute();
      const res = await c.trx
        .updateTable('report_form')
        .set((eb) => ({ name: input.name, period_type: input.period_type, cutoff_day: input.cutoff_day, current_version_id: versionId, updated_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', form.id)
        .where('ward_id', '=', actor.wardId)
        .where('version', '=', form.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw conflict();
      await c.audit({ action: 'report_form.update', entityType: 'report_form', entityId: form.id, summary: input.name, before: { name: form.name, version_id: form.current_version_id }, after: { ...input, version_id: versionId } });
      return form.id;
    }
    // A new ward form, or the ward's copy of a built-in one (same code, replacing it in the ward's lists).
    // A built-in the ward already copied was saved by someone else meanwhile (a second tab, a double
    // click): 409, and the unique (ward_id, code) index settles two saves racing.
    if (form && (await sameFormIds(c.trx, actor.wardId, form.code)).length > 1) throw conflict();
    const formId = newId();
    const code = form?.code ?? `f${formId.replace(/-/gu, '').slice(-10)}`;
    await c.trx
      .insertInto('report_form')
      .values({ id: formId, ward_id: actor.wardId, code, name: input.name, name_en: form?.name_en ?? null, period_type: input.period_type, cutoff_day: input.cutoff_day, current_version_id: versionId, active: 1, sort_order: form?.sort_order ?? 1000, created_at: now, updated_at: now })
      .execute()
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? conflict() : e;
      });
    await c.trx.insertInto('report_form_version').values({ id: versionId, form_id: formId, ward_id: actor.wardId, number: 1, ...spec, created_at: now, created_by: actor.userId }).execute();
    await c.audit({ action: form ? 'report_form.update' : 'report_form.create', entityType: 'report_form', entityId: formId, summary: input.name, before: form ? { built_in: form.id } : undefined, after: { ...input, code, version_id: versionId } });
    return formId;
  });
}

/** Shows or hides a ward form in the request form's list (requests already made keep it). 403, 404, 422 for a built-in. */
export function setFormActive(db: Db, actor: Actor, id: string, active: boolean): Promise<void> {
  return runCommand(db, actor, 'report_form.active', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const form = await formRow(c.trx, actor.wardId, id);
    if (!form) throw notFound();
    if (!form.ward_id) throw new AppError(422, 'report.err.builtInHide');
    await c.trx.updateTable('report_form').set((eb) => ({ active: active ? 1 : 0, updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', form.id).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: 'report_form.active', entityType: 'report_form', entityId: form.id, summary: form.name, before: { active: form.active }, after: { active: active ? 1 : 0 } });
  });
}
