// The portal feature: public site at "/", editorial pages under /app/portal, the view counter,
// and the disclosures (công khai) section.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerNav } from '../../ui/layout.tsx';
import { ViewCounter, forgetOldVisitors, viewSecret } from './counter.ts';
import { portalPublicRoutes } from './routes-public.tsx';
import { portalStaffRoutes } from './routes-staff.tsx';
import { articleBulkRoutes } from './bulk.tsx';
import { portalSiteRoutes } from './routes-site.tsx';
import { PORTAL_STAFF } from './schema.ts';
import { disclosureRoutes } from './disclosures/routes.tsx';
import { disclosurePaths } from './disclosures/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Pending article views of this instance (flushed in batches; tests flush explicitly). */
    portalViews: ViewCounter;
  }
}

const FORGET_EVERY_MS = 10 * 60 * 1000;

/**
 * The view counter, decorated on the root instance (fastify-plugin, not encapsulated): it must be
 * flushed when the app closes and tests flush it explicitly through `app.portalViews`.
 */
export const portalViewCounter = fp(
  async (app: FastifyInstance) => {
    const counter = new ViewCounter(app.db, await viewSecret(app.db));
    app.decorate('portalViews', counter);
    // Visitors of closed hours are forgotten now and then; any instance may do it.
    let timer: NodeJS.Timeout | null = null;
    if (!app.config.isTest) {
      timer = setInterval(() => {
        forgetOldVisitors(app.db).catch((err: unknown) => app.log.warn({ err }, 'portal: forgetting old visitors failed'));
      }, FORGET_EVERY_MS);
      timer.unref();
    }
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await counter.flush();
    });
  },
  { name: 'portal-view-counter' },
);

/** The portal feature (encapsulated plugin): public site, editorial pages, disclosures. Needs portalViewCounter first. */
export async function portalFeature(app: FastifyInstance): Promise<void> {
  registerNav({ href: '/app/portal', key: 'nav.portal', roles: PORTAL_STAFF });
  portalPublicRoutes(app, app.portalViews, { sitemapPaths: (wardId) => disclosurePaths(app.db, wardId) });
  await portalStaffRoutes(app);
  portalSiteRoutes(app);
  articleBulkRoutes(app);
  await disclosureRoutes(app);
}
