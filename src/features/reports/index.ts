import type { FastifyInstance } from 'fastify';
import { reportRoutes } from './routes.tsx';
import { reportsApi } from './api.ts';
import { acrossRoutes } from './across-routes.tsx';
import { reportExportRoutes } from './export-routes.ts';
import { registerRelated } from '../../platform/related.ts';
import { requestsOfMeeting } from './load.ts';

/** Reports: forms, requests, each organization's report, the board, the roll-up (also across wards), exports, the API. */
export async function reportsFeature(app: FastifyInstance): Promise<void> {
  // The meeting's page lists the reports presented at it (meetings does not import this room).
  registerRelated('meeting', requestsOfMeeting);
  await reportRoutes(app);
  acrossRoutes(app);
  reportExportRoutes(app);
  reportsApi(app);
}
