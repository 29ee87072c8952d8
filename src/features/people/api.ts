// People over the JSON API: the same service functions, rules and messages as the pages.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, apiRoute, apiVersion, IdParams, storedEnum } from '../../platform/http/api.ts';
import { actorOf } from '../../platform/http/context.ts';
import { DIRECTORY_READERS, DIRECTORY_WRITERS } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';
import { GENDERS, PeopleApiQuery, PeopleQuery, PersonCreateInput, PersonInput, PositionInput, SpanEndInput, type PersonUpdateInput } from './schema.ts';
import * as people from './service.ts';
import { recordPersonalExport } from './personal.ts';

const isoDate = z.iso.date();
const instant = z.iso.datetime();

export const PersonOut = z.object({
  id: z.string(),
  full_name: z.string(),
  gender: storedEnum(GENDERS).nullable(),
  birth_date: isoDate.nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  unit_id: z.string().nullable(),
  note: z.string().nullable(),
  ended_on: isoDate.nullable(),
  end_reason: z.string().nullable(),
  /** True when birth date, phone and email were withheld from this reader (they read null). */
  personal_hidden: z.boolean(),
  version: z.number().int(),
  created_at: instant,
  updated_at: instant,
});

export const PositionOut = z.object({
  id: z.string(),
  person_id: z.string(),
  org_id: z.string(),
  org_name: z.string(),
  title: z.string(),
  abbreviation: z.string().nullable(),
  rank: z.number().int(),
  start_on: isoDate,
  end_on: isoDate.nullable(),
  version: z.number().int(),
});

export const MembershipOut = z.object({
  id: z.string(),
  person_id: z.string(),
  org_id: z.string(),
  org_name: z.string(),
  member_no: z.string().nullable(),
  start_on: isoDate,
  end_on: isoDate.nullable(),
  version: z.number().int(),
});

const PeopleList = z.object({
  items: z.array(PersonOut.extend({ posts: z.array(PositionOut), printed_name: z.string() })),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  on: isoDate,
});

const PersonDetailOut = z.object({
  person: PersonOut,
  on: isoDate,
  /** The name as printed on that date: "Dương Ngọc Dũng - Bí thư Đảng ủy, …". */
  printed_name: z.string(),
  posts_on: z.array(PositionOut),
  posts: z.array(PositionOut),
  memberships: z.array(MembershipOut),
  can_edit: z.boolean(),
});

const OnQuery = PeopleQuery.pick({ on: true });
/** PATCH: only the fields sent change; null clears an optional field; version is required. */
const PersonPatch = PersonInput.partial().extend({ version: apiVersion() });
const PositionEnd = SpanEndInput.extend({ version: apiVersion() });

const detailOut = (d: people.PersonDetail) => ({
  person: d.person,
  on: d.onDate,
  printed_name: people.printedName(d.person.full_name, d.postsOn),
  posts_on: d.postsOn,
  posts: d.posts,
  memberships: d.memberships,
  can_edit: d.canEdit,
});

export function peopleApi(app: FastifyInstance): void {
  const db = app.db;
  const tags = ['people'];

  apiRoute(app, { method: 'GET', url: `${API_PREFIX}/people`, access: DIRECTORY_READERS, summary: 'api.people.list', tags, query: PeopleApiQuery, response: PeopleList }, async ({ query, req }) => {
    const actor = actorOf(req);
    const { items, total, onDate } = await people.listPeople(db, actor, query);
    await recordPersonalExport(db, actor, items, 'GET /api/v1/people');
    return {
      items: items.map((p) => ({ ...p, printed_name: people.printedName(p.full_name, p.posts) })),
      total,
      page: query.page,
      page_size: query.page_size,
      on: onDate,
    };
  });

  apiRoute(
    app,
    { method: 'GET', url: `${API_PREFIX}/people/:id`, access: DIRECTORY_READERS, summary: 'api.people.get', tags, params: IdParams, query: OnQuery, response: PersonDetailOut },
    async ({ params, query, req }) => {
      const actor = actorOf(req);
      const detail = await people.getPerson(db, actor, params.id, query.on ?? undefined);
      await recordPersonalExport(db, actor, [detail.person], 'GET /api/v1/people/:id');
      return detailOut(detail);
    },
  );

  apiRoute(
    app,
    { method: 'POST', url: `${API_PREFIX}/people`, access: DIRECTORY_WRITERS, summary: 'api.people.create', tags, body: PersonCreateInput, response: PersonDetailOut, status: 201 },
    async ({ body, req, reply }) => {
      const actor = actorOf(req);
      const id = await people.createPerson(db, actor, body);
      reply.header('location', `${API_PREFIX}/people/${id}`);
      return detailOut(await people.getPerson(db, actor, id));
    },
  );

  apiRoute(
    app,
    { method: 'PATCH', url: `${API_PREFIX}/people/:id`, access: DIRECTORY_WRITERS, summary: 'api.people.update', tags, params: IdParams, body: PersonPatch, response: PersonDetailOut, errors: [409] },
    async ({ params, body, req }) => {
      const actor = actorOf(req);
      const { person } = await people.getPerson(db, actor, params.id);
      const current = { full_name: person.full_name, gender: person.gender as PersonUpdateInput['gender'], birth_date: person.birth_date, phone: person.phone, email: person.email, unit_id: person.unit_id, note: person.note };
      const sent = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      await people.updatePerson(db, actor, params.id, { ...current, ...sent } as PersonUpdateInput);
      return detailOut(await people.getPerson(db, actor, params.id));
    },
  );

  apiRoute(
    app,
    { method: 'POST', url: `${API_PREFIX}/people/:id/positions`, access: DIRECTORY_WRITERS, summary: 'api.people.addPosition', tags, params: IdParams, body: PositionInput, response: PositionOut, status: 201 },
    async ({ params, body, req }) => {
      const actor = actorOf(req);
      const positionId = await people.addPosition(db, actor, params.id, body);
      return postOf(actor, params.id, positionId);
    },
  );

  apiRoute(
    app,
    { method: 'POST', url: `${API_PREFIX}/positions/:id/end`, access: DIRECTORY_WRITERS, summary: 'api.positions.end', tags, params: IdParams, body: PositionEnd, response: PositionOut, errors: [409] },
    async ({ params, body, req }) => {
      const actor = actorOf(req);
      const personId = await people.endPosition(db, actor, params.id, body);
      return postOf(actor, personId, params.id);
    },
  );

  async function postOf(actor: ReturnType<typeof actorOf>, personId: string, positionId: string) {
    const post = (await people.getPerson(db, actor, personId)).posts.find((p) => p.id === positionId);
    if (!post) throw notFound();
    return post;
  }
}
