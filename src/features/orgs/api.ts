// Organizations of the caller's ward over the JSON API (read-only for now).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, apiRoute, IdParams, storedEnum } from '../../platform/http/api.ts';
import { actorOf } from '../../platform/http/context.ts';
import { DIRECTORY_READERS } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';
import { optDate, optEnum } from '../../platform/validation.ts';
import { getOrg, listOrgs, ORG_KINDS } from './service.ts';

const isoDate = z.iso.date();

export const OrgOut = z.object({
  id: z.string(),
  kind: storedEnum(ORG_KINDS),
  name: z.string(),
  short_name: z.string().nullable(),
  unit_id: z.string(),
  parent_id: z.string().nullable(),
  higher_body: z.string().nullable(),
  sort_order: z.number().int(),
  valid_from: isoDate,
  valid_to: isoDate.nullable(),
  version: z.number().int(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

const OrgRef = z.object({ id: z.string(), name: z.string(), kind: storedEnum(ORG_KINDS) });

const OrgsQuery = z.object({
  kind: optEnum(ORG_KINDS),
  /** Only organizations that exist on this date. */
  on: optDate(),
});

const OrgDetailOut = z.object({ org: OrgOut, parent: OrgRef.nullable(), children: z.array(OrgRef) });


export function orgsApi(app: FastifyInstance): void {
  const db = app.db;
  const tags = ['orgs'];

  apiRoute(
    app,
    { method: 'GET', url: `${API_PREFIX}/orgs`, access: DIRECTORY_READERS, summary: 'api.orgs.list', tags, query: OrgsQuery, response: z.object({ items: z.array(OrgOut) }) },
    async ({ query, req }) => {
      // Filtered in SQL (D63).
      return { items: await listOrgs(db, actorOf(req), { kind: query.kind, on: query.on }) };
    },
  );

  apiRoute(
    app,
    { method: 'GET', url: `${API_PREFIX}/orgs/:id`, access: DIRECTORY_READERS, summary: 'api.orgs.get', tags, params: IdParams, response: OrgDetailOut },
    async ({ params, req }) => {
      const actor = actorOf(req);
      const org = await getOrg(db, actor, params.id);
      if (!org) throw notFound();
      const all = await listOrgs(db, actor);
      return { org, parent: all.find((o) => o.id === org.parent_id) ?? null, children: all.filter((o) => o.parent_id === org.id) };
    },
  );
}
