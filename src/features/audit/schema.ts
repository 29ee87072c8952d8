import { z } from 'zod';
import { optDate, optId } from '../../platform/validation.ts';
import { pageFields, sortFields } from '../../platform/list.ts';

/** The columns the audit log sorts by (D65); without a sort it is newest first. */
export const AUDIT_SORTS = ['at', 'actor', 'action', 'entity'] as const;

const blankToNull = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional()).transform((v) => v ?? null);

/** Filters of the audit page; all of them stay in the URL. */
export const AuditQuery = z
  .object({
    actor: optId(), // a user of the ward
    who: blankToNull(z.string().max(100)), // or a name typed, without diacritics if you like
    type: blankToNull(z.string().regex(/^[a-z_]{1,40}$/, { message: 'err.choice' })),
    entity: optId(),
    action: blankToNull(z.string().regex(/^[a-z_]{1,30}(\.[a-z_]{1,30})?$/, { message: 'err.choice' })),
    from: optDate(),
    to: optDate(),
    ...pageFields(),
    ...sortFields(AUDIT_SORTS),
    // Keyset cursor of the next page: '<at>~<id>' of the last row shown (D11); the page number stays for the label.
    after: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z~[0-9a-f-]{36}$/).optional().catch(undefined),
  })
  .refine((v) => !v.from || !v.to || v.to >= v.from, { message: 'err.endBeforeStart', path: ['to'] });
export type AuditQuery = z.output<typeof AuditQuery>;
