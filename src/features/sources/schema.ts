import { z } from 'zod';
import { optDate, optText, text, version, int, searchBox } from '../../platform/validation.ts';

/** Kinds of documents that programmes and tasks cite; `chu_de_nam` is a themed year. */
export const SOURCE_KINDS = ['nghi_quyet', 'chi_thi', 'quyet_dinh', 'ke_hoach', 'chuong_trinh', 'huong_dan', 'ket_luan', 'chu_de_nam'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const optYear = () =>
  z
    .preprocess((v) => (v === '' || v === null ? undefined : v), int(1945, 2100).optional())
    .transform((v) => v ?? null);

const base = z.object({
  kind: z.enum(SOURCE_KINDS),
  number: optText(60),
  issued_on: optDate(),
  issuer: optText(200),
  title: text(500),
  theme_year: optYear(),
});

const themedNeedsYear = (v: { kind: string; theme_year: number | null }) => v.kind !== 'chu_de_nam' || v.theme_year !== null;
const themedYearError = { message: 'err.required', path: ['theme_year'] };
const docNeedsDate = (v: { kind: string; issued_on: string | null }) => v.kind === 'chu_de_nam' || v.issued_on !== null;
const docDateError = { message: 'err.required', path: ['issued_on'] };

export const SourceInput = base.refine(themedNeedsYear, themedYearError).refine(docNeedsDate, docDateError);
export type SourceInput = z.output<typeof SourceInput>;

export const SourceUpdateInput = base.extend({ version: version() }).refine(themedNeedsYear, themedYearError).refine(docNeedsDate, docDateError);
export type SourceUpdateInput = z.output<typeof SourceUpdateInput>;

export const SourceQuery = z.object({
  q: searchBox(100),
  kind: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SOURCE_KINDS).optional()),
  page: int(1, 100000, { default: 1 }),
});
export type SourceQuery = z.output<typeof SourceQuery>;
