// `roviec unit add|rename|move|list` (issue 13, docs/DESIGN.md D35): a province's units from the
// terminal, through the same service calls as the province pages (features/units/province.ts), as
// the system actor 'Dòng lệnh', with the same checks and audit. Units are named by official code.
import type { Config } from '../config.ts';
import { systemActor } from '../platform/actor.ts';
import { AppError, ValidationError } from '../platform/errors.ts';
import { parseInput } from '../platform/validation.ts';
import { translate } from '../platform/i18n/index.ts';
import type { Queryable } from '../db/index.ts';
import { formatDate, todayInVietnam } from '../lib/vi/index.ts';
import '../features/units/messages.ts';
import { createProvinceUnit, createTopUnit, endProvinceUnit, moveProvinceUnit, officialUnitByCode, provinceTreeOn, renameProvinceUnit, TOP_KINDS } from '../features/units/province.ts';
import { PROVINCE_ADD_KINDS, ProvinceTreeQuery } from '../features/units/schema.ts';
import { z } from 'zod';
import { date, optText, text } from '../platform/validation.ts';
import { opts, need, UsageError } from './args.ts';
import type { CliCommand } from './registry.ts';
import { withDb } from './db.ts';

const actor = () => systemActor('', 'Dòng lệnh');

/** The command line's names for the form fields, in refusals. */
const OPTION_OF: Record<string, string> = { parent_id: '--parent', kind: '--kind', name: '--name', code: '--code', valid_from: '--from', from: '--from', on: '--on', to: '--to', valid_to: '--to' };

/** A refusal of the services, told in Vietnamese with the option names of this command. */
function asUsage(e: unknown, renamed: Record<string, string> = {}): unknown {
  if (!(e instanceof ValidationError) || !e.fields) return e;
  const parts = Object.entries(e.fields).map(([k, m]) => `${renamed[k] ?? OPTION_OF[k] ?? k}: ${translate('vi', m as never) ?? m}`);
  return new UsageError(parts.join('; '));
}

async function unitOf(q: Queryable, code: string, option: string) {
  const u = await officialUnitByCode(q, code);
  if (!u) throw new UsageError(`Không tìm thấy đơn vị có mã ${code} (${option})`);
  return u;
}

const TopArgs = z.object({ kind: z.enum(TOP_KINDS), name: text(120), code: optText(30), valid_from: date() });
const EndArgs = z.object({ to: date() });
const AddArgs = z.object({ kind: z.enum(PROVINCE_ADD_KINDS, { message: `loại phải là một trong: ${PROVINCE_ADD_KINDS.join(', ')}` }), name: text(120), code: optText(30), valid_from: date() });
const RenameArgs = z.object({ name: text(120), code: optText(30), from: date() });
const MoveArgs = z.object({ from: date() });

function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  try {
    return parseInput(schema, input);
  } catch (e) {
    throw asUsage(e);
  }
}

