import type { FastifyInstance } from 'fastify';
import { notificationRoutes } from './routes.tsx';

export { notificationMailer } from './routes.tsx';
export { MailModeForm } from './views.tsx';
export { mailSetting } from './service.ts';

/** Notifications: the page of one's notifications, the mail setting, and the mailer (register notificationMailer on the root). */
export function notificationsFeature(app: FastifyInstance): void {
  notificationRoutes(app);
}
