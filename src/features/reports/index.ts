import type { FastifyInstance } from 'fastify';
import { reportRoutes } from './routes.tsx';

/** Reports: requests, organizations' reports, the completeness board, the roll-up, report forms. */
export async function reportsFeature(app: FastifyInstance): Promise<void> {
  await reportRoutes(app);
}
