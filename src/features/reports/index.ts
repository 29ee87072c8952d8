import type { FastifyInstance } from 'fastify';
import { reportsApi } from './api.ts';
import { acrossRoutes } from './across-routes.tsx';

/** Reports: forms, requests, each organization's report, the board and the roll-up. */
export async function reportsFeature(app: FastifyInstance): Promise<void> {
  acrossRoutes(app);
  reportsApi(app);
}
