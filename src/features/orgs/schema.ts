import { z } from 'zod';
import { checkbox, date, optDate, optEnum, optId, optText, text, version, int, optInt, id } from '../../platform/validation.ts';
import { ORG_KINDS, ORG_RELATIONS } from './service.ts';
import { TEMPLATE_KEYS } from './templates.ts';
import { sortFields } from '../../platform/list.ts';

/** The columns the organizations list sorts by (D65); without a sort it is the tree. */
export const ORG_SORTS = ['name', 'short_name', 'kind', 'unit', 'status'] as const;

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** Required choice or id: a blank field says "required", not "invalid". */
const required = <S extends z.ZodType>(schema: S) => z.preprocess(blank, schema);

const endAfterStart = (v: { valid_from: string; valid_to: string | null }) => !v.valid_to || v.valid_to >= v.valid_from;
const endAfterStartError = { message: 'err.endBeforeStart', path: ['valid_to'] };

const orgFields = {
  kind: required(z.enum(ORG_KINDS)),
  name: text(200),
  short_name: optText(60),
  unit_id: required(id()),
  parent_id: optId(),
  higher_body: optText(200),
  sort_order: z.preprocess(blank, int(0, 99999, { default: 0 })),
  valid_from: date(),
  valid_to: optDate(),
};

export const OrgInput = z.object(orgFields).refine(endAfterStart, endAfterStartError);
export type OrgInput = z.output<typeof OrgInput>;

export const OrgUpdateInput = z.object({ ...orgFields, version: version() }).refine(endAfterStart, endAfterStartError);
export type OrgUpdateInput = z.output<typeof OrgUpdateInput>;

export const OrgEndInput = z.object({ valid_to: date(), version: version() });
export type OrgEndInput = z.output<typeof OrgEndInput>;

export const RelationInput = z
  .object({
    related_org_id: required(id()),
    relation: required(z.enum(ORG_RELATIONS)),
    valid_from: date(),
    valid_to: optDate(),
  })
  .refine(endAfterStart, endAfterStartError);
export type RelationInput = z.output<typeof RelationInput>;

export const RelationEndInput = z.object({ valid_to: date() });
export type RelationEndInput = z.output<typeof RelationEndInput>;

export const OrgListQuery = z.object({
  kind: optEnum(ORG_KINDS),
  ended: z.enum(['0', '1']).optional().default('0'),
  /** After creating from a template (template-routes.tsx): which template, how many were made (a notice only). */
  tpl: z.enum(TEMPLATE_KEYS).optional().catch(undefined),
  made: optInt(0, 100_000).catch(null),
  /** A column sort gives a flat list in that order; none keeps the tree (D65). */
  ...sortFields(ORG_SORTS),
});
export type OrgListQuery = z.output<typeof OrgListQuery>;

export const OrgDetailQuery = z.object({ on: optDate() });

/** Prefill of the "new organization" form: the parent it goes under. */
export const OrgNewQuery = z.object({ parent: optId() });

const templateKey = z.enum(TEMPLATE_KEYS, { message: 'err.templateUnknown' });

/** The preview's address: /app/orgs/template?template=2025[&valid_from=dd/mm/yyyy][&with_farmers=0|1]. */
export const OrgTemplateQuery = z.object({
  template: z.preprocess((v) => (v === undefined || v === '' ? '2025' : v), templateKey),
  valid_from: optDate(),
  with_farmers: z.enum(['0', '1']).optional(),
});
export type OrgTemplateQuery = z.output<typeof OrgTemplateQuery>;

/** The form of /app/orgs/template: `preview` (the "Xem lại" button) shows the plan again instead of creating. */
export const OrgTemplateInput = z.object({
  template: required(templateKey),
  valid_from: date(),
  with_farmers: checkbox(),
  preview: z.string().max(10).optional(),
});
export type OrgTemplateInput = z.output<typeof OrgTemplateInput>;

