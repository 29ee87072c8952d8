import type { FastifyInstance } from 'fastify';
import { sourceRoutes } from '../sources/routes.tsx';
import { programmeRoutes } from './routes.tsx';
import { scheduleRoutes } from './schedule-routes.tsx';
import { programmesApi } from './api.ts';

/** Source documents, programmes, six-clear tasks, progress, the schedule, the dashboard and reminders. */
export async function programmesFeature(app: FastifyInstance): Promise<void> {
  await app.register(sourceRoutes);
  await programmeRoutes(app);
  scheduleRoutes(app);
  programmesApi(app);
}
