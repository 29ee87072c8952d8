// `roviec setup` (first-run setup from the terminal) and `roviec setup --print-code`: the same
// service call as the /setup page (features/setup/service.ts). docs/DESIGN.md D34.
import type { Config } from '../config.ts';
import { ValidationError } from '../platform/errors.ts';
import { resolveMessage } from '../platform/i18n/index.ts';
import { ensureSetupCode, setupFromTerminal, setupGone, setupOpen } from '../features/setup/service.ts';
import { parseSetup } from '../features/setup/schema.ts';
import { PROVINCES_2025 } from '../features/setup/provinces.ts';
import { fold } from '../lib/vi/index.ts';
import { opts, readPassword, UsageError, type Options } from './args.ts';
import type { CliCommand } from './registry.ts';
import { withDb } from './db.ts';
import '../features/messages.ts';

const SPEC = {
  'print-code': { type: 'boolean' },
  shape: { type: 'string' },
  'province-kind': { type: 'string' },
  'province-name': { type: 'string' },
  'province-code': { type: 'string' },
  'district-kind': { type: 'string' },
  'district-name': { type: 'string' },
  'district-code': { type: 'string' },
  'ward-kind': { type: 'string' },
  'ward-name': { type: 'string' },
  'ward-code': { type: 'string' },
  from: { type: 'string' },
  groups: { type: 'string' },
  'groups-kind': { type: 'string' },
  'admin-username': { type: 'string' },
  'admin-name': { type: 'string' },
  password: { type: 'string' },
} as const;

/** Form field → the option that sets it (for messages). */
const OPTION_OF: Record<string, string> = {
  shape: '--shape',
  province_kind: '--province-kind',
  province_name: '--province-name',
  province_code: '--province-code',
  district_kind: '--district-kind',
  district_name: '--district-name',
  district_code: '--district-code',
  ward_kind: '--ward-kind',
  ward_name: '--ward-name',
  ward_code: '--ward-code',
  valid_from: '--from',
  groups: '--groups',
  groups_kind: '--groups-kind',
  admin_username: '--admin-username',
  admin_name: '--admin-name',
  admin_password: 'mật khẩu',
  admin_password_confirm: 'mật khẩu',
};

const str = (v: Options, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

/** The options as the page's fields: groups split on ';', a listed province's kind when none is given. */
function bodyOf(v: Options): Record<string, unknown> {
  const provinceName = str(v, 'province-name') ?? '';
  const listed = PROVINCES_2025.find((p) => fold(p.name) === fold(provinceName).replace(/^(tinh|thanh pho) /, ''));
  const wardKind = str(v, 'ward-kind');
  return {
    shape: str(v, 'shape') ?? '2025',
    province_kind: str(v, 'province-kind') ?? listed?.kind,
    province_name: provinceName,
    province_code: str(v, 'province-code'),
    district_kind: str(v, 'district-kind'),
    district_name: str(v, 'district-name'),
    district_code: str(v, 'district-code'),
    ward_kind: wardKind,
    ward_name: str(v, 'ward-name'),
    ward_code: str(v, 'ward-code'),
    valid_from: str(v, 'from') ?? '',
    groups: (str(v, 'groups') ?? '').split(';').join('\n'),
    groups_kind: str(v, 'groups-kind') ?? (wardKind === 'xa' ? 'thon' : 'to_dan_pho'),
    admin_username: str(v, 'admin-username'),
    admin_name: str(v, 'admin-name'),
  };
}

/** A refusal of the form's rules in the terminal's words: "--ward-code: Bắt buộc nhập." */
function asUsage(e: ValidationError): UsageError {
  const parts = Object.entries(e.fields ?? {}).map(([f, m]) => `${OPTION_OF[f] ?? f}: ${resolveMessage('vi', m)}`);
  return new UsageError(parts.join('; ') || resolveMessage('vi', e.key));
}

async function run(args: string[], config: Config): Promise<void> {
  const v = opts(args, SPEC);
  if (v['print-code']) {
    return withDb(config, async (h) => {
      const code = await ensureSetupCode(h.db);
      if (!code) throw setupGone();
      console.log(code);
    });
  }
  return withDb(config, async (h) => {
    if (!(await setupOpen(h.db))) throw setupGone();
    const body = bodyOf(v);
    try {
      // The fields first, so a mistake is told before the password is asked.
      parseSetup({ ...body, admin_password: 'x'.repeat(200), admin_password_confirm: 'x'.repeat(200) }, 'vi');
      const password = await readPassword(v, config.production, 'Mật khẩu quản trị: ');
      const input = parseSetup({ ...body, admin_password: password, admin_password_confirm: password }, 'vi');
      const done = await setupFromTerminal(h.db, input);
      console.log(`Đã thiết lập ${done.wardName} (mã ${input.ward.code}), ${input.groups.length} tổ/thôn, tài khoản quản trị ${input.admin.username}. Đăng nhập tại /login.`);
    } catch (e) {
      if (e instanceof ValidationError) throw asUsage(e);
      throw e;
    }
  });
}

export const SETUP_COMMANDS: Record<string, CliCommand> = {
  setup: {
    summary: 'thiết lập ban đầu: tỉnh/thành phố, phường/xã, tổ dân phố, quản trị viên đầu tiên',
    help: `roviec setup --ward-kind phuong|xa|thi_tran|dac_khu --ward-name TÊN --ward-code MÃ
             --province-name TÊN [--province-kind tinh|thanh_pho] [--province-code MÃ]
             [--shape 2025|2017] [--district-kind quan|huyen|thi_xa|thanh_pho --district-name TÊN [--district-code MÃ]]
             [--from dd/mm/yyyy] [--groups "Tổ dân phố số 1;Tổ dân phố số 2"] [--groups-kind to_dan_pho|thon]
             --admin-username TÊN --admin-name "Họ và tên"
roviec setup --print-code
  Chỉ dùng được khi CSDL chưa có tài khoản nào (sau đó lệnh báo lỗi, mã thoát 2). Tạo trong một
  lần: tỉnh/thành phố (và quận/huyện với mô hình 2017), phường/xã, các tổ dân phố/thôn và tài
  khoản quản trị đầu tiên (vai trò admin tại phường), có nhật ký. Mô hình 2025 (mặc định) bắt đầu
  từ 01/07/2025 nếu không có --from. Tên tỉnh trong danh sách 34 tỉnh, thành phố (Nghị quyết
  202/2025/QH15) thì tự có loại và mã nếu đã biết.
  Mật khẩu quản trị (ít nhất 10 ký tự) được hỏi, hoặc đọc một dòng từ đầu vào chuẩn:
    printf '%s\\n' "$MAT_KHAU" | roviec setup …
  --print-code in mã thiết lập dùng cho trang /setup (cùng mã máy chủ in khi khởi động).`,
    run,
  },
};
