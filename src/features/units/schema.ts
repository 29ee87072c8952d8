import { z } from 'zod';
import { date, optDate, optId, optText, text, version, id } from '../../platform/validation.ts';

/** Kinds of unit a ward's administrator may add inside the ward. */
export const SUB_WARD_KINDS = ['to_dan_pho', 'thon'] as const;

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const UnitCreateInput = z
  .object({
    kind: z.preprocess(blank, z.enum(SUB_WARD_KINDS)),
    name: text(120),
    code: optText(30),
    parent_id: optId(),
    valid_from: date(),
    valid_to: optDate(),
  })
  .refine((v) => !v.valid_to || v.valid_to >= v.valid_from, { message: 'err.endBeforeStart', path: ['valid_to'] });
export type UnitCreateInput = z.output<typeof UnitCreateInput>;

export const UnitUpdateInput = z.object({ name: text(120), code: optText(30), version: version() });
export type UnitUpdateInput = z.output<typeof UnitUpdateInput>;

export const UnitEndInput = z.object({ valid_to: date(), version: version() });
export type UnitEndInput = z.output<typeof UnitEndInput>;

export const UnitMoveInput = z.object({ parent_id: z.preprocess(blank, id()), from: date(), version: version() });
export type UnitMoveInput = z.output<typeof UnitMoveInput>;

/** Rename from a date (D35): the new name and code, the first day they hold. */
export const UnitRenameInput = z.object({ name: text(120), code: optText(30), from: date(), version: version() });
export type UnitRenameInput = z.output<typeof UnitRenameInput>;

/** Kinds a province administrator adds (wards and communes; residential groups and villages). */
export const PROVINCE_ADD_KINDS = ['phuong', 'xa', 'thi_tran', 'dac_khu', 'to_dan_pho', 'thon'] as const;

export const ProvinceUnitCreateInput = z.object({
  kind: z.preprocess(blank, z.enum(PROVINCE_ADD_KINDS)),
  parent_id: z.preprocess(blank, id()),
  name: text(120),
  code: optText(30),
  valid_from: date(),
});
export type ProvinceUnitCreateInput = z.output<typeof ProvinceUnitCreateInput>;

export const ProvinceMoveInput = z.object({ parent_id: z.preprocess(blank, id()), from: date(), version: version() });
export type ProvinceMoveInput = z.output<typeof ProvinceMoveInput>;

export const ProvinceTreeQuery = z.object({ on: optDate(), root: optId() });

export const UnitTreeQuery = z.object({ on: optDate() });
