// The administrative tree around the caller's ward over the JSON API, as it stood on a date.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, apiRoute } from '../../platform/http/api.ts';
import { actorOf } from '../../platform/http/context.ts';
import { DIRECTORY_READERS } from '../../platform/auth/roles.ts';
import { optDate } from '../../platform/validation.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { unitTreeOn } from './service.ts';

const isoDate = z.iso.date();

const UnitNodeOut = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  is_ward: z.boolean(),
  /** The unit's own ward (tenant); null for units above wards (province, district). */
  ward_id: z.string().nullable(),
  parent_id: z.string().nullable(),
  depth: z.number().int(),
  valid_from: isoDate,
  valid_to: isoDate.nullable(),
  version: z.number().int(),
});

const UnitsQuery = z.object({ on: optDate() });

export function unitsApi(app: FastifyInstance): void {
  const db = app.db;
  apiRoute(
    app,
    {
      method: 'GET',
      url: `${API_PREFIX}/units`,
      access: DIRECTORY_READERS,
      summary: 'api.units.tree',
      tags: ['units'],
      query: UnitsQuery,
      response: z.object({ on: isoDate, items: z.array(UnitNodeOut) }),
    },
    async ({ query, req }) => {
      const on = query.on ?? todayInVietnam();
      const nodes = await unitTreeOn(db, actorOf(req).wardId, on);
      // Depth-first order: each unit comes right after its parent.
      return { on, items: nodes.map((n) => ({ ...n, is_ward: n.is_ward === 1, parent_id: n.parentId })) };
    },
  );
}
