import type { FastifyInstance } from 'fastify';
import { programmeRoutes } from './routes.tsx';
import { scheduleRoutes } from './schedule-routes.tsx';
import { programmesApi } from './api.ts';
import { programmeListRoutes } from './list-routes.tsx';
import { taskBulkRoutes } from './bulk.tsx';

/** Programmes, six-clear tasks, progress, the schedule, the dashboard and reminders. */
export async function programmesFeature(app: FastifyInstance): Promise<void> {
  await programmeRoutes(app);
  programmeListRoutes(app);
  scheduleRoutes(app);
  programmesApi(app);
  taskBulkRoutes(app);
}
