import './messages.ts';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { accountRoutes } from './account/routes.tsx';
import { homeRoutes } from './home/routes.tsx';
import { peopleRoutes } from './people/routes.tsx';
import { orgsRoutes } from './orgs/routes.tsx';
import { postHoldersOf } from './people/service.ts';
import { unitsRoutes } from './units/routes.tsx';
import { portalFeature, portalViewCounter } from './portal/routes.tsx';
import { usersRoutes } from './users/routes.tsx';
import { auditRoutes } from './audit/routes.tsx';
import { programmesFeature } from './programmes/index.ts';
import { sourceRoutes } from './sources/routes.tsx';
import { meetingsFeature } from './meetings/index.ts';
import { reportsFeature } from './reports/index.ts';
import { accountApi } from './account/api.ts';
import { peopleApi } from './people/api.ts';
import { peopleImportRoutes } from './people/import-routes.tsx';
import { orgsApi } from './orgs/api.ts';
import { unitsApi } from './units/api.ts';
import { documentsRoutes } from './documents/routes.tsx';
import { setupRoutes } from './setup/routes.tsx';
import { notificationMailer, notificationsFeature } from './notifications/index.ts';

/** A feature's pages and its JSON API, as one encapsulated plugin. */
const feature =
  (...parts: ((app: FastifyInstance) => void | Promise<void>)[]): FastifyPluginAsync =>
  async (app) => {
    for (const part of parts) await part(app);
  };

/**
 * Every feature, each an encapsulated Fastify plugin registered after the platform (app.ts): its
 * hooks, decorators and content-type parsers (multipart in the upload routes) stay inside it.
 * What must be global is decorated on the root by platform plugins (fastify-plugin), as the
 * portal's view counter, which the app flushes on close.
 */
export async function registerFeatures(app: FastifyInstance): Promise<void> {
  await app.register(feature(accountRoutes, accountApi));
  await app.register(feature(homeRoutes));
  await app.register(feature(peopleRoutes, peopleApi));
  await app.register(peopleImportRoutes);
  // Organization pages list post holders through the people room (people → orgs is the only arrow).
  await app.register(feature((scope) => orgsRoutes(scope, { postHolders: postHoldersOf }), orgsApi));
  await app.register(feature(unitsRoutes, unitsApi));
  await app.register(portalViewCounter);
  await app.register(portalFeature);
  await app.register(feature(usersRoutes));
  await app.register(feature(auditRoutes));
  await app.register(sourceRoutes);
  await app.register(programmesFeature);
  await app.register(meetingsFeature);
  await app.register(reportsFeature);
  await app.register(feature(documentsRoutes));
  await app.register(feature(setupRoutes));
  await app.register(feature(notificationsFeature));
  // The notification mailer watches every write request: on the root instance (fastify-plugin).
  await app.register(notificationMailer);
}
