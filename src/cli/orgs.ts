// `roviec orgs template`: a ward's organizations from a template (2025 or 2017), the same service
// as /app/orgs/template (features/orgs/template-service.ts), as the system actor "Dòng lệnh".
// docs/DESIGN.md D37.
import type { Config } from '../config.ts';
import { systemActor } from '../platform/actor.ts';
import { parseViDate, todayInVietnam, formatDate } from '../lib/vi/index.ts';
import { unitByCode } from '../features/users/repo.ts';
import { applyOrgTemplate, previewOrgTemplate, type TemplatePlan } from '../features/orgs/template-service.ts';
import { isTemplateKey, TEMPLATE_KEYS } from '../features/orgs/templates.ts';
import { need, opts, UsageError } from './args.ts';
import type { CliCommand } from './registry.ts';
import { withDb } from './db.ts';

/** The plan as text: the tree (two spaces a level), each line marked "(đã có, bỏ qua)" when it exists; then the relations. */
export function planText(plan: TemplatePlan): string {
  const lines = [`Mẫu ${plan.template} cho ${plan.ward.name}, hiệu lực từ ${formatDate(plan.validFrom)}${plan.withFarmers ? ', có Hội Nông dân' : ''}:`];
  for (const o of plan.orgs) {
    const higher = o.higher_body ? ` — cấp trên: ${o.higher_body}` : '';
    lines.push(`${'  '.repeat(o.depth + 1)}${o.name} [${o.short_name}]${higher}${o.existingId ? ' (đã có, bỏ qua)' : ''}`);
  }
  if (plan.relations.length) lines.push('Quan hệ:');
  const word = { umbrella: 'thuộc khối, chịu sự chủ trì của', guided_by: 'chịu sự lãnh đạo của', coordinates: 'phối hợp với' } as const;
  for (const r of plan.relations) lines.push(`  ${r.fromName} — ${word[r.relation]} — ${r.toName}${r.exists ? ' (đã có, bỏ qua)' : ''}`);
  lines.push(`Sẽ tạo ${plan.toCreate} tổ chức, ${plan.relationsToCreate} quan hệ; ${plan.skipped} tổ chức đã có.`);
  return lines.join('\n');
}

const templateCommand: CliCommand = {
  summary: 'tạo các tổ chức của phường, xã theo mẫu 2025 hoặc 2017 (--dry-run: chỉ xem trước)',
  help: `roviec orgs template --ward MÃ_PHƯỜNG --template 2025|2017 [--from dd/mm/yyyy] [--farmers] [--dry-run]
  Tạo trong một lần các tổ chức của hệ thống chính trị phường, xã theo mẫu (như trang
  /app/orgs/template): Đảng ủy và các ban, HĐND, UBND, Ủy ban MTTQ, các đoàn thể; chi bộ, ban công
  tác Mặt trận và các chi hội ở mỗi tổ dân phố, thôn đang hoạt động.
    2025  chính quyền địa phương hai cấp (từ 01/07/2025): đoàn thể thuộc Mặt trận, cấp trên là tỉnh
    2017  có cấp quận, huyện (như văn bản gốc): Khối dân vận, cấp trên là quận, huyện
  --from      ngày hiệu lực (mặc định hôm nay; không trước ngày thành lập phường, xã)
  --farmers   thêm Hội Nông dân và chi hội nông dân (xã luôn có)
  --dry-run   chỉ in cây tổ chức sẽ tạo, không ghi gì
  Tổ chức đã có (cùng loại, cùng tên) được bỏ qua: chạy lại không tạo thêm.`,
  async run(args: string[], config: Config): Promise<void> {
    const v = opts(args, { ward: { type: 'string' }, template: { type: 'string' }, from: { type: 'string' }, farmers: { type: 'boolean' }, 'dry-run': { type: 'boolean' } });
    const code = need(v, 'ward');
    const template = need(v, 'template');
    if (!isTemplateKey(template)) throw new UsageError(`Không có mẫu ${template}. Chọn một trong: ${TEMPLATE_KEYS.join(', ')}`);
    const from = typeof v.from === 'string' ? parseViDate(v.from) : todayInVietnam();
    if (!from) throw new UsageError(`--from phải là ngày dd/mm/yyyy (nhận: ${String(v.from)})`);
    await withDb(config, async (h) => {
      const unit = await unitByCode(h.db, code);
      if (!unit) throw new UsageError(`Không tìm thấy đơn vị có mã ${code}`);
      if (!unit.is_ward) throw new UsageError(`Đơn vị mã ${code} không phải phường, xã, thị trấn hay đặc khu`);
      const actor = systemActor(unit.id, 'Dòng lệnh');
      // A xã always has its Hội Nông dân; elsewhere only with --farmers.
      const choice = { template, validFrom: from, withFarmers: v.farmers === true ? true : null };
      if (v['dry-run'] === true) {
        console.log(planText(await previewOrgTemplate(h.db, actor, choice)));
        return;
      }
      const r = await applyOrgTemplate(h.db, actor, choice);
      console.log(
        r.created + r.relations > 0
          ? `Đã tạo ${r.created} tổ chức và ${r.relations} quan hệ theo mẫu ${template} (${r.skipped} tổ chức đã có, bỏ qua).`
          : `Không tạo thêm tổ chức nào: các tổ chức theo mẫu ${template} đã có đủ (${r.skipped}).`,
      );
    });
  },
};

/** The organizations' commands, joined into `roviec` by cli/registry.ts. */
export const ORGS_COMMANDS: Record<string, CliCommand> = { 'orgs template': templateCommand };
