// GET /api/v1/me: who is calling, in which ward, with which roles.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, apiRoute } from '../../platform/http/api.ts';
import { AppError } from '../../platform/errors.ts';
import { ROLES } from '../../platform/auth/roles.ts';

const WardOut = z.object({ id: z.string(), name: z.string() });

const MeOut = z.object({
  user: z.object({ id: z.string(), username: z.string(), display_name: z.string(), person_id: z.string().nullable(), locale: z.string() }),
  /** The ward this call acts in: x-roviec-ward, else the session's ward, else the user's home ward. */
  ward: WardOut.nullable(),
  wards: z.array(WardOut),
  roles: z.array(z.enum(ROLES)),
  head_of: z.array(z.string()),
  member_of: z.array(z.string()),
  locale: z.enum(['vi', 'en']),
  via_token: z.boolean(),
  /** For cookie sessions: the value to send as x-csrf-token on writes; null for bearer tokens. */
  csrf_token: z.string().nullable(),
});

export function accountApi(app: FastifyInstance): void {
  apiRoute(app, { method: 'GET', url: `${API_PREFIX}/me`, access: 'auth', summary: 'api.me', tags: ['account'], response: MeOut }, async ({ req, reply }) => {
    const { identity, access, ward, wards, viaToken } = req.auth;
    if (!identity) throw new AppError(401, 'err.401');
    return {
      user: { id: identity.userId, username: identity.username, display_name: identity.displayName, person_id: identity.personId, locale: identity.locale },
      ward,
      wards,
      roles: ROLES.filter((r) => access?.roles.has(r)),
      head_of: access?.headOf ?? [],
      member_of: access?.memberOf ?? [],
      locale: req.locale,
      via_token: viaToken,
      csrf_token: viaToken ? null : reply.generateCsrf(),
    };
  });
}
