// The reports room over the JSON API (/api/v1/reports/…): the same services, rules and messages
// as the pages. Every write goes through the room's service (a command with its access check and
// audit row); the answer is the resource as read back after the write.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, apiRoute, apiVersion, IdParams } from '../../platform/http/api.ts';
import { actorOf } from '../../platform/http/context.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { AppError, forbidden, ValidationError } from '../../platform/errors.ts';
import * as svc from './service.ts';
import { submissionRows } from './repo.ts';
import { REPORT_READERS, AddOrgsInput, DraftInput, FormInput, RequestInput, RequestListQuery, ReviewInput, RollupInput, VersionInput } from './schema.ts';
import { PAGE_SIZE } from './load.ts';
import { FormDetailOut, FormOut, formOut, RequestDetailOut, requestDetailOut, requestItemOut, RequestListOut, RollupOut, rollupOut, SubmissionOut, submissionOut } from './api-shapes.ts';
import { int, id } from '../../platform/validation.ts';

const TAGS = ['reports'];
/** Coarse route gates; the services apply the object rules (which organization, which state). */
const READERS = REPORT_READERS;
const OFFICE: readonly Role[] = ['admin', 'office'];
/** Whoever may hold `org.write` on an organization (admin, office: all; a head: its own). */
const DRAFTERS: readonly Role[] = ['admin', 'office', 'org_head'];

/** Built-in forms have readable ids ('rf-annual'), ward forms uuids. */
const FormParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,100}$/u) });
const OrgParams = IdParams.extend({ org: id() });
const ReviewBody = ReviewInput.extend({ version: apiVersion() });
const SubmitBody = VersionInput.extend({ version: apiVersion() });
/** The roll-up's version as read: 0 before its first edit. */
const RollupBody = RollupInput.extend({ version: int(0) });

/**
 * Registers the reports API. Statuses beyond 200/201: 400 (field errors named `sections.<code>`,
 * `indicators.<code>`, form fields), 401, 403, 404, 409 (stale version), 422 (state: submitted,
 * accepted, closed, empty).
 */
