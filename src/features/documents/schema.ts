import { z } from 'zod';
import { date, id, optDate, optText, text } from '../../platform/validation.ts';
import { ORG_KINDS } from '../orgs/service.ts';
import { FAMILIES } from './profiles.ts';

/** A profile id: a UUID, or `dp-<code>` for a built-in profile. */
export const profileId = () => z.string().regex(/^[a-z0-9][a-z0-9-]{2,79}$/);
const optProfileId = () => z.preprocess((v) => (v === '' ? undefined : v), profileId().optional()).transform((v) => v ?? null);

const endNotBeforeStart = <T extends { from: string; to: string | null }>(v: T) => v.to === null || v.to >= v.from;

/** A new profile of the ward: a copy of `based_on_id` with an edited spec (JSON text) and its own dates. */
export const ProfileInput = z
  .object({
    based_on_id: optProfileId(),
    code: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().regex(/^[a-z0-9][a-z0-9-]{2,59}$/, { message: 'doc.err.code' })),
    name: text(200),
    family: z.enum(FAMILIES),
    org_kinds: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(ORG_KINDS)).min(1, { message: 'doc.err.kinds' })),
    effective_from: date(),
    effective_to: optDate(),
    spec: z.string().min(2).max(20000),
    note: optText(500),
  })
  .refine((v) => endNotBeforeStart({ from: v.effective_from, to: v.effective_to }), { message: 'err.endBeforeStart', path: ['effective_to'] });
export type ProfileInput = z.output<typeof ProfileInput>;

/** A term (nhiệm kỳ) of a body: "2020 - 2025" from its first to its last day. */
export const TermInput = z
  .object({ org_id: id(), name: optText(40), start_on: date(), end_on: optDate() })
  .refine((v) => endNotBeforeStart({ from: v.start_on, to: v.end_on }), { message: 'err.endBeforeStart', path: ['end_on'] });
export type TermInput = z.output<typeof TermInput>;

export const NewProfileQuery = z.object({ from: z.preprocess((v) => (v === '' ? undefined : v), profileId().optional().catch(undefined)) });

export const ProfileParams = z.object({ id: profileId() });
