// Meetings over the JSON API: the same services, rules and messages as the pages.
import { id } from '../../platform/validation.ts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, apiRoute, apiVersion, IdParams, storedEnum } from '../../platform/http/api.ts';
import { actorOf } from '../../platform/http/context.ts';
import { AgendaInput, AttendanceInput, AttendeeInput, ATTENDANCE, ATTENDEE_ROLES, CancelInput, CONCLUSION_KINDS, ConclusionInput, DirectiveInput, HeldInput, MEETING_STATUSES, MeetingInput, MeetingListQuery, type MeetingUpdateInput, ReportInput } from './schema.ts';
import { formatTime } from '../../lib/vi/index.ts';
import * as svc from './service.ts';
import { RECORDERS } from './routes.tsx';
import { issueMeetingDocument, meetingNumbers, MEETING_DOCS, type MeetingDoc } from './documents.ts';

const TAGS = ['meetings'];
const instant = z.iso.datetime();
const isoDate = z.iso.date();
const Created = z.object({ id: z.string() });
const ItemParams = IdParams.extend({ item: id() });

const MeetingOut = z.object({
  id: z.string(),
  kind_id: z.string(),
  title: z.string(),
  starts_at: instant,
  ends_at: instant,
  place: z.string(),
  host_org_id: z.string(),
  chair_person_id: z.string().nullable(),
  secretary_person_id: z.string().nullable(),
  status: storedEnum(MEETING_STATUSES),
  summary: z.string().nullable(),
  is_public: z.boolean(),
  closed_at: instant.nullable(),
  cancel_reason: z.string().nullable(),
  ics_sequence: z.number().int(),
  article_id: z.string().nullable(),
  version: z.number().int(),
});
const PostOut = z.object({ title: z.string(), abbreviation: z.string().nullable() });
const AttendeeOut = z.object({ id: z.string(), person_id: z.string().nullable(), name: z.string(), posts: z.array(PostOut), guest_title: z.string().nullable(), role: storedEnum(ATTENDEE_ROLES), status: storedEnum(ATTENDANCE), reason: z.string().nullable(), version: z.number().int() });
const ConclusionOut = z.object({
  id: z.string(),
  number: z.number().int(),
  kind: storedEnum(CONCLUSION_KINDS),
  content: z.string(),
  lead_org_id: z.string().nullable(),
  coordinating_org_ids: z.array(z.string()),
  addressed_org_ids: z.array(z.string()),
  due_on: isoDate.nullable(),
  /** Derived from the tasks made from it. */
  state: z.string(),
  task_ids: z.array(z.string()),
  version: z.number().int(),
});
const DetailOut = z.object({
  meeting: MeetingOut,
  invited_org_ids: z.array(z.string()),
  agenda: z.array(z.object({ id: z.string(), position: z.number().int(), title: z.string(), presenter_person_id: z.string().nullable(), presenter_name: z.string().nullable(), planned_minutes: z.number().int().nullable() })),
  attendees: z.array(AttendeeOut),
  counts: z.object({ total: z.number().int(), present: z.number().int(), excused: z.number().int(), absent: z.number().int() }),
  conclusions: z.array(ConclusionOut),
  reports: z.array(z.object({ id: z.string(), position: z.number().int(), org_id: z.string(), presenter_person_id: z.string().nullable(), summary: z.string(), file_id: z.string().nullable(), is_public: z.boolean() })),
  directives: z.array(z.object({ id: z.string(), position: z.number().int(), speaker_person_id: z.string().nullable(), speaker_name: z.string().nullable(), content: z.string(), org_ids: z.array(z.string()), is_public: z.boolean() })),
});

/** A stored flag (0/1: SQLite has no boolean) as the JSON boolean the API takes in its bodies. */
const flagOut = <T extends { is_public: number | boolean }>(r: T) => ({ ...r, is_public: Boolean(r.is_public) });

const detailOut = (d: svc.MeetingDetail) => ({
  meeting: flagOut(d.meeting),
  invited_org_ids: d.invited.map((o) => o.id),
  agenda: d.agenda,
  attendees: d.attendees.map((a) => ({ ...a, posts: a.posts.map((p) => ({ title: p.title, abbreviation: p.abbreviation })) })),
  counts: { total: d.counts.total, present: d.counts.present, excused: d.counts.excused.length, absent: d.counts.absent.length },
  conclusions: d.conclusions.map((c) => ({ ...c.conclusion, state: c.state, task_ids: c.tasks.map((t) => t.id) })),
  reports: d.reports.map(flagOut),
  directives: d.directives.map(flagOut),
});

