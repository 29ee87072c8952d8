import type { FastifyInstance } from 'fastify';
import { meetingRoutes } from './routes.tsx';
import { meetingsApi } from './api.ts';
import { calendarRoutes } from './calendar/routes.tsx';

/** Meetings: the record, attendance, proceedings and conclusions, documents, calendar, the article. */
export async function meetingsFeature(app: FastifyInstance): Promise<void> {
  await meetingRoutes(app);
  calendarRoutes(app);
  meetingsApi(app);
}