export function reportsApi(app: FastifyInstance): void {
  const db = app.db;
  const R = `${API_PREFIX}/reports`;

  const form = async (req: FastifyRequest, id: string) => {
    const f = await svc.getForm(db, actorOf(req), id);
    return { ...formOut(f), versions: f.versions.map((v) => ({ id: v.id, number: v.number, created_at: v.created_at })) };
  };
  const request = async (req: FastifyRequest, id: string) => requestDetailOut(await svc.getRequest(db, actorOf(req), id));
  const submission = async (req: FastifyRequest, id: string) => {
    const d = await svc.getSubmission(db, actorOf(req), id);
    return submissionOut(d, svc.computedOf(d));
  };

  // Forms.
  apiRoute(app, { method: 'GET', url: `${R}/forms`, access: READERS, summary: 'api.report.forms', tags: TAGS, response: z.object({ items: z.array(FormOut) }) }, async ({ req }) => ({
    items: (await svc.listForms(db, actorOf(req))).map(formOut),
  }));
  apiRoute(app, { method: 'POST', url: `${R}/forms`, access: OFFICE, summary: 'api.report.formCreate', tags: TAGS, body: FormInput, response: FormDetailOut, status: 201 }, async ({ req, body }) => form(req, await svc.saveForm(db, actorOf(req), null, body)));
  apiRoute(app, { method: 'GET', url: `${R}/forms/:id`, access: READERS, summary: 'api.report.form', tags: TAGS, params: FormParams, response: FormDetailOut }, async ({ req, params }) => form(req, params.id));
  apiRoute(app, { method: 'PUT', url: `${R}/forms/:id`, access: OFFICE, summary: 'api.report.formUpdate', tags: TAGS, params: FormParams, body: FormInput, response: FormDetailOut, errors: [409] }, async ({ req, params, body }) => {
    if (body.version === undefined) throw new ValidationError({ version: 'err.required' });
    return form(req, await svc.saveForm(db, actorOf(req), params.id, body));
  });

  // Requests and their boards.
  apiRoute(app, { method: 'GET', url: `${R}/requests`, access: READERS, summary: 'api.report.requests', tags: TAGS, query: RequestListQuery, response: RequestListOut }, async ({ req, query }) => {
    const { items, total } = await svc.listRequests(db, actorOf(req), query);
    return { items: items.map(requestItemOut), total, page: query.page, page_size: PAGE_SIZE };
  });
  apiRoute(app, { method: 'POST', url: `${R}/requests`, access: OFFICE, summary: 'api.report.requestCreate', tags: TAGS, body: RequestInput, response: RequestDetailOut, status: 201, errors: [409] }, async ({ req, body }) => {
    const { id } = await svc.createRequest(db, actorOf(req), body);
    return request(req, id);
  });
  apiRoute(app, { method: 'GET', url: `${R}/requests/:id`, access: READERS, summary: 'api.report.request', tags: TAGS, params: IdParams, response: RequestDetailOut }, async ({ req, params }) => request(req, params.id));
  apiRoute(app, { method: 'POST', url: `${R}/requests/:id/orgs`, access: OFFICE, summary: 'api.report.requestOrgs', tags: TAGS, params: IdParams, body: AddOrgsInput.extend({ version: apiVersion() }), response: RequestDetailOut, errors: [409] }, async ({ req, params, body }) => {
    await svc.addRequestOrgs(db, actorOf(req), params.id, body.org_ids, body.version);
    return request(req, params.id);
  });
  // One organization's report in a request: 404 when that organization was not asked (the reason in `fields.org`:
  // a 404's message is the generic one).
  apiRoute(app, { method: 'GET', url: `${R}/requests/:id/orgs/:org`, access: READERS, summary: 'api.report.requestOrg', tags: TAGS, params: OrgParams, response: SubmissionOut }, async ({ req, params }) => {
    const actor = actorOf(req);
    await svc.getRequest(db, actor, params.id);
    const s = (await submissionRows(db, actor.wardId, [params.id])).find((x) => x.org_id === params.org);
    if (!s) throw new AppError(404, 'report.err.notRequested', undefined, { org: 'report.err.notRequested' });
    return submission(req, s.id);
  });

  // The ward roll-up: the ward readers (office, Standing Committee, administrator) read it, the office edits it.
  apiRoute(app, { method: 'GET', url: `${R}/requests/:id/rollup`, access: READERS, summary: 'api.report.rollup', tags: TAGS, params: IdParams, response: RollupOut }, async ({ req, params }) => {
    const actor = actorOf(req);
    const view = await svc.getRollup(db, actor, params.id);
    if ((await svc.readableOrgs(db, actor)) !== 'all') throw forbidden();
    return rollupOut(view);
  });
  apiRoute(app, { method: 'PUT', url: `${R}/requests/:id/rollup`, access: OFFICE, summary: 'api.report.rollupSave', tags: TAGS, params: IdParams, body: RollupBody, response: RollupOut, errors: [409] }, async ({ req, params, body }) => {
    const actor = actorOf(req);
    await svc.saveRollup(db, actor, params.id, body.sections, body.version);
    return rollupOut(await svc.getRollup(db, actor, params.id));
  });

  // Each organization's report.
  apiRoute(app, { method: 'GET', url: `${R}/submissions/:id`, access: READERS, summary: 'api.report.submission', tags: TAGS, params: IdParams, response: SubmissionOut }, async ({ req, params }) => submission(req, params.id));
  apiRoute(app, { method: 'PUT', url: `${R}/submissions/:id`, access: DRAFTERS, summary: 'api.report.draft', tags: TAGS, params: IdParams, body: DraftInput, response: SubmissionOut, errors: [409, 422] }, async ({ req, params, body }) => {
    const actor = actorOf(req);
    const d = await svc.getSubmission(db, actor, params.id);
    await svc.saveDraft(db, actor, params.id, body, svc.computedOf(d));
    return submission(req, params.id);
  });
  apiRoute(app, { method: 'POST', url: `${R}/submissions/:id/submit`, access: DRAFTERS, summary: 'api.report.submit', tags: TAGS, params: IdParams, body: SubmitBody, response: SubmissionOut, errors: [409, 422] }, async ({ req, params, body }) => {
    await svc.submitReport(db, actorOf(req), params.id, body.version);
    return submission(req, params.id);
  });
  for (const [action, summary] of [
    ['accept', 'api.report.accept'],
    ['return', 'api.report.return'],
  ] as const) {
    apiRoute(app, { method: 'POST', url: `${R}/submissions/:id/${action}`, access: OFFICE, summary, tags: TAGS, params: IdParams, body: ReviewBody, response: SubmissionOut, errors: [409, 422] }, async ({ req, params, body }) => {
      await (action === 'accept' ? svc.acceptReport : svc.returnReport)(db, actorOf(req), params.id, body);
      return submission(req, params.id);
    });
  }
}
