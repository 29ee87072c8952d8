import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './account/routes.tsx';
import { dashboardRoutes } from './dashboard/routes.tsx';
import { peopleRoutes } from './people/routes.tsx';
import { portalFeature } from './portal/routes.tsx';
import { usersRoutes } from './users/routes.tsx';
import { auditRoutes } from './audit/routes.tsx';
import { programmesFeature } from './programmes/index.ts';

/** Every feature's routes, registered after the platform. */
export async function registerFeatures(app: FastifyInstance): Promise<void> {
  accountRoutes(app);
  dashboardRoutes(app);
  peopleRoutes(app);
  await portalFeature(app);
  usersRoutes(app);
  auditRoutes(app);
  await programmesFeature(app);
}