const VersionBody = z.object({ version: apiVersion() });

export function meetingsApi(app: FastifyInstance): void {
  const db = app.db;
  const M = `${API_PREFIX}/meetings`;
  const get = async (req: Parameters<typeof actorOf>[0], id: string) => detailOut(await svc.getMeeting(db, actorOf(req), id));

  apiRoute(app, { method: 'GET', url: M, access: 'auth', summary: 'api.meeting.list', tags: TAGS, query: MeetingListQuery, response: z.object({ items: z.array(MeetingOut.pick({ id: true, title: true, starts_at: true, ends_at: true, place: true, status: true, host_org_id: true })), total: z.number().int() }) }, async ({ req, query }) => {
    const { rows, total } = await svc.listMeetings(db, actorOf(req), query);
    return { items: rows, total };
  });
  apiRoute(app, { method: 'POST', url: M, access: RECORDERS, summary: 'api.meeting.create', tags: TAGS, body: MeetingInput, response: Created, status: 201 }, async ({ req, body }) => ({ id: await svc.createMeeting(db, actorOf(req), body) }));
  apiRoute(app, { method: 'GET', url: `${M}/:id`, access: 'auth', summary: 'api.meeting.get', tags: TAGS, params: IdParams, response: DetailOut }, async ({ req, params }) => get(req, params.id));
  // PATCH changes the fields sent; the others keep their values (a missing list is not "none").
  const MeetingPatch = MeetingInput.partial().extend({ version: apiVersion() });
  apiRoute(app, { method: 'PATCH', url: `${M}/:id`, access: RECORDERS, summary: 'api.meeting.update', tags: TAGS, params: IdParams, body: MeetingPatch, response: DetailOut, errors: [409, 422] }, async ({ req, params, body }) => {
    const actor = actorOf(req);
    const d = await svc.getMeeting(db, actor, params.id);
    const m = d.meeting;
    const end = svc.meetingDay({ starts_at: m.ends_at });
    const current: MeetingUpdateInput = {
      kind_id: m.kind_id,
      title: m.title,
      date: d.day,
      start_time: formatTime(m.starts_at),
      end_date: end === d.day ? null : end,
      end_time: formatTime(m.ends_at),
      place: m.place,
      host_org_id: m.host_org_id,
      chair_person_id: m.chair_person_id,
      secretary_person_id: m.secretary_person_id,
      invited_org_ids: d.invited.map((o) => o.id),
      summary: m.summary,
      others_text: m.others_text,
      is_public: !!m.is_public,
      version: body.version,
    };
    const sent = Object.keys((req.body ?? {}) as object);
    const changes = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && sent.includes(k)));
    await svc.updateMeeting(db, actor, params.id, { ...current, ...changes } as MeetingUpdateInput);
    return get(req, params.id);
  });
  const lifecycle = [
    ['convene', RECORDERS, VersionBody, 'api.meeting.convene'],
    ['held', RECORDERS, HeldInput.extend({ version: apiVersion() }), 'api.meeting.held'],
    ['approve', 'auth', VersionBody, 'api.meeting.approve'],
    ['cancel', RECORDERS, CancelInput.extend({ version: apiVersion() }), 'api.meeting.cancel'],
  ] as const;
  for (const [action, access, body, summary] of lifecycle) {
    apiRoute(app, { method: 'POST', url: `${M}/:id/${action}`, access, summary, tags: TAGS, params: IdParams, body, response: DetailOut, errors: [409, 422] }, async ({ req, params, body: b }) => {
      const actor = actorOf(req);
      const input = b as { version: number; reason?: string; closed_time?: string };
      if (action === 'convene') await svc.conveneMeeting(db, actor, params.id, input.version);
      else if (action === 'held') await svc.markHeld(db, actor, params.id, { version: input.version, closed_time: input.closed_time });
      else if (action === 'approve') await svc.approveMinutes(db, actor, params.id, input.version);
      else await svc.cancelMeeting(db, actor, params.id, { version: input.version, reason: input.reason ?? '' });
      return get(req, params.id);
    });
  }
  apiRoute(app, { method: 'POST', url: `${M}/:id/attendees`, access: RECORDERS, summary: 'api.meeting.attendeeAdd', tags: TAGS, params: IdParams, body: AttendeeInput, response: Created, status: 201, errors: [409, 422] }, async ({ req, params, body }) => ({ id: await svc.addAttendee(db, actorOf(req), params.id, body) }));
  apiRoute(app, { method: 'PATCH', url: `${M}/:id/attendees/:item`, access: RECORDERS, summary: 'api.meeting.attendance', tags: TAGS, params: ItemParams, body: AttendanceInput.extend({ version: apiVersion() }), response: DetailOut, errors: [409, 422] }, async ({ req, params, body }) => {
    await svc.setAttendance(db, actorOf(req), params.id, params.item, body);
    return get(req, params.id);
  });
  apiRoute(app, { method: 'POST', url: `${M}/:id/agenda`, access: RECORDERS, summary: 'api.meeting.agendaAdd', tags: TAGS, params: IdParams, body: AgendaInput, response: Created, status: 201, errors: [422] }, async ({ req, params, body }) => ({ id: await svc.addAgendaItem(db, actorOf(req), params.id, body) }));
  apiRoute(app, { method: 'POST', url: `${M}/:id/reports`, access: RECORDERS, summary: 'api.meeting.reportAdd', tags: TAGS, params: IdParams, body: ReportInput, response: Created, status: 201, errors: [422] }, async ({ req, params, body }) => ({ id: await svc.addReport(db, actorOf(req), params.id, body) }));
  apiRoute(app, { method: 'POST', url: `${M}/:id/directives`, access: RECORDERS, summary: 'api.meeting.directiveAdd', tags: TAGS, params: IdParams, body: DirectiveInput, response: Created, status: 201, errors: [422] }, async ({ req, params, body }) => ({ id: await svc.addDirective(db, actorOf(req), params.id, body) }));
  apiRoute(app, { method: 'POST', url: `${M}/:id/conclusions`, access: RECORDERS, summary: 'api.meeting.conclusionAdd', tags: TAGS, params: IdParams, body: ConclusionInput, response: Created, status: 201, errors: [422] }, async ({ req, params, body }) => ({ id: await svc.addConclusion(db, actorOf(req), params.id, body) }));
  const DocParams = IdParams.extend({ doc: z.enum(Object.keys(MEETING_DOCS) as [MeetingDoc, ...MeetingDoc[]]) });
  apiRoute(app, { method: 'GET', url: `${M}/:id/documents`, access: 'auth', summary: 'api.meeting.documents', tags: TAGS, params: IdParams, response: z.object({ items: z.array(z.object({ doc: z.string(), number: z.string().nullable(), docx: z.string(), pdf: z.string() })) }) }, async ({ req, params }) => {
    const actor = actorOf(req);
    await svc.getMeeting(db, actor, params.id);
    const numbers = await meetingNumbers(db, actor, params.id);
    return { items: (Object.keys(MEETING_DOCS) as MeetingDoc[]).map((doc) => ({ doc, number: numbers[doc] ?? null, docx: `/app/meetings/${params.id}/documents/${doc}.docx`, pdf: `/app/meetings/${params.id}/documents/${doc}.pdf` })) };
  });
  apiRoute(app, { method: 'POST', url: `${M}/:id/documents/:doc/issue`, access: RECORDERS, summary: 'api.meeting.issue', tags: TAGS, params: DocParams, response: z.object({ number: z.string() }), status: 201, errors: [409, 422] }, async ({ req, params }) => ({
    number: await issueMeetingDocument(db, actorOf(req), params.id, params.doc),
  }));
  apiRoute(app, { method: 'POST', url: `${M}/:id/tasks`, access: RECORDERS, summary: 'api.meeting.tasks', tags: TAGS, params: IdParams, response: z.object({ created: z.number().int() }), status: 201, errors: [422] }, async ({ req, params }) => ({ created: await svc.turnIntoTasks(db, actorOf(req), params.id) }));
}
