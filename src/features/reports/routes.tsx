import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { Role } from '../../platform/auth/roles.ts';
import { AppError, notFound, ValidationError } from '../../platform/errors.ts';
import { checkFiles, formAndFiles, openWorkFile, sendWorkFile, wantsOriginal, storeWorkFiles, WORK_FILES } from '../../platform/files/index.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { FORM_ROUTE, doneAt, formWrite } from '../../platform/http/forms.ts';
import { registerMultipart } from '../../platform/http/uploads.ts';
import { translate } from '../../platform/i18n/index.ts';
import { parseInput, int } from '../../platform/validation.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { registerNav } from '../../ui/layout.tsx';
import { addDays, todayInVietnam } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { listMeetings } from '../meetings/service.ts';
import { AddOrgsInput, DraftInput, FormInput, REPORT_READERS, RequestInput, RequestListQuery, ReviewInput, RollupInput, VersionInput } from './schema.ts';
import * as svc from './service.ts';
import { rollupNumber } from './export.ts';
import { joinParts } from './rollup.ts';
import { ReportListPage, RequestFormPage, type RequestFormOptions } from './views/list.tsx';
import { RequestPage } from './views/request.tsx';
import { SubmissionPage, type SubmissionFormName } from './views/submission.tsx';
import { RollupPage } from './views/rollup.tsx';
import { FormEditPage, FormListPage, formValues } from './views/forms.tsx';

/** Any signed-in user of the ward reads (the service shows each only what it may). */
const READ = { config: { access: REPORT_READERS } };
/** The office requests, edits forms, reviews and edits the roll-up (the service checks `ward.office`). */
export const OFFICE: readonly Role[] = ['admin', 'office'];
const OFFICE_ROUTE = { config: { access: OFFICE } };
/** Who reads the ward roll-up: the office, the Standing Committee, the administrator. */
const ROLLUP_READERS: readonly Role[] = ['admin', 'office', 'standing'];
const FileParams = IdParams.extend({ file: z.string().uuid() });
/** A form's id: a ward form's UUID or a built-in's ('rf-annual'). */
const FormParams = z.object({ id: z.string().regex(/^[a-z0-9_-]{1,100}$/u) });
const NewQuery = z.object({ form: z.string().max(100).optional(), year: z.preprocess((v) => (v === '' ? undefined : v), int(1900, 2100).optional()) });

type Render = (ctx: PageContext) => VNode;

/** A refusal that belongs on the page as a notice (409 stale, 422 state), with its message. */
const refusal = (req: FastifyRequest, e: unknown): { status: number; message: string } | null => {
  if (!(e instanceof AppError) || ![400, 409, 422].includes(e.status)) return null;
  const message = e instanceof ValidationError && e.fields ? (Object.values(e.fields)[0] ?? e.key) : translate(req.locale, e.key, e.params);
  return { status: e.status, message };
};

/** Flat `sections.<code>` fields of the roll-up form as the record RollupInput reads. */
const nestSections = (body: unknown) => {
  const b = (body ?? {}) as Record<string, unknown>;
  const sections: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) if (k.startsWith('sections.')) sections[k.slice(9)] = v;
  // A roll-up never edited is at version 0, which RollupInput reads as "no version yet" (blank).
  return { ...b, sections, version: b.version === '0' ? '' : b.version };
};

/**
 * Pages of the reports room (issue 10): the list of requests, the office's request form, a request
 * with its completeness board, an organization's report (draft, submit, files, review), the ward
 * roll-up and the report forms. Every post is a form write: refused input comes back on its form
 * with messages (400), a refused action (409, 422) as a notice on the page, success is a 303.
 */
