// `roviec unit merge` and `roviec demo remove` (issue 13, D36): the same service functions as the
// pages, run by the system actor "Dòng lệnh", with the same audit.
import type { Queryable } from '../db/index.ts';
import { mergeWard } from '../features/units/merge.ts';
import { mergeNotes, type MergeNotes } from '../features/units/merge-notes.ts';
import { wardTableLabel } from '../db/ward-tables.ts';
import { translate } from '../platform/i18n/index.ts';
import { DEMO_REMOVED_KEY, removeWards } from '../features/units/remove.ts';
import { anyAccount } from '../features/users/service.ts';
import { AppError } from '../platform/errors.ts';
import { systemActor } from '../platform/actor.ts';
import { formatDate, parseViDate } from '../lib/vi/index.ts';
import { need, opts, UsageError } from './args.ts';
import type { CliCommand } from './registry.ts';
import { withDb } from './db.ts';

/**
 * The demo of src/demo/seed.ts (DEMO_WARD_CODE and the second ward; DEMO_ACCOUNTS): only src/main.ts
 * imports src/demo, so they are repeated here and src/cli/merge.test.ts checks they match.
 */
export const DEMO_WARD_CODES: readonly string[] = ['DEMO-DONGTAM', 'DEMO-VINHTUY'];
export const DEMO_USERNAMES: readonly string[] = ['quantri', 'thuongvu', 'vanphong', 'phunu', 'hoivien', 'bientap', 'thanhpho', 'vinhtuy.doan'];

/** The unit with this code (the one still valid first), or a UsageError. */
async function unitIdByCode(q: Queryable, code: string): Promise<string> {
  // ward-scope: a unit found by its official code, for the command line; the service checks it is a ward.
  const rows = await q.selectFrom('unit').select(['id', 'valid_to']).where('code', '=', code.trim()).execute();
  const row = rows.find((r) => r.valid_to === null) ?? rows[0];
  if (!row) throw new UsageError(`Không có đơn vị hành chính mã ${code.trim()}`);
  return row.id;
}

/** "  Vietnamese label (table): n" lines, largest first. */
function countLines(counts: Partial<Record<string, number>>): string[] {
  return Object.entries(counts)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0) || a[0].localeCompare(b[0]))
    .map(([t, k]) => `  ${wardTableLabel(t)} (${t}): ${k}`);
}

/** The accounts and grants that moved, and the duplicate names the receiving ward now holds (the preview's notes). */
function noteLines(notes: MergeNotes, into: string): string[] {
  const vi = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate('vi', key, params);
  const lines: string[] = [];
  if (notes.accounts.length === 0) lines.push(vi('merge.noAccounts', { into }));
  else {
    const who = notes.accounts.map((a) => `${a.username} (${a.roles.length ? a.roles.map((r) => vi(`role.${r}`)).join(', ') : vi('merge.homeOnly')})`);
    lines.push(`${vi('merge.accounts', { into })} ${who.join(', ')}`);
  }
  if (notes.duplicates.length) {
    lines.push(vi('merge.duplicates', { into }));
    for (const d of notes.duplicates) lines.push(`  ${vi(d.kind === 'group' ? 'merge.dupGroup' : 'merge.dupOrg', { name: d.name, count: String(d.count) })}`);
  }
  return lines;
}

