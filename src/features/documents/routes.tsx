import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FORM_ROUTE, formWrite } from '../../platform/http/forms.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import { registerNav } from '../../ui/layout.tsx';
import type { Db } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { listOrgs } from '../orgs/service.ts';
import { NewProfileQuery, ProfileInput, ProfileParams, TermInput } from './schema.ts';
import * as documents from './service.ts';
import { runHeavy } from '../../platform/workers/pool.ts';
import './sample-jobs.ts';
import { ProfileFormPage, ProfilesPage } from './views.tsx';

/** Who manages document profiles and terms: the ward office (permission 'ward.office'). */
export const PROFILE_MANAGERS: readonly Role[] = ['admin', 'office'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function profilesPage(db: Db, actor: Actor, termForm: FormState) {
  const [profiles, terms, orgs] = await Promise.all([documents.listProfiles(db, actor), documents.listTerms(db, actor), listOrgs(db, actor)]);
  return { profiles, terms, orgs: orgs.map((o) => ({ id: o.id, name: o.name })), termForm };
}

/**
 * The documents room's pages: the office's list of document profiles (built-in and the ward's),
 * the form that adds a profile as a copy of another, a sample .docx per profile, and the terms
 * (nhiệm kỳ) of bodies that Party numbers run by.
 */
export async function documentsRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const office = { config: { access: PROFILE_MANAGERS } };
  registerNav({ href: '/app/documents/profiles', key: 'nav.documents', roles: PROFILE_MANAGERS });

  app.get('/app/documents/profiles', office, async (req, reply) => {
    const data = await profilesPage(db, actorOf(req), emptyForm());
    return sendPage(req, reply, (ctx) => <ProfilesPage ctx={ctx} {...data} />);
  });

  app.get('/app/documents/profiles/new', { ...office, schema: { querystring: NewProfileQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const bases = await documents.listProfiles(db, actor);
    const from = req.query.from ? await documents.getProfile(db, actor, req.query.from) : undefined;
    const values = from
      ? { based_on_id: from.id, name: from.name, family: from.family, org_kinds: from.kinds, spec: JSON.stringify(JSON.parse(from.spec), null, 2) }
      : {};
    return sendPage(req, reply, (ctx) => <ProfileFormPage ctx={ctx} form={emptyForm(values)} bases={bases} />);
  });

  app.post('/app/documents/profiles', { ...office, ...FORM_ROUTE, schema: { body: ProfileInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        await documents.createProfile(db, actorOf(req), req.body);
        return '/app/documents/profiles?ok=saved';
      },
      async (form) => {
        const bases = await documents.listProfiles(db, actorOf(req));
        return (ctx) => <ProfileFormPage ctx={ctx} form={form} bases={bases} />;
      },
    ),
  );

  app.get('/app/documents/profiles/:id/sample.docx', { ...office, schema: { params: ProfileParams } }, async (req, reply) => {
    const { docx, filename } = await runHeavy(reply, 'documents.sample-docx', { actor: { wardId: actorOf(req).wardId }, id: req.params.id }); // on the worker pool (D63)
    reply.header('content-type', DOCX).header('content-disposition', contentDisposition('attachment', filename)).header('cache-control', 'no-store');
    return reply.send(Buffer.from(docx.buffer, docx.byteOffset, docx.byteLength));
  });

  app.post('/app/documents/terms', { ...office, ...FORM_ROUTE, schema: { body: TermInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        await documents.recordBodyTerm(db, actorOf(req), req.body);
        return '/app/documents/profiles?ok=saved#terms';
      },
      async (form) => {
        const data = await profilesPage(db, actorOf(req), form);
        return (ctx) => <ProfilesPage ctx={ctx} {...data} />;
      },
    ),
  );
}
