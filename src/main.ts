// roviec CLI: serve, migrate, demo, user add|reset-password|disable, token create|revoke, backup, restore.
import path from 'node:path';
import { z } from 'zod';
import { loadConfig, type Config } from './config.ts';
import { openDb, type Db } from './db/index.ts';
import { purgeExpiredState } from './platform/auth/session-store.ts';
import type { MailConfig } from './platform/mail.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './app.ts';
import { demoLoaded, loadDemo, loadDemoOnStart, DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/seed.ts';
import { addAccount, auditWardOfUser, findUserByUsername, issueToken, resetPassword, revokeAnyToken, setDisabled } from './features/users/service.ts';
import { orgByName, unitByCode } from './features/users/repo.ts';
import { isRole, ROLES } from './platform/auth/roles.ts';
import { systemActor } from './platform/actor.ts';
import { AppError } from './platform/errors.ts';
import { runReminders, startReminderRunner } from './features/programmes/reminders.ts';
import { startTaskStateRunner } from './features/programmes/state.ts';
import { runReportReminders } from './features/reports/reminders.ts';
import { translate } from './platform/i18n/index.ts';
import { instantAfterDays } from './lib/vi/index.ts';
import { UsageError, opts, need, intOpt, readPassword, exitQuietlyOnEpipe } from './cli/args.ts';
import { backupSqlite, restoreSqlite } from './cli/backup.ts';
import { FEATURE_COMMANDS } from './cli/registry.ts';
import { withDb } from './cli/db.ts';
import { announceSetup } from './features/setup/service.ts';

const HELP: Record<string, string> = {
  main: `roviec — RõViệc, điều hành công việc của hệ thống chính trị phường, xã

Cách dùng: roviec <lệnh> [tùy chọn]

Lệnh:
  serve                  chạy máy chủ web (tự di trú CSDL; nạp phường mẫu khi CSDL trống, trừ khi
                         NODE_ENV=production mà không đặt ROVIEC_DEMO=1)
  migrate                di trú CSDL lên phiên bản mới nhất
  demo                   nạp phường mẫu (bỏ qua nếu đã có)
  user add               thêm tài khoản
  user reset-password    đặt lại mật khẩu
  user disable           khóa tài khoản
  token create           tạo mã truy cập API
  token revoke           thu hồi mã truy cập API
  backup                 sao lưu CSDL SQLite và thư mục tệp (khi máy chủ vẫn chạy)
  restore                khôi phục bản sao lưu vào CSDL SQLite trống
  reminders              gửi nhắc việc và nhắc nộp báo cáo đến hạn ngay bây giờ (máy chủ tự chạy mỗi giờ)

Mật khẩu được hỏi (không hiện chữ) hoặc đọc một dòng từ đầu vào chuẩn; khi NODE_ENV=production
không nhận --password trên dòng lệnh.

Mỗi lệnh có --help. Cấu hình qua biến môi trường: PORT, HOST, DATABASE_URL, ROVIEC_SECRET,
ROVIEC_DEMO, ROVIEC_FILES, SMTP_URL (xem README).`,
  serve: `roviec serve [--port N] [--host H]
  Chạy máy chủ web. Khi CSDL trống, nạp phường mẫu (mật khẩu công khai ${DEMO_PASSWORD}) nếu
  ROVIEC_DEMO=1, hoặc nếu ROVIEC_DEMO không đặt và NODE_ENV khác production.`,
  migrate: `roviec migrate
  Di trú CSDL (SQLite hoặc PostgreSQL theo DATABASE_URL) lên phiên bản mới nhất.`,
  demo: `roviec demo
  Nạp phường mẫu của bài viết ngày 13/02/2017 cùng các tài khoản mẫu (mật khẩu: ${DEMO_PASSWORD}).`,
  'user add': `roviec user add --username TÊN --name "Tên hiển thị" --ward MÃ_ĐƠN_VỊ --role VAI_TRÒ [--org TÊN_TẮT_TỔ_CHỨC]
  Mật khẩu (ít nhất 10 ký tự) được hỏi, hoặc đọc một dòng từ đầu vào chuẩn:
    printf '%s\\n' "$MAT_KHAU" | roviec user add …
  Vai trò: ${ROLES.join(', ')}. org_head và member cần --org (tên viết tắt, vd "Hội LHPN").
  --ward là mã đơn vị (vd ${'DEMO-DONGTAM'}) nơi cấp vai trò; cấp ở tỉnh/thành phố thì xem được các phường bên dưới.`,
  'user reset-password': `roviec user reset-password --username TÊN
  Đặt lại mật khẩu và đăng xuất mọi phiên của tài khoản. Mật khẩu mới được hỏi, hoặc đọc một dòng
  từ đầu vào chuẩn (như user add).`,
  'user disable': `roviec user disable --username TÊN
  Khóa tài khoản: đăng xuất mọi phiên, thu hồi mọi mã API.`,
  'token create': `roviec token create --username TÊN --name "Mục đích" [--days N]
  In ra mã truy cập (chỉ hiện một lần). Dùng: Authorization: Bearer <mã>.`,
  'token revoke': `roviec token revoke --id ID
  Thu hồi một mã truy cập API.`,
  reminders: `roviec reminders
  Gửi ngay các nhắc việc đến hạn (trước mốc, trước hạn, quá hạn, tổng hợp tuần) và nhắc nộp báo
  cáo (trước hạn nộp, quá hạn mỗi tuần): trong ứng dụng, và qua thư điện tử khi có SMTP_URL.
  Không gửi trùng dù chạy nhiều lần hay nhiều máy chủ.`,
  backup: `roviec backup --out THƯ_MỤC_MỚI
  Sao lưu CSDL SQLite (THƯ_MỤC_MỚI/roviec.sqlite, một ảnh nhất quán dù máy chủ vẫn đang ghi) và thư
  mục tệp ROVIEC_FILES (THƯ_MỤC_MỚI/files). Với PostgreSQL dùng pg_dump (xem README).`,
  restore: `roviec restore --from THƯ_MỤC_SAO_LƯU
  Khôi phục một bản sao lưu vào CSDL SQLite của DATABASE_URL và thư mục ROVIEC_FILES. Cả hai phải
  trống (chưa có hoặc không có bảng/tệp nào); máy chủ không chạy trên chúng. Với PostgreSQL dùng
  pg_restore (xem README).`,
};

const FEATURE_LINES = Object.entries(FEATURE_COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(22)} ${c.summary}`)
  .join('\n');
HELP.main = HELP.main!.replace('\n\nMật khẩu được hỏi', (FEATURE_LINES ? '\n' + FEATURE_LINES : '') + '\n\nMật khẩu được hỏi');
for (const [name, c] of Object.entries(FEATURE_COMMANDS)) HELP[name] = c.help;

/** How long a graceful shutdown may take before the process exits anyway (systemd's TimeoutStopSec should be longer). */
const SHUTDOWN_TIMEOUT_MS = 25_000;

/**
 * What the server runs every hour (and once at start): task and report reminders, then the purge
 * of expired sessions and spent login-throttle rows. Each part is idempotent across instances.
 */
export async function hourlyPass(db: Db, config: MailConfig): Promise<void> {
  await runReminders(db, config);
  await runReportReminders(db, config);
  await purgeExpiredState(db);
}

/**
 * `roviec serve`: migrates, loads the demo ward into an empty database, starts the reminder runner
 * and listens. On SIGTERM or SIGINT it shuts down gracefully and exits 0: no new requests
 * (Fastify answers 503 while closing), in-flight requests finish, the reminder runner stops (a
 * running pass is awaited), the portal's pending article views are written (the view counter's
 * onClose flush), then the database is closed. A second signal, or SHUTDOWN_TIMEOUT_MS, exits at
 * once with a non-zero code (128 + signal number; 1 on timeout or error).
 */
export async function serve(config: Config): Promise<void> {
  const handle = openDb(config.databaseUrl);
  await migrateToLatest(handle.db);
  if (config.demo) await loadDemoOnStart(handle.db); // not into a database the demo was removed from

  const { app } = await buildApp(config, handle);
  if (config.production && config.demo && (await demoLoaded(handle.db))) {
    app.log.warn(`the demo wards are loaded: their accounts share the published password ${DEMO_PASSWORD}; do not expose this server`);
  }
  await announceSetup(handle.db, app.log, config.publicUrl); // no account yet: the setup code and /setup
  // Reminders (deadlines, milestones, overdue, weekly digest): hourly; idempotent across instances.
  // Report reminders (due soon, overdue) run in the same pass.
  const stopReminders = startReminderRunner(handle.db, config, app.log, undefined, hourlyPass);
  // onClose hooks run last-registered first: Fastify's own (stop listening, wait for in-flight
  // requests) runs before this one, and this one before the features' (the view-counter flush) and
  // the database close registered while the app was built.
  app.addHook('onClose', async () => stopReminders());
  // Stored task state (D41): refreshed at start and at every 00:00 Asia/Ho_Chi_Minh; idempotent across instances.
  const stopTaskState = startTaskStateRunner(handle.db, app.log);
  app.addHook('onClose', async () => stopTaskState());
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    const code = 128 + (signal === 'SIGINT' ? 2 : 15);
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting without finishing the shutdown');
      process.exit(code);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests, writing pending views, closing the database');
    const force = setTimeout(() => {
      app.log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // server.close() drops the connections idle at that moment only; a keep-alive connection whose
    // request was in flight turns idle later and would hold the close for keepAliveTimeout (72 s).
    const reap = setInterval(() => app.server.closeIdleConnections(), 100);
    reap.unref();
    app.close().then(
      () => {
        clearInterval(reap);
        app.log.info('shut down');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
}

async function run(argv: string[]): Promise<void> {
  const [cmd, sub, ...rest] = argv;
  const key = cmd && sub && HELP[`${cmd} ${sub}`] ? `${cmd} ${sub}` : (cmd ?? 'main');
  const args = key.includes(' ') ? rest : argv.slice(1);
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    console.log(HELP.main);
    return;
  }
  if (!HELP[key]) throw new UsageError(`Lệnh không rõ: ${[cmd, sub].filter(Boolean).join(' ')}`);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP[key]);
    return;
  }
  const config = loadConfig();
  const feature = FEATURE_COMMANDS[key];
  if (feature) return feature.run(args, config);
  switch (key) {
    case 'serve': {
      const v = opts(args, { port: { type: 'string' }, host: { type: 'string' } });
      const port = intOpt(v, 'port', 0, 65535) ?? config.port;
      return serve({ ...config, port, host: typeof v.host === 'string' ? v.host : config.host });
    }
    case 'migrate':
      opts(args, {});
      return withDb(config, async (h) => console.log(`Đã di trú CSDL ${h.kind}.`));
    case 'demo':
      opts(args, {});
      return withDb(config, async (h) => {
        await loadDemo(h.db);
        console.log(`Phường mẫu đã sẵn sàng. Tài khoản: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} — mật khẩu ${DEMO_PASSWORD}`);
      });
    case 'user add': {
      const v = opts(args, { username: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, ward: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' } });
      const role = need(v, 'role');
      if (!isRole(role)) throw new UsageError(`Vai trò không hợp lệ: ${role}. Chọn một trong: ${ROLES.join(', ')}`);
      need(v, 'username');
      need(v, 'name');
      need(v, 'ward');
      const password = await readPassword(v, config.production);
      return withDb(config, async (h) => {
        const unit = await unitByCode(h.db, need(v, 'ward'));
        if (!unit) throw new UsageError(`Không tìm thấy đơn vị có mã ${String(v.ward)}`);
        let orgId: string | null = null;
        if (typeof v.org === 'string') {
          const org = await orgByName(h.db, unit.id, v.org);
          if (!org) throw new UsageError(`Không tìm thấy tổ chức "${v.org}" trong đơn vị này`);
          orgId = org.id;
        }
        const id = await addAccount(h.db, systemActor(unit.ward_id ?? '', 'Dòng lệnh'), { username: need(v, 'username'), display_name: need(v, 'name'), password, home_ward_id: unit.is_ward ? unit.id : null, person_id: null }, [{ role, unit_id: unit.id, org_id: orgId }]);
        console.log(`Đã thêm tài khoản ${String(v.username)} (${id}).`);
      });
    }
    case 'user reset-password': {
      const v = opts(args, { username: { type: 'string' }, password: { type: 'string' } });
      need(v, 'username');
      const password = await readPassword(v, config.production, 'Mật khẩu mới: ');
      return withDb(config, async (h) => {
        const u = await findUserByUsername(h.db, need(v, 'username'));
        if (!u) throw new UsageError(`Không có tài khoản "${String(v.username)}"`);
        await resetPassword(h.db, systemActor((await auditWardOfUser(h.db, u.id)) ?? '', 'Dòng lệnh'), u.id, password);
        console.log(`Đã đặt lại mật khẩu cho ${u.username}; mọi phiên đã bị đăng xuất.`);
      });
    }
    case 'user disable': {
      const v = opts(args, { username: { type: 'string' } });
      return withDb(config, async (h) => {
        const u = await findUserByUsername(h.db, need(v, 'username'));
        if (!u) throw new UsageError(`Không có tài khoản "${String(v.username)}"`);
        await setDisabled(h.db, systemActor((await auditWardOfUser(h.db, u.id)) ?? '', 'Dòng lệnh'), u.id, true);
        console.log(`Đã khóa tài khoản ${u.username}.`);
      });
    }
    case 'token create': {
      const v = opts(args, { username: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' } });
      const days = intOpt(v, 'days', 1, 3650) ?? null;
      return withDb(config, async (h) => {
        const u = await findUserByUsername(h.db, need(v, 'username'));
        if (!u || u.disabled) throw new UsageError(`Không có tài khoản "${String(v.username)}" đang hoạt động`);
        const expires = days ? instantAfterDays(days) : null;
        const { id, token } = await issueToken(h.db, systemActor((await auditWardOfUser(h.db, u.id)) ?? '', 'Dòng lệnh'), u.id, need(v, 'name'), expires);
        console.log(`id: ${id}\ntoken: ${token}\n(Mã chỉ hiện một lần; lưu lại ở nơi an toàn.)`);
      });
    }
    case 'token revoke': {
      const v = opts(args, { id: { type: 'string' } });
      return withDb(config, async (h) => {
        const ok = await revokeAnyToken(h.db, systemActor('', 'Dòng lệnh'), need(v, 'id'));
        if (!ok) throw new UsageError('Không có mã đang hiệu lực với id đó');
        console.log('Đã thu hồi.');
      });
    }
    case 'reminders':
      opts(args, {});
      return withDb(config, async (h) => {
        const run = await runReminders(h.db, config);
        const reports = await runReportReminders(h.db, config);
        console.log(JSON.stringify({ ...run, reports }));
      });
    case 'backup': {
      const v = opts(args, { out: { type: 'string' } });
      if (config.dbKind !== 'sqlite') throw new UsageError('Với PostgreSQL hãy dùng pg_dump (xem README, mục Sao lưu).');
      const out = path.resolve(need(v, 'out'));
      const r = await backupSqlite(config.databaseUrl, config.filesDir, out);
      console.log(`Đã sao lưu vào ${out} (${r.pages} trang CSDL, ${r.files} tệp).`);
      return;
    }
    case 'restore': {
      const v = opts(args, { from: { type: 'string' } });
      if (config.dbKind !== 'sqlite') throw new UsageError('Với PostgreSQL hãy dùng pg_restore (xem README, mục Sao lưu).');
      const r = restoreSqlite(path.resolve(need(v, 'from')), config.databaseUrl, config.filesDir);
      await withDb(config, async () => undefined);
      console.log(`Đã khôi phục vào ${config.databaseUrl} (${r.files} tệp vào ${config.filesDir}).`);
      return;
    }
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  exitQuietlyOnEpipe(process.stdout);
  run(process.argv.slice(2)).catch((err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`Lỗi: ${err.message}\nXem: npm run roviec -- --help`);
      process.exit(2);
    }
    if (err instanceof AppError) {
      const fields = err.fields ? ' ' + Object.entries(err.fields).map(([k, m]) => `${k}: ${translate('vi', m as never) ?? m}`).join('; ') : '';
      console.error(`Lỗi: ${translate('vi', err.key, err.params)}${fields}`);
      process.exit(2);
    }
    if (err instanceof z.ZodError) {
      console.error(`Lỗi: giá trị không hợp lệ — ${err.issues.map((i) => i.message).join('; ')}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  });
}