const unitMerge: CliCommand = {
  summary: 'Sáp nhập một phường, xã vào phường, xã khác từ một ngày',
  help: `roviec unit merge --code MÃ --into MÃ --from dd/mm/yyyy

Sáp nhập phường, xã có mã --code vào phường, xã có mã --into từ ngày --from (vd 01/07/2025,
ngày Nghị quyết 202/2025/QH15 và các nghị quyết của Ủy ban Thường vụ Quốc hội sắp xếp đơn vị
hành chính cấp xã có hiệu lực). Đơn vị bị sáp nhập hết hiệu lực vào ngày hôm trước; tổ dân phố,
tổ chức, con người, nhiệm vụ, bài viết, tệp… chuyển sang đơn vị nhận; lịch sử giữ tên cũ theo
ngày. Tất cả trong một giao dịch. In số bản ghi đã chuyển theo từng bảng, các tài khoản và vai
trò chuyển sang, và cảnh báo các tổ dân phố, tổ chức trùng tên ở đơn vị nhận (không tự đổi tên).`,
  async run(args, config) {
    const v = opts(args, { code: { type: 'string' }, into: { type: 'string' }, from: { type: 'string' } });
    const fromCode = need(v, 'code');
    const intoCode = need(v, 'into');
    const on = parseViDate(need(v, 'from').trim());
    if (!on) throw new UsageError('--from phải là ngày dạng dd/mm/yyyy, vd 01/07/2025');
    await withDb(config, async (h) => {
      const fromWardId = await unitIdByCode(h.db, fromCode);
      const intoWardId = await unitIdByCode(h.db, intoCode);
      const notes = await mergeNotes(h.db, fromWardId, intoWardId);
      const r = await mergeWard(h.db, systemActor(intoWardId, 'Dòng lệnh'), { fromWardId, intoWardId, on });
      const total = Object.values(r.moved).reduce((s, k) => s + (k ?? 0), 0);
      const lines = [`Đã sáp nhập ${fromCode.trim()} vào ${intoCode.trim()} từ ngày ${formatDate(on)}: ${total} bản ghi đã chuyển.`, ...countLines(r.moved)];
      for (const x of r.renamed) lines.push(`Đổi ${x.table} "${x.from}" thành "${x.to}" (trùng với đơn vị nhận)`);
      for (const f of r.folded) lines.push(`Gộp yêu cầu báo cáo ${f.fromRequestId} vào ${f.intoRequestId} (${f.submissions} báo cáo)`);
      lines.push(...noteLines(notes, intoCode.trim()));
      console.log(lines.join('\n'));
    });
  },
};

const demoRemove: CliCommand = {
  summary: 'Gỡ các phường mẫu (dữ liệu demo) khỏi cơ sở dữ liệu',
  help: `roviec demo remove

Gỡ các phường mẫu (DEMO-DONGTAM, DEMO-VINHTUY): mọi bản ghi của chúng, tổ dân phố, các đơn vị
cấp trên không còn đơn vị nào dùng (giữ "Thành phố Hà Nội" nếu một phường thật còn thuộc về nó),
và các tài khoản mẫu cùng quyền, phiên đăng nhập, khóa API của chúng. Tất cả trong một giao dịch;
in số bản ghi đã gỡ. Ghi nhớ việc gỡ: khởi động (roviec serve) không nạp lại phường mẫu, chỉ
lệnh roviec demo mới nạp. Khi không còn tài khoản nào, bước tiếp theo là /setup (hoặc roviec
setup). Báo lỗi khi không có dữ liệu mẫu.`,
  async run(args, config) {
    opts(args, {});
    await withDb(config, async (h) => {
      const r = await removeWards(h.db, systemActor('', 'Dòng lệnh'), { codes: DEMO_WARD_CODES, usernames: DEMO_USERNAMES, name: 'demo.remove', remember: DEMO_REMOVED_KEY });
      if (!r) throw new AppError(409, 'err.demo.notLoaded');
      const total = Object.values(r.rows).reduce((s, k) => s + (k ?? 0), 0);
      const lines = [
        `Đã gỡ dữ liệu mẫu: ${r.wards.join(', ')} — ${total} bản ghi.`,
        ...countLines(r.rows),
        `Đơn vị cấp trên đã gỡ: ${r.unitsAbove.length ? r.unitsAbove.join(', ') : '(không có, còn đơn vị khác dùng)'}`,
        `Tài khoản mẫu đã gỡ: ${r.accounts.length ? r.accounts.join(', ') : '(không có)'} — ${r.grants} quyền, ${r.sessions} phiên, ${r.tokens} khóa API`,
        'Phường mẫu sẽ không được nạp lại khi khởi động (chỉ nạp lại bằng lệnh roviec demo).',
      ];
      if (!(await anyAccount(h.db))) lines.push('Không còn tài khoản nào: bước tiếp theo là thiết lập đơn vị thật tại /setup hoặc bằng lệnh roviec setup.');
      console.log(lines.join('\n'));
    });
  },
};

/** The commands of this file, by name. */
export const MERGE_COMMANDS: Record<string, CliCommand> = {
  'unit merge': unitMerge,
  'demo remove': demoRemove,
};
