import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/auth/roles.ts';
import { AppError, notFound, ValidationError } from '../../platform/errors.ts';
import { checkFiles, formAndFiles, openWorkFile, sendWorkFile, wantsOriginal, storeWorkFiles, WORK_FILES } from '../../platform/files/index.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { FORM_ROUTE, formWrite } from '../../platform/http/forms.ts';
import { registerMultipart } from '../../platform/http/uploads.ts';
import { parseInput } from '../../platform/validation.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import { registerNav } from '../../ui/layout.tsx';
import { formatDate, formatTime } from '../../lib/vi/index.ts';
import { listCategories } from '../portal/service.ts';
import { listOrgs } from '../orgs/service.ts';
import { AgendaInput, AttendanceInput, AttendeeInput, CancelInput, ConclusionInput, DirectiveInput, HeldInput, KindInput, MeetingInput, MeetingListQuery, MeetingUpdateInput, ReportInput, VersionInput } from './schema.ts';
import * as svc from './service.ts';
import { MeetingFormPage, MeetingListPage } from './views/list.tsx';
import { MeetingPage, type FormName } from './views/page.tsx';
import { KindsPage } from './views/kinds.tsx';
import { DocumentsSection } from './views/documents.tsx';
import { issueMeetingDocument, meetingDocumentFile, meetingNumbers, MEETING_DOCS, type MeetingDoc } from './documents.ts';
import { runHeavy } from '../../platform/workers/pool.ts';
import './document-jobs.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { sendMail } from '../../platform/mail.ts';
import { relatedTo } from '../../platform/related.ts';
import { translate } from '../../platform/i18n/index.ts';
import { invitationMails } from './calendar/service.ts';
import { addressOf } from './calendar/ics.ts';

/** Any signed-in user reads (the service shows each only the meetings in their scope). */
const READ = { config: { access: 'auth' as const } };
/** The office records (the service checks `meeting.record`). */
export const RECORDERS: readonly Role[] = ['admin', 'office'];
const RECORD = { config: { access: RECORDERS } };
const ItemParams = IdParams.extend({ item: z.string().uuid() });


/**
 * Meeting pages: the list, the record form, the meeting page with the office's forms, the
 * lifecycle actions, and meeting kinds. Every post is a form write: refused input comes back on the
 * page with its messages (400), a refused action (409, 422) as a notice on the page.
 */
