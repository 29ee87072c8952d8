// Editorial pages under /app/portal.
import type { FastifyInstance } from 'fastify';

export async function portalStaffRoutes(_app: FastifyInstance): Promise<void> {}
