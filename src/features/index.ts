import './messages.ts';
import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './account/routes.tsx';
import { dashboardRoutes } from './dashboard/routes.tsx';
import { peopleRoutes } from './people/routes.tsx';
import { orgsRoutes } from './orgs/routes.tsx';
import { unitsRoutes } from './units/routes.tsx';
import { portalFeature } from './portal/routes.tsx';
import { usersRoutes } from './users/routes.tsx';
import { auditRoutes } from './audit/routes.tsx';
import { programmesFeature } from './programmes/index.ts';
import { apiDocsRoute } from '../platform/http/api.ts';
import { accountApi } from './account/api.ts';
import { peopleApi } from './people/api.ts';
import { orgsApi } from './orgs/api.ts';
import { unitsApi } from './units/api.ts';

/** Every feature's routes, registered after the platform. */
export async function registerFeatures(app: FastifyInstance): Promise<void> {
  accountRoutes(app);
  dashboardRoutes(app);
  peopleRoutes(app);
  orgsRoutes(app);
  unitsRoutes(app);
  await portalFeature(app);
  usersRoutes(app);
  auditRoutes(app);
  await programmesFeature(app);
  // The JSON API: each feature's module, then the OpenAPI document that describes them all.
  accountApi(app);
  peopleApi(app);
  orgsApi(app);
  unitsApi(app);
  apiDocsRoute(app);
}