export async function meetingRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  registerNav({ href: '/app/meetings', key: 'nav.meetings', roles: ['admin', 'standing', 'office', 'org_head', 'member', 'editor'] });
  await registerMultipart(app, { fileSize: WORK_FILES.maxBytes, files: WORK_FILES.maxFiles + 1, routes: ['/app/meetings/:id/reports', '/app/meetings/:id/files'] });

  const page = async (req: FastifyRequest, id: string, forms: Partial<Record<FormName, FormState>> = {}) => {
    const actor = actorOf(req);
    const d = await svc.getMeeting(db, actor, id);
    const search = typeof (req.query as Record<string, unknown> | undefined)?.people === 'string' ? String((req.query as Record<string, unknown>).people).slice(0, 100) : '';
    const include = [d.meeting.chair_person_id, d.meeting.secretary_person_id, ...d.attendees.map((a) => a.person_id), ...d.agenda.map((a) => a.presenter_person_id), ...d.reports.map((r) => r.presenter_person_id), ...d.directives.map((x) => x.speaker_person_id)];
    const [opts2, categories, documents] = await Promise.all([
      d.canRecord ? svc.meetingFormOptions(db, actor, { day: d.day, include, search }) : Promise.resolve({ orgs: [...d.orgs.values()], people: [], found: 0 }),
      d.canRecord ? listCategories(db, actor.wardId) : Promise.resolve([]),
      meetingNumbers(db, actor, id),
    ]);
    // Records of other rooms that point at this meeting (reports presented at it), through platform/related.
    const related = await relatedTo(db, actor, 'meeting', id, req.locale);
    return (ctx: Parameters<typeof MeetingPage>[0]['ctx']) => <MeetingPage ctx={ctx} d={d} options={opts2} forms={forms} categories={categories} search={search} related={related} documents={<DocumentsSection ctx={ctx} d={d} numbers={documents} />} />;
  };

  app.get('/app/meetings', { ...READ, schema: { querystring: MeetingListQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const { rows, total } = await svc.listMeetings(db, actor, req.query);
    const canRecord = RECORDERS.some((r) => actor.roles.has(r));
    const orgs = await listOrgs(db, actor);
    return sendPage(req, reply, (ctx) => <MeetingListPage ctx={ctx} rows={rows} total={total} query={req.query} orgs={orgs} canRecord={canRecord} />);
  });

  app.get('/app/meetings/new', RECORD, async (req, reply) => {
    const options = await svc.meetingFormOptions(db, actorOf(req));
    return sendPage(req, reply, (ctx) => <MeetingFormPage ctx={ctx} form={emptyForm({ is_public: '1', start_time: '08:00', end_time: '11:00' })} action="/app/meetings" isNew options={options} />);
  });

  app.post('/app/meetings', { ...RECORD, ...FORM_ROUTE }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/meetings/${await svc.createMeeting(db, actorOf(req), parseInput(MeetingInput, req.body, req.locale))}`,
      async (form) => {
        const options = await svc.meetingFormOptions(db, actorOf(req));
        return (ctx) => <MeetingFormPage ctx={ctx} form={form} action="/app/meetings" isNew options={options} />;
      },
    ),
  );

  app.get('/app/meetings/:id', { ...READ, schema: { params: IdParams } }, async (req, reply) => sendPage(req, reply, await page(req, req.params.id)));

  // A task's link back to the conclusion it carries out: the conclusion on its meeting's page.
  app.get('/app/meetings/conclusions/:id', { ...READ, schema: { params: IdParams } }, async (req, reply) => {
    const c = await svc.conclusionMeeting(db, actorOf(req), req.params.id);
    return reply.redirect(`/app/meetings/${c.meetingId}#c-${req.params.id}`, 303);
  });

  app.get('/app/meetings/:id/edit', { ...RECORD, schema: { params: IdParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const d = await svc.getMeeting(db, actor, req.params.id);
    const m = d.meeting;
    // An approved or cancelled record cannot change: its page says so.
    if (!d.open) return reply.redirect(`/app/meetings/${m.id}`, 303);
    const options = await svc.meetingFormOptions(db, actor, { day: d.day, include: [m.chair_person_id, m.secretary_person_id] });
    const values = { ...m, date: d.day, start_time: formatTime(m.starts_at), end_time: formatTime(m.ends_at), end_date: formatDate(m.ends_at) === formatDate(m.starts_at) ? '' : formatDate(m.ends_at), invited_org_ids: d.invited.map((o) => o.id), is_public: m.is_public ? '1' : '' };
    return sendPage(req, reply, (ctx) => <MeetingFormPage ctx={ctx} form={emptyForm(values)} action={`/app/meetings/${m.id}`} isNew={false} options={options} />);
  });

  app.post('/app/meetings/:id', { ...RECORD, ...FORM_ROUTE, schema: { params: IdParams } }, async (req, reply) => {
    const id = req.params.id;
    return formWrite(
      req,
      reply,
      async () => {
        await mailInvited(req, id, await svc.updateMeeting(db, actorOf(req), id, parseInput(MeetingUpdateInput, req.body, req.locale)));
        return `/app/meetings/${id}`;
      },
      async (form) => {
        const options = await svc.meetingFormOptions(db, actorOf(req));
        return (ctx) => <MeetingFormPage ctx={ctx} form={form} action={`/app/meetings/${id}`} isNew={false} options={options} />;
      },
    );
  });

  /** An action button's post: redirect to the page, or the page again with the refusal (its status). */
  const act = async (req: FastifyRequest, reply: FastifyReply, id: string, anchor: string, run: () => Promise<unknown>) => {
    try {
      await run();
      return reply.redirect(`/app/meetings/${id}${anchor}`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || ![400, 409, 422].includes(e.status)) throw e;
      const message = e instanceof ValidationError && e.fields ? (Object.values(e.fields)[0] ?? e.key) : translate(req.locale, e.key, e.params);
      return sendPage(req, reply, await page(req, id, { action: { values: {}, errors: { _: message } } }), e.status);
    }
  };
  const version = (req: FastifyRequest) => parseInput(VersionInput, req.body, req.locale).version;
  /** After a convene, move or cancel has committed: the invitation (or cancellation) by e-mail, best effort. */
  const mailInvited = async (req: FastifyRequest, id: string, r: unknown) => {
    const notified = (r as { notified?: string[] } | undefined)?.notified ?? [];
    if (!notified.length || !app.config.smtpUrl) return;
    try {
      const mails = await invitationMails(db, actorOf(req).wardId, id, notified, { baseUrl: app.config.publicUrl, organizerEmail: addressOf(app.config.mailFrom) });
      await sendMail(app.config, mails);
    } catch (e) {
      req.log.error({ err: e, meeting: id }, 'meeting invitation e-mail failed');
    }
  };

  const actions: [string, Access, (req: FastifyRequest, id: string) => Promise<unknown>][] = [
    ['convene', RECORDERS, async (req, id) => mailInvited(req, id, await svc.conveneMeeting(db, actorOf(req), id, version(req)))],
    ['held', RECORDERS, (req, id) => svc.markHeld(db, actorOf(req), id, parseInput(HeldInput, req.body, req.locale))],
    ['approve', 'auth', (req, id) => svc.approveMinutes(db, actorOf(req), id, version(req))],
    ['cancel', RECORDERS, async (req, id) => mailInvited(req, id, await svc.cancelMeeting(db, actorOf(req), id, parseInput(CancelInput, req.body, req.locale)))],
    ['tasks', RECORDERS, (req, id) => svc.turnIntoTasks(db, actorOf(req), id)],
    ['article', RECORDERS, (req, id) => svc.draftArticle(db, actorOf(req), id, String((req.body as Record<string, unknown> | undefined)?.category_id ?? ''))],
  ];
  for (const [name, access, run] of actions) {
    app.post(`/app/meetings/:id/${name}`, { config: { access }, schema: { params: IdParams } }, async (req, reply) => act(req, reply, req.params.id, '', () => run(req, req.params.id)));
  }

  /**
   * A form of the meeting page: refused input (400), and a refusal of the record's state (409
   * "already on the list", 422 "locked"), come back in that form with what was typed.
   */
  const recordForm = <S extends z.ZodType>(path: string, name: FormName, schema: S, run: (req: FastifyRequest, id: string, input: z.output<S>) => Promise<unknown>) =>
    app.post(`/app/meetings/:id/${path}`, { ...RECORD, ...FORM_ROUTE, schema: { params: IdParams } }, async (req, reply) => {
      const id = req.params.id;
      try {
        return await formWrite(
          req,
          reply,
          async () => {
            await run(req, id, parseInput(schema, req.body, req.locale));
            return `/app/meetings/${id}#${name}`;
          },
          (form) => page(req, id, { [name]: form }),
        );
      } catch (e) {
        if (!(e instanceof AppError) || (e.status !== 409 && e.status !== 422)) throw e;
        const values = (req.body ?? {}) as Record<string, unknown>;
        return sendPage(req, reply, await page(req, id, { [name]: { values, errors: { _: translate(req.locale, e.key, e.params) } } }), e.status);
      }
    });
  recordForm('agenda', 'agenda', AgendaInput, (req, id, input) => svc.addAgendaItem(db, actorOf(req), id, input));
  recordForm('attendees', 'attendee', AttendeeInput, (req, id, input) => svc.addAttendee(db, actorOf(req), id, input));
  recordForm('directives', 'directive', DirectiveInput, (req, id, input) => svc.addDirective(db, actorOf(req), id, input));
  recordForm('conclusions', 'conclusion', ConclusionInput, (req, id, input) => svc.addConclusion(db, actorOf(req), id, input));

  // A report may carry its file (multipart): the bytes are removed again when the write fails.
  app.post('/app/meetings/:id/reports', { ...RECORD, schema: { params: IdParams } }, async (req, reply) => {
    const id = req.params.id;
    const { fields, files } = formAndFiles(req, 'file');
    req.body = fields;
    return formWrite(
      req,
      reply,
      async () => {
        const input = parseInput(ReportInput, fields, req.locale);
        const checked = await checkFiles(files.slice(0, 2), { ...WORK_FILES, maxFiles: 1, field: 'file' });
        const stored = checked.length ? await storeWorkFiles(app.config.filesDir, actorOf(req), checked) : null;
        try {
          await svc.addReport(db, actorOf(req), id, input, stored);
        } catch (e) {
          await stored?.discard();
          throw e;
        }
        return `/app/meetings/${id}#report`;
      },
      (form) => page(req, id, { report: form }),
      { values: fields },
    );
  });

  // Documents of the meeting (at most WORK_FILES.maxFiles at once), optionally under an agenda item.
  app.post('/app/meetings/:id/files', { ...RECORD, schema: { params: IdParams } }, async (req, reply) => {
    const id = req.params.id;
    const { fields, files } = formAndFiles(req, 'files');
    req.body = fields;
    return formWrite(
      req,
      reply,
      async () => {
        const item = typeof fields.agenda_item_id === 'string' && /^[0-9a-f-]{36}$/i.test(fields.agenda_item_id) ? fields.agenda_item_id : null;
        const checked = await checkFiles(files, WORK_FILES);
        if (checked.length === 0) throw new ValidationError({ files: 'file.err.empty' });
        const stored = await storeWorkFiles(app.config.filesDir, actorOf(req), checked);
        try {
          await svc.attachFiles(db, actorOf(req), id, stored, item);
        } catch (e) {
          await stored.discard();
          throw e;
        }
        return `/app/meetings/${id}#files-h`;
      },
      (form) => page(req, id, { files: form }),
      { values: fields },
    );
  });

  // A document of the meeting (attached or a report's file), to whoever may see the meeting.
  app.get('/app/meetings/:id/files/:item', { ...READ, schema: { params: ItemParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const d = await svc.getMeeting(db, actor, req.params.id);
    const linked = d.files.some((f) => f.id === req.params.item) || d.reports.some((r) => r.file_id === req.params.item);
    if (!linked) throw notFound();
    const f = await openWorkFile(db, app.config.filesDir, actor, req.params.item);
    const sent = sendWorkFile(reply, app.config.filesDir, f, { original: wantsOriginal(req.query) });
    if (!sent) throw notFound();
    return sent;
  });

  app.post('/app/meetings/:id/attendees/:item', { ...RECORD, schema: { params: ItemParams } }, async (req, reply) =>
    act(req, reply, req.params.id, '#att-h', () => svc.setAttendance(db, actorOf(req), req.params.id, req.params.item, parseInput(AttendanceInput, req.body, req.locale))),
  );
  const removals: [string, (req: FastifyRequest, id: string, item: string) => Promise<unknown>][] = [
    ['agenda/:item/remove', (req, id, item) => svc.removeAgendaItem(db, actorOf(req), id, item)],
    ['agenda/:item/up', (req, id, item) => svc.moveAgendaItem(db, actorOf(req), id, item, 'up')],
    ['agenda/:item/down', (req, id, item) => svc.moveAgendaItem(db, actorOf(req), id, item, 'down')],
    ['attendees/:item/remove', (req, id, item) => svc.removeAttendee(db, actorOf(req), id, item)],
    ['reports/:item/remove', (req, id, item) => svc.removeProceeding(db, actorOf(req), id, 'report', item)],
    ['directives/:item/remove', (req, id, item) => svc.removeProceeding(db, actorOf(req), id, 'directive', item)],
    ['conclusions/:item/remove', (req, id, item) => svc.removeConclusion(db, actorOf(req), id, item)],
  ];
  for (const [path, run] of removals) {
    app.post(`/app/meetings/:id/${path}`, { ...RECORD, schema: { params: ItemParams } }, async (req, reply) => act(req, reply, req.params.id, '', () => run(req, req.params.id, req.params.item)));
  }

  // Documents: Word or PDF (numbered once issued, else a draft); the office issues the number.
  const DocParams = IdParams.extend({ doc: z.enum(Object.keys(MEETING_DOCS) as [MeetingDoc, ...MeetingDoc[]]), format: z.enum(['docx', 'pdf']) });
  app.get('/app/meetings/:id/documents/:doc.:format', { ...READ, schema: { params: DocParams } }, async (req, reply) => {
    const { id, doc, format } = req.params;
    // Word on the worker pool (D63); a PDF here, in the process's one LibreOffice queue (export/pdf.ts).
    const f = format === 'pdf' ? await meetingDocumentFile(db, actorOf(req), id, doc, format) : await runHeavy(reply, 'meetings.document-file', { actor: actorOf(req), id, doc, format });
    const type = req.params.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    return reply.type(type).header('cache-control', 'private, no-cache').header('content-disposition', contentDisposition('attachment', f.filename)).send(Buffer.from(f.body.buffer, f.body.byteOffset, f.body.byteLength));
  });
  app.post('/app/meetings/:id/documents/:doc/issue', { ...RECORD, schema: { params: IdParams.extend({ doc: DocParams.shape.doc }) } }, async (req, reply) =>
    act(req, reply, req.params.id, '#doc-h', () => issueMeetingDocument(db, actorOf(req), req.params.id, req.params.doc)),
  );

  app.get('/app/meetings/kinds', RECORD, async (req, reply) => {
    const kinds = await svc.listKinds(db, actorOf(req));
    return sendPage(req, reply, (ctx) => <KindsPage ctx={ctx} kinds={kinds} form={emptyForm()} />);
  });
  app.post('/app/meetings/kinds', { ...RECORD, ...FORM_ROUTE }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        await svc.addKind(db, actorOf(req), parseInput(KindInput, req.body, req.locale));
        return '/app/meetings/kinds';
      },
      async (form) => {
        const kinds = await svc.listKinds(db, actorOf(req));
        return (ctx) => <KindsPage ctx={ctx} kinds={kinds} form={form} />;
      },
    ),
  );
  app.post('/app/meetings/kinds/:id/active', { ...RECORD, schema: { params: IdParams } }, async (req, reply) => {
    await svc.setKindActive(db, actorOf(req), req.params.id, (req.body as Record<string, unknown> | undefined)?.active === '1');
    return reply.redirect('/app/meetings/kinds', 303);
  });
}

type Access = 'auth' | readonly Role[];