export const UNIT_COMMANDS: Record<string, CliCommand> = {
  'unit add': {
    summary: 'Thêm phường, xã (hoặc tổ dân phố) vào tỉnh/thành phố',
    help: `roviec unit add --parent MÃ --kind LOẠI --name "TÊN" [--code MÃ] [--from dd/mm/yyyy]
  Thêm một đơn vị dưới đơn vị có mã --parent (tỉnh/thành phố, quận/huyện, hoặc phường cho tổ dân phố).
  LOẠI: ${PROVINCE_ADD_KINDS.join(', ')}. Phường, xã bắt buộc có --code (mã đơn vị hành chính).
  Một tỉnh hoặc thành phố trực thuộc trung ương: --kind ${TOP_KINDS.join('|')} không có --parent, bắt buộc --code.
  --from: ngày bắt đầu hiệu lực (mặc định hôm nay).
  Ví dụ: roviec unit add --parent 01 --kind phuong --name "Phường Hòa Bình" --code 00001 --from 01/07/2025`,
    async run(args: string[], config: Config) {
      const v = opts(args, { parent: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, code: { type: 'string' }, from: { type: 'string' } });
      if (v.parent === undefined && (TOP_KINDS as readonly unknown[]).includes(v.kind)) {
        const top = parsed(TopArgs, { kind: v.kind, name: need(v, 'name'), code: v.code, valid_from: typeof v.from === 'string' ? v.from : formatDate(todayInVietnam()) });
        await withDb(config, async (h) => {
          const id = await createTopUnit(h.db, actor(), top).catch((e: unknown) => Promise.reject(asUsage(e)));
          console.log(`Đã thêm ${top.name} (mã ${top.code ?? ''}) từ ngày ${formatDate(top.valid_from)} (${id}).`);
        });
        return;
      }
      const input = parsed(AddArgs, { kind: need(v, 'kind'), name: need(v, 'name'), code: v.code, valid_from: typeof v.from === 'string' ? v.from : formatDate(todayInVietnam()) });
      await withDb(config, async (h) => {
        const parent = await unitOf(h.db, need(v, 'parent'), '--parent');
        const id = await createProvinceUnit(h.db, actor(), { ...input, parent_id: parent.id }).catch((e: unknown) => Promise.reject(asUsage(e)));
        console.log(`Đã thêm ${input.name}${input.code ? ` (mã ${input.code})` : ''} trực thuộc ${parent.name} từ ngày ${formatDate(input.valid_from)} (${id}).`);
      });
    },
  },
  'unit rename': {
    summary: 'Đổi tên (và mã) một đơn vị từ một ngày, giữ tên cũ trong lịch sử',
    help: `roviec unit rename --code MÃ --name "TÊN MỚI" [--new-code MÃ-MỚI] --from dd/mm/yyyy
  Từ ngày --from đơn vị mang tên (và mã) mới; trước ngày đó vẫn hiện tên cũ.
  Ví dụ: roviec unit rename --code 00001 --name "Phường Hòa Bình" --from 01/07/2025`,
    async run(args: string[], config: Config) {
      const v = opts(args, { code: { type: 'string' }, name: { type: 'string' }, 'new-code': { type: 'string' }, from: { type: 'string' } });
      const code = need(v, 'code');
      const input = parsed(RenameArgs, { name: need(v, 'name'), code: typeof v['new-code'] === 'string' ? v['new-code'] : code, from: need(v, 'from') });
      await withDb(config, async (h) => {
        const unit = await unitOf(h.db, code, '--code');
        await renameProvinceUnit(h.db, actor(), unit.id, input).catch((e: unknown) => Promise.reject(asUsage(e, { code: '--new-code' })));
        console.log(`Đã đổi tên ${unit.name} thành ${input.name}${input.code !== unit.code ? ` (mã ${input.code ?? '—'})` : ''} từ ngày ${formatDate(input.from)}.`);
      });
    },
  },
  'unit move': {
    summary: 'Chuyển một đơn vị sang trực thuộc đơn vị khác từ một ngày',
    help: `roviec unit move --code MÃ --parent MÃ-CẤP-TRÊN --from dd/mm/yyyy
  Từ ngày --from đơn vị trực thuộc đơn vị có mã --parent; đến hết ngày hôm trước vẫn trực thuộc đơn vị cũ.
  Ví dụ (bỏ cấp huyện từ 01/07/2025): roviec unit move --code 00001 --parent 01 --from 01/07/2025`,
    async run(args: string[], config: Config) {
      const v = opts(args, { code: { type: 'string' }, parent: { type: 'string' }, from: { type: 'string' } });
      const { from } = parsed(MoveArgs, { from: need(v, 'from') });
      await withDb(config, async (h) => {
        const unit = await unitOf(h.db, need(v, 'code'), '--code');
        const parent = await unitOf(h.db, need(v, 'parent'), '--parent');
        await moveProvinceUnit(h.db, actor(), unit.id, { parent_id: parent.id, from }).catch((e: unknown) => Promise.reject(asUsage(e)));
        console.log(`Đã chuyển ${unit.name} sang trực thuộc ${parent.name} từ ngày ${formatDate(from)}.`);
      });
    },
  },
  'unit end': {
    summary: 'Kết thúc một quận, huyện (hoặc tỉnh) từ sau một ngày, vd khi bỏ cấp huyện',
    help: `roviec unit end --code MÃ --to dd/mm/yyyy
  Đơn vị có mã --code (trên cấp xã: quận, huyện, thị xã…) có hiệu lực đến hết ngày --to; sau ngày đó
  cây đơn vị không còn liệt kê nó. Các phường, xã trực thuộc phải được chuyển đi trước (roviec unit move);
  phường, xã kết thúc bằng sáp nhập (roviec unit merge).
  Ví dụ (bỏ cấp huyện từ 01/07/2025): roviec unit end --code 001 --to 30/06/2025`,
    async run(args: string[], config: Config) {
      const v = opts(args, { code: { type: 'string' }, to: { type: 'string' } });
      const { to } = parsed(EndArgs, { to: need(v, 'to') });
      await withDb(config, async (h) => {
        const unit = await unitOf(h.db, need(v, 'code'), '--code');
        await endProvinceUnit(h.db, actor(), unit.id, { valid_to: to }).catch((e: unknown) => Promise.reject(asUsage(e)));
        console.log(`${unit.name} có hiệu lực đến hết ngày ${formatDate(to)}.`);
      });
    },
  },
  'unit list': {
    summary: 'Liệt kê cây đơn vị hành chính của tỉnh/thành phố tại một ngày',
    help: `roviec unit list [--code MÃ-TỈNH] [--on dd/mm/yyyy]
  Cây đơn vị (tên và mã có hiệu lực vào ngày --on, mặc định hôm nay). Không có --code: mọi tỉnh/thành phố.`,
    async run(args: string[], config: Config) {
      const v = opts(args, { code: { type: 'string' }, on: { type: 'string' } });
      const on = parsed(ProvinceTreeQuery, { on: v.on }).on ?? todayInVietnam();
      await withDb(config, async (h) => {
        const roots = typeof v.code === 'string' ? [await unitOf(h.db, v.code, '--code')] : (await provinceTreeOn(h.db, actor(), on).catch(() => ({ roots: [] }))).roots;
        if (roots.length === 0) console.log('Chưa có tỉnh, thành phố nào.');
        for (const r of roots) {
          const tree = await provinceTreeOn(h.db, actor(), on, r.id).catch((e: unknown) => {
            throw e instanceof AppError && e.status === 404 ? new UsageError(`Đơn vị có mã ${r.code ?? ''} không phải là tỉnh, thành phố`) : e;
          });
          for (const n of tree.nodes) console.log(`${'  '.repeat(n.depth)}${n.name}${n.code ? ` [${n.code}]` : ''} (${n.kind}, ${formatDate(n.valid_from)} – ${n.valid_to ? formatDate(n.valid_to) : '…'})`);
        }
      });
    },
  },
};
