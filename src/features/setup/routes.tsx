// GET/POST /setup: the first-run setup page (anonymous, CSRF like every form). docs/DESIGN.md D34.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../../platform/http/context.ts';
import { doneAt } from '../../platform/http/forms.ts';
import { registerBanner } from '../../platform/http/banners.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { emptyForm } from '../../ui/components.tsx';
import { parseSetup } from './schema.ts';
import { checkSetupCode, PAGE_ACTOR_LABEL, runSetup, setupOpen } from './service.ts';
import { SetupGonePage, SetupPage } from './views.tsx';
import './messages.ts';

// Until the first account exists, every anonymous page (the sign-in page first: `/` sends there
// while no portal exists) points to /setup — never with the code.
registerBanner({ key: 'setup.pending', audience: 'anonymous', link: { href: '/setup', key: 'setup.pendingLink' }, except: ['/setup'], active: setupOpen, settles: true });

/** What the form shows first: the 2025 shape, a ward of a city, residential groups, 01/07/2025. */
const DEFAULTS = { shape: '2025', province_kind: 'thanh_pho', ward_kind: 'phuong', groups_kind: 'to_dan_pho', valid_from: '01/07/2025' };

const gone = (req: FastifyRequest, reply: FastifyReply) => sendPage(req, reply, (ctx) => <SetupGonePage ctx={ctx} />, 410);

/** The setup page and its post. */
export function setupRoutes(app: FastifyInstance): void {
  const db = app.db;
  app.get('/setup', { config: { access: 'public' } }, async (req, reply) => {
    if (!(await setupOpen(db))) return gone(req, reply);
    return sendPage(req, reply, (ctx) => <SetupPage ctx={ctx} form={emptyForm(DEFAULTS)} />);
  });

  // Order: setup still open (410), the code (403, 429 — throttled per IP), the fields (400), then
  // the one command (400 for a unit code that exists, 410 when another setup won meanwhile).
  app.post('/setup', { config: { access: 'public' } }, async (req, reply) => {
    if (!(await setupOpen(db))) return gone(req, reply);
    const raw = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const { _csrf: _token, admin_password: _p, admin_password_confirm: _c, ...values } = raw;
    try {
      const code = await checkSetupCode(db, typeof raw.setup_code === 'string' ? raw.setup_code : undefined, req.ip);
      const input = parseSetup(raw, req.locale);
      const done = await runSetup(db, input, code, PAGE_ACTOR_LABEL, req.ip);
      return reply.redirect(doneAt(req, '/login', 'setup.done', { ward: done.wardName }), 303);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.status === 410) return gone(req, reply);
      const whole = e.status === 403 || e.status === 429 ? translate(req.locale, e.key, e.params) : undefined;
      if (!whole && !e.fields) throw e;
      return sendPage(req, reply, (ctx) => <SetupPage ctx={ctx} form={{ values, errors: e.fields ?? {} }} message={whole} />, e.status);
    }
  });
}
