// /app/orgs/template: preview the organizations a template makes for this ward, then create them
// in one action (the ward's administrator or office). docs/DESIGN.md D37.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FORM_ROUTE, formWrite } from '../../platform/http/forms.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { typedValues } from '../../platform/http/schemas.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { emptyForm, withQuery, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { parseViDate, todayInVietnam } from '../../lib/vi/index.ts';
import { OrgTemplateInput, OrgTemplateQuery } from './schema.ts';
import { applyOrgTemplate, planOrgTemplate, previewOrgTemplate, type TemplateChoice } from './template-service.ts';
import { isTemplateKey } from './templates.ts';
import { OrgTemplatePage } from './template-views.tsx';

/** Who may create a ward's organizations from a template: those who may create any kind (creatableKinds). */
const TEMPLATE_USERS: readonly Role[] = ['admin', 'office'];

const choiceOf = (b: OrgTemplateInput): TemplateChoice => ({ template: b.template, validFrom: b.valid_from, withFarmers: b.with_farmers });

/** The preview page and the create action; registered by orgsRoutes. */
export function orgTemplateRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const access = { config: { access: TEMPLATE_USERS } };

  /** The page for what was typed (after a refusal): what can be read of it, the rest by default. */
  const rerender = async (req: FastifyRequest, form: FormState) => {
    const v = form.values;
    const choice: TemplateChoice = {
      template: isTemplateKey(v.template) ? v.template : '2025',
      validFrom: (typeof v.valid_from === 'string' && parseViDate(v.valid_from)) || todayInVietnam(),
      withFarmers: v.with_farmers === '1' || v.with_farmers === 'on',
    };
    const plan = await planOrgTemplate(db, actorOf(req), choice, { lenient: true });
    return (ctx: PageContext) => <OrgTemplatePage ctx={ctx} plan={plan} form={form} />;
  };

  app.get('/app/orgs/template', { ...access, schema: { querystring: OrgTemplateQuery } }, async (req, reply) => {
    const q = req.query;
    const choice: TemplateChoice = { template: q.template, validFrom: q.valid_from ?? todayInVietnam(), withFarmers: q.with_farmers === undefined ? null : q.with_farmers === '1' };
    const plan = await previewOrgTemplate(db, actorOf(req), choice);
    const form = emptyForm({ template: plan.template, valid_from: plan.validFrom, with_farmers: plan.withFarmers });
    return sendPage(req, reply, (ctx) => <OrgTemplatePage ctx={ctx} plan={plan} form={form} />);
  });

  app.post('/app/orgs/template', { ...access, ...FORM_ROUTE, schema: { body: OrgTemplateInput } }, async (req, reply) => {
    const actor = actorOf(req);
    if (!req.validationError && req.body.preview) {
      // "Xem lại theo lựa chọn": the same page for the new choices, nothing written.
      try {
        const plan = await previewOrgTemplate(db, actor, choiceOf(req.body));
        return await sendPage(req, reply, (ctx) => <OrgTemplatePage ctx={ctx} plan={plan} form={emptyForm(typedValues(req))} />);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return sendPage(req, reply, await rerender(req, { values: typedValues(req), errors: e.fields ?? {} }), 400);
      }
    }
    return formWrite(
      req,
      reply,
      async () => {
        const r = await applyOrgTemplate(db, actor, choiceOf(req.body));
        return withQuery('/app/orgs', { tpl: req.body.template, made: r.created });
      },
      (form) => rerender(req, form),
    );
  });
}
