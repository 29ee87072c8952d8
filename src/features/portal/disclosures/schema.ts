import { z } from 'zod';
import { date, optId, optLongText, text, version, int } from '../../../platform/validation.ts';

/** What Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15 has a commune disclose (Điều 11), as kinds. */
export const DISCLOSURE_KINDS = ['policy', 'socio_economic_plan', 'budget', 'budget_execution', 'project', 'land_planning', 'land_recovery', 'contribution', 'beneficiaries', 'inspection', 'procedure', 'other'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

/** How it is disclosed: notice board at the People's Committee, portal, loudspeakers, group heads, meetings, letters. */
export const DISCLOSURE_FORMS = ['notice_board', 'website', 'loudspeaker', 'group_head', 'meeting', 'written'] as const;
export type DisclosureForm = (typeof DISCLOSURE_FORMS)[number];

export const DEFAULT_DURATION_DAYS = 30;

const forms = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(DISCLOSURE_FORMS)).min(1, { message: 'disclosure.err.formsRequired' }).max(DISCLOSURE_FORMS.length));

export const DisclosureInput = z.object({
  kind: z.enum(DISCLOSURE_KINDS),
  title: text(250),
  description: optLongText(20_000),
  posted_on: date(),
  duration_days: int(1, 3650, { default: DEFAULT_DURATION_DAYS }),
  forms,
  article_id: optId(),
});
export type DisclosureInput = z.output<typeof DisclosureInput>;
export const DisclosureUpdateInput = DisclosureInput.extend({ version: version() });
export type DisclosureUpdateInput = z.output<typeof DisclosureUpdateInput>;
export const WithdrawInput = z.object({ version: version() });

export const STATUS_FILTERS = ['dang-cong-khai', 'het-han', 'tat-ca'] as const;
export const DisclosureQuery = z.object({
  tinh_trang: z.enum(STATUS_FILTERS).optional().catch(undefined),
  loai: z.enum(DISCLOSURE_KINDS).optional().catch(undefined),
});
export type DisclosureQuery = z.output<typeof DisclosureQuery>;