export async function reportRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  registerNav({ href: '/app/reports', key: 'nav.reports', roles: REPORT_READERS });
  await registerMultipart(app, { fileSize: WORK_FILES.maxBytes, files: WORK_FILES.maxFiles + 1, routes: ['/app/reports/submissions/:id/files'] });
  const isOffice = (req: FastifyRequest) => OFFICE.some((r) => actorOf(req).roles.has(r));

  // ---- the list and the request form ----
  app.get('/app/reports', { ...READ, schema: { querystring: RequestListQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const [{ items, total }, forms, scope] = await Promise.all([svc.listRequests(db, actor, req.query), svc.listForms(db, actor), svc.readableOrgs(db, actor)]);
    return sendPage(req, reply, (ctx) => <ReportListPage ctx={ctx} items={items} total={total} query={req.query} forms={forms} office={isOffice(req)} own={scope !== 'all'} canWrite={actor.roles.has('org_head')} />);
  });

  const requestOptions = async (req: FastifyRequest, year: number): Promise<RequestFormOptions> => {
    const actor = actorOf(req);
    const [forms, orgs, meetings] = await Promise.all([svc.listForms(db, actor, { activeOnly: true }), listOrgs(db, actor), listMeetings(db, actor, { q: '', status: null, org: null, year: undefined, page: 1, page_size: 200 })]);
    return { forms, orgs, meetings: meetings.rows.map((m) => ({ id: m.id, title: m.title, starts_at: m.starts_at })), year };
  };
  const yearOf = (v: unknown) => (typeof v === 'string' && /^\d{4}/.test(v) ? Number(v.slice(0, 4)) : Number(todayInVietnam().slice(0, 4)));

  app.get('/app/reports/new', { ...OFFICE_ROUTE, schema: { querystring: NewQuery } }, async (req, reply) => {
    const options = await requestOptions(req, req.query.year ?? yearOf(undefined));
    const issuer = options.orgs.find((o) => o.kind === 'party_committee') ?? options.orgs[0];
    const formId = options.forms.some((f) => f.form.id === req.query.form) ? req.query.form : options.forms[0]?.form.id;
    const values = { form_id: formId, issuer_org_id: issuer?.id, due_on: addDays(todayInVietnam(), 14) };
    return sendPage(req, reply, (ctx) => <RequestFormPage ctx={ctx} form={emptyForm(values)} options={options} />);
  });

  app.post('/app/reports', { ...OFFICE_ROUTE, ...FORM_ROUTE }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/reports/${(await svc.createRequest(db, actorOf(req), parseInput(RequestInput, req.body, req.locale))).id}`,
      async (form) => {
        const options = await requestOptions(req, yearOf((req.body as Record<string, unknown> | undefined)?.period_id));
        return (ctx) => <RequestFormPage ctx={ctx} form={form} options={options} />;
      },
    ),
  );

  // ---- report forms (before /app/reports/:id) ----
  app.get('/app/reports/forms', OFFICE_ROUTE, async (req, reply) => {
    const forms = await svc.listForms(db, actorOf(req));
    return sendPage(req, reply, (ctx) => <FormListPage ctx={ctx} forms={forms} />);
  });
  app.get('/app/reports/forms/new', OFFICE_ROUTE, async (req, reply) => sendPage(req, reply, (ctx) => <FormEditPage ctx={ctx} f={null} versions={[]} state={emptyForm(formValues(null))} action="/app/reports/forms" />));
  const formPage = async (req: FastifyRequest, id: string | null, state?: FormState): Promise<Render> => {
    const f = id ? await svc.getForm(db, actorOf(req), id) : null;
    return (ctx) => <FormEditPage ctx={ctx} f={f} versions={f?.versions ?? []} state={state ?? emptyForm(formValues(f))} action={id ? `/app/reports/forms/${id}` : '/app/reports/forms'} />;
  };
  app.get('/app/reports/forms/:id', { ...OFFICE_ROUTE, schema: { params: FormParams } }, async (req, reply) => sendPage(req, reply, await formPage(req, req.params.id)));
  app.post('/app/reports/forms', { ...OFFICE_ROUTE, ...FORM_ROUTE }, async (req, reply) =>
    formWrite(req, reply, async () => `/app/reports/forms/${await svc.saveForm(db, actorOf(req), null, parseInput(FormInput, req.body, req.locale))}?ok=saved`, (form) => formPage(req, null, form)),
  );
  app.post('/app/reports/forms/:id', { ...OFFICE_ROUTE, ...FORM_ROUTE, schema: { params: FormParams } }, async (req, reply) =>
    formWrite(req, reply, async () => `/app/reports/forms/${await svc.saveForm(db, actorOf(req), req.params.id, parseInput(FormInput, req.body, req.locale))}?ok=saved`, (form) => formPage(req, req.params.id, form)),
  );
  app.post('/app/reports/forms/:id/active', { ...OFFICE_ROUTE, schema: { params: FormParams } }, async (req, reply) => {
    try {
      await svc.setFormActive(db, actorOf(req), req.params.id, (req.body as Record<string, unknown> | undefined)?.active === '1');
      return reply.redirect(`/app/reports/forms/${req.params.id}`, 303);
    } catch (e) {
      const r = refusal(req, e);
      if (!r) throw e;
      return sendPage(req, reply, await formPage(req, req.params.id, { values: formValues(await svc.getForm(db, actorOf(req), req.params.id)), errors: { _: r.message } }), r.status);
    }
  });

  // ---- a request and its board ----
  const requestPage = async (req: FastifyRequest, id: string, form?: FormState, notice?: string): Promise<Render> => {
    const actor = actorOf(req);
    const [d, orgs] = await Promise.all([svc.getRequest(db, actor, id), listOrgs(db, actor)]);
    return (ctx) => <RequestPage ctx={ctx} d={d} orgs={orgs} form={form} notice={notice} />;
  };
  app.get('/app/reports/:id', { ...READ, schema: { params: IdParams } }, async (req, reply) => sendPage(req, reply, await requestPage(req, req.params.id)));

  /** Runs an action and redirects to `to`, or shows the page `again` with the refusal as a notice (its status). */
  const act = async (req: FastifyRequest, reply: FastifyReply, to: string, run: () => Promise<unknown>, again: (message: string) => Promise<Render>) => {
    try {
      await run();
      return reply.redirect(to, 303);
    } catch (e) {
      const r = refusal(req, e);
      if (!r) throw e;
      return sendPage(req, reply, await again(r.message), r.status);
    }
  };
  const version = (req: FastifyRequest) => parseInput(VersionInput, req.body, req.locale).version;
  app.post('/app/reports/:id/orgs', { ...OFFICE_ROUTE, schema: { params: IdParams } }, async (req, reply) => {
    const id = req.params.id;
    try {
      const input = parseInput(AddOrgsInput, req.body, req.locale);
      await svc.addRequestOrgs(db, actorOf(req), id, input.org_ids, input.version);
      return reply.redirect(`/app/reports/${id}#board-h`, 303);
    } catch (e) {
      const r = refusal(req, e);
      if (!r) throw e;
      const fields = e instanceof ValidationError && e.fields ? e.fields : { _: r.message };
      return sendPage(req, reply, await requestPage(req, id, { values: {}, errors: fields.org_ids ? { org_ids: fields.org_ids } : { _: r.message } }, r.message), r.status);
    }
  });
  for (const [name, open] of [['close', false], ['reopen', true]] as const) {
    app.post(`/app/reports/:id/${name}`, { ...OFFICE_ROUTE, schema: { params: IdParams } }, async (req, reply) =>
      act(req, reply, `/app/reports/${req.params.id}`, () => svc.setRequestOpen(db, actorOf(req), req.params.id, open, version(req)), (m) => requestPage(req, req.params.id, undefined, m)),
    );
  }

  // ---- the roll-up ----
  const rollupPage = async (req: FastifyRequest, id: string, form?: FormState): Promise<Render> => {
    const actor = actorOf(req);
    // Only ward readers reach this route (ROLLUP_READERS); the roll-up answers 404 for another ward's id.
    const [v, number] = await Promise.all([svc.getRollup(db, actor, id), rollupNumber(db, actor, id)]);
    const editing = isOffice(req) && (form !== undefined || (req.query as Record<string, unknown> | undefined)?.edit === '1');
    return (ctx) => <RollupPage ctx={ctx} v={v} form={form} canEdit={isOffice(req)} number={number} editing={editing} />;
  };
  app.get('/app/reports/:id/rollup', { config: { access: ROLLUP_READERS }, schema: { params: IdParams } }, async (req, reply) => sendPage(req, reply, await rollupPage(req, req.params.id)));
  app.post('/app/reports/:id/rollup', { ...OFFICE_ROUTE, schema: { params: IdParams } }, async (req, reply) => {
    const id = req.params.id;
    try {
      return await formWrite(
        req,
        reply,
        async () => {
          const input = parseInput(RollupInput, nestSections(req.body), req.locale);
          // A section posted as assembled is not an edit: it keeps following the accepted reports.
          const view = await svc.getRollup(db, actorOf(req), id);
          const sections = Object.fromEntries(Object.entries(input.sections).map(([code, text]) => [code, text.trim() === joinParts(view.sections.find((x) => x.spec.code === code)?.parts ?? []).trim() ? '' : text]));
          await svc.saveRollup(db, actorOf(req), id, sections, input.version ?? 0);
          return `/app/reports/${id}/rollup?ok=saved`;
        },
        (form) => rollupPage(req, id, form),
      );
    } catch (e) {
      const r = refusal(req, e);
      if (!r) throw e;
      return sendPage(req, reply, await rollupPage(req, id, { values: (req.body ?? {}) as Record<string, unknown>, errors: { _: r.message } }), r.status);
    }
  });

  // ---- an organization's report ----
  const subPage = async (req: FastifyRequest, id: string, forms: Partial<Record<SubmissionFormName, FormState>> = {}): Promise<Render> => {
    const d = await svc.getSubmission(db, actorOf(req), id);
    return (ctx) => <SubmissionPage ctx={ctx} d={d} forms={forms} />;
  };
  app.get('/app/reports/submissions/:id', { ...READ, schema: { params: IdParams } }, async (req, reply) => sendPage(req, reply, await subPage(req, req.params.id)));

  /**
   * A form of the report page: refused input (400) comes back in form `name` with its messages; a
   * refusal of the report's state (409, 422) comes back in the same form with the notice.
   */
  const subForm = (path: string, name: SubmissionFormName, run: (req: FastifyRequest, id: string) => Promise<string | void>) =>
    app.post(`/app/reports/submissions/:id/${path}`, { ...READ, schema: { params: IdParams } }, async (req, reply) => {
      const id = req.params.id;
      try {
        return await formWrite(req, reply, async () => (await run(req, id)) ?? `/app/reports/submissions/${id}`, (form) => subPage(req, id, { [name]: form }));
      } catch (e) {
        const r = refusal(req, e);
        if (!r) throw e;
        // The notice on the page (a read-only report has no form to carry it); what was typed stays in its form.
        return sendPage(req, reply, await subPage(req, id, { action: { values: {}, errors: { _: r.message } }, [name]: { values: (req.body ?? {}) as Record<string, unknown>, errors: {} } }), r.status);
      }
    });
  /** Saves what the form carries (sections/indicators), with the record's figures kept as `computed`. Returns the version after. */
  const save = async (req: FastifyRequest, id: string): Promise<number> => {
    const input = parseInput(DraftInput, req.body, req.locale);
    const actor = actorOf(req);
    const d = await svc.getSubmission(db, actor, id);
    await svc.saveDraft(db, actor, id, input, svc.computedOf(d));
    return input.version + 1;
  };
  subForm('save', 'draft', async (req, id) => {
    await save(req, id);
    return `/app/reports/submissions/${id}?ok=saved`;
  });
  // "Gửi báo cáo" is a button of the draft form: what it carries is saved first, then sent.
  subForm('submit', 'draft', async (req, id) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const carries = Object.keys(body).some((k) => k.startsWith('sections.') || k.startsWith('indicators.'));
    const v = carries ? await save(req, id) : version(req);
    await svc.submitReport(db, actorOf(req), id, v);
    return doneAt(req, `/app/reports/submissions/${id}`, 'done.report.submitted');
  });
  subForm('accept', 'review', async (req, id) => {
    await svc.acceptReport(db, actorOf(req), id, parseInput(ReviewInput, req.body, req.locale));
    return doneAt(req, `/app/reports/submissions/${id}`, 'done.report.accepted');
  });
  subForm('return', 'review', async (req, id) => {
    await svc.returnReport(db, actorOf(req), id, parseInput(ReviewInput, req.body, req.locale));
    return doneAt(req, `/app/reports/submissions/${id}`, 'done.report.returned');
  });

  // Files of the report (multipart; the bytes are removed again when the write fails).
  app.post('/app/reports/submissions/:id/files', { ...READ, schema: { params: IdParams } }, async (req, reply) => {
    const id = req.params.id;
    const { fields, files } = formAndFiles(req, 'files');
    req.body = fields;
    try {
      return await formWrite(
        req,
        reply,
        async () => {
          const checked = await checkFiles(files, WORK_FILES);
          if (checked.length === 0) throw new ValidationError({ files: 'file.err.empty' });
          const stored = await storeWorkFiles(app.config.filesDir, actorOf(req), checked);
          try {
            await svc.attachReportFiles(db, actorOf(req), id, stored);
          } catch (e) {
            await stored.discard();
            throw e;
          }
          return `/app/reports/submissions/${id}#files-h`;
        },
        (form) => subPage(req, id, { files: form }),
        { values: fields },
      );
    } catch (e) {
      const r = refusal(req, e);
      if (!r) throw e;
      return sendPage(req, reply, await subPage(req, id, { files: { values: {}, errors: { files: r.message } } }), r.status);
    }
  });

  // A file taken off a writable report (the bytes stay in the ward's register).
  app.post('/app/reports/submissions/:id/files/:file/remove', { ...READ, schema: { params: FileParams } }, async (req, reply) =>
    act(req, reply, `/app/reports/submissions/${req.params.id}#files-h`, () => svc.removeReportFile(db, actorOf(req), req.params.id, req.params.file), async (m) => subPage(req, req.params.id, { action: { values: {}, errors: { _: m } } })),
  );

  // A file of the report, to whoever may read the report (only files linked to it).
  app.get('/app/reports/submissions/:id/files/:file', { ...READ, schema: { params: FileParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const d = await svc.getSubmission(db, actor, req.params.id);
    if (!d.files.some((f) => f.id === req.params.file)) throw notFound();
    const f = await openWorkFile(db, app.config.filesDir, actor, req.params.file);
    const sent = sendWorkFile(reply, app.config.filesDir, f, { original: wantsOriginal(req.query) });
    if (!sent) throw notFound();
    return sent;
  });
}
