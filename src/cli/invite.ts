// `roviec user invite`: an account made from a person of a ward with a one-time activation link,
// through the same command as the page (features/users/invite.ts inviteUser), as the system actor
// 'Dòng lệnh'. The link is printed once; it is e-mailed too when SMTP_URL is set and the person
// has an address. docs/DESIGN.md D39.
import type { CliCommand } from './registry.ts';
import { withDb } from './db.ts';
import { need, opts, UsageError } from './args.ts';
import { ValidationError } from '../platform/errors.ts';
import { systemActor } from '../platform/actor.ts';
import { isRole, ROLES } from '../platform/auth/roles.ts';
import { formatDate, formatDateTime, parseViDate } from '../lib/vi/index.ts';
import { orgByName, unitByCode } from '../features/users/repo.ts';
import { accountOfPerson, activationUrl, publicUrlIsLocal, INVITE_DAYS, inviteUser, peopleNamed, sendInviteMail } from '../features/users/invite.ts';

const HELP = `roviec user invite --ward MÃ_PHƯỜNG --person "Họ và tên" [--birth dd/mm/yyyy] --username TÊN --role VAI_TRÒ [--org TÊN_TỔ_CHỨC] [--email ĐỊA_CHỈ]
  Tạo tài khoản cho một người đã có trong danh sách người của phường, xã, và in liên kết kích
  hoạt (dùng một lần, hết hạn sau ${INVITE_DAYS} ngày). Người đó mở liên kết và tự đặt mật khẩu:
  không ai phải gõ hay gửi mật khẩu. --birth phân biệt hai người trùng họ tên. --org bắt buộc với
  vai trò org_head và member (tên tắt hoặc tên đầy đủ). --email (mặc định: thư điện tử của người
  đó) nhận liên kết khi máy chủ có SMTP_URL. Vai trò: ${ROLES.join(', ')}.
  Liên kết dùng địa chỉ ROVIEC_PUBLIC_URL.`;

export const INVITE_COMMANDS: Record<string, CliCommand> = {
  'user invite': {
    summary: 'tạo tài khoản cho một người, in liên kết kích hoạt',
    help: HELP,
    async run(args, config) {
      const v = opts(args, { ward: { type: 'string' }, person: { type: 'string' }, birth: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' }, email: { type: 'string' } });
      const role = need(v, 'role');
      if (!isRole(role)) throw new UsageError(`Vai trò không hợp lệ: ${role}. Chọn một trong: ${ROLES.join(', ')}`);
      const username = need(v, 'username');
      const name = need(v, 'person');
      const birth = typeof v.birth === 'string' ? parseViDate(v.birth.trim()) : null;
      if (typeof v.birth === 'string' && !birth) throw new UsageError(`--birth phải là ngày dạng dd/mm/yyyy: ${v.birth}`);
      return withDb(config, async (h) => {
        const unit = await unitByCode(h.db, need(v, 'ward'));
        if (!unit || !unit.is_ward) throw new UsageError(`Không tìm thấy phường, xã có mã ${String(v.ward)}`);
        const found = await peopleNamed(h.db, unit.id, name, birth);
        if (found.length === 0) throw new UsageError(`Không có người "${name}"${birth ? ` sinh ngày ${formatDate(birth)}` : ''} trong danh sách người của đơn vị này`);
        if (found.length > 1) {
          const list = found.map((p) => `  ${p.full_name}${p.birth_date ? ` — ${formatDate(p.birth_date)}` : ' — (không rõ ngày sinh)'}`).join('\n');
          throw new UsageError(`Có ${found.length} người tên "${name}": thêm --birth dd/mm/yyyy để chọn một.\n${list}`);
        }
        const person = found[0] as (typeof found)[number];
        let orgId: string | null = null;
        if (typeof v.org === 'string') {
          const org = await orgByName(h.db, unit.id, v.org);
          if (!org) throw new UsageError(`Không tìm thấy tổ chức "${v.org}" trong đơn vị này`);
          orgId = org.id;
        }
        const email = typeof v.email === 'string' && v.email.trim() ? v.email.trim() : person.email;
        const made = await inviteUser(h.db, systemActor(unit.id, 'Dòng lệnh'), { person_id: person.id, username: username.trim().toLowerCase(), role, org_id: orgId, email }).catch(async (e: unknown) => {
          const account = e instanceof ValidationError && e.fields?.person_id === 'invite.hasAccount' ? await accountOfPerson(h.db, person.id) : undefined;
          if (account) throw new UsageError(`${person.full_name} đã có tài khoản ${account.username}: ${new URL(config.publicUrl).origin}/app/users/${account.id}`);
          throw e;
        });
        console.log(`Đã tạo tài khoản ${made.username} cho ${made.displayName}.`);
        if (publicUrlIsLocal(config.publicUrl)) console.warn('ROVIEC_PUBLIC_URL chưa được đặt: liên kết dưới đây trỏ về máy này (localhost) nên người nhận không mở được. Hãy đặt ROVIEC_PUBLIC_URL là địa chỉ công khai của trang rồi tạo liên kết mới ("Tạo liên kết kích hoạt mới" trên trang tài khoản).');
        console.log(`Liên kết kích hoạt (chỉ hiện một lần, dùng một lần, hết hạn lúc ${formatDateTime(made.expiresAt)}):`);
        console.log(activationUrl(config.publicUrl, made.token));
        if (made.email && config.smtpUrl) {
          const sent = await sendInviteMail(config, made, await wardName(h.db, unit.id));
          console.log(sent.sent ? `Đã gửi liên kết tới ${made.email}.` : `Không gửi được thư tới ${made.email}: hãy gửi liên kết bằng cách khác.`);
        }
      });
    },
  },
};

async function wardName(db: Parameters<typeof unitByCode>[0], id: string): Promise<string> {
  const row = await db.selectFrom('unit').select('name').where('id', '=', id).executeTakeFirst(); // ward-scope: the ward's own unit row
  return row?.name ?? '';
}
