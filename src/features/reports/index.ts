import type { FastifyInstance } from 'fastify';
import { reportExportRoutes } from './export-routes.ts';

/**
 * Reports: forms, requests, submissions, the board, the roll-up and its exports. (Export helper's
 * version: the integrator adds `reportRoutes` (routes.tsx) and `reportsApi` (api.ts).)
 */
export async function reportsFeature(app: FastifyInstance): Promise<void> {
  reportExportRoutes(app);
}
