// The only reader of process.env: environment -> typed, validated config.
import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';

const boolish = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'DATABASE_URL phải có dạng sqlite:đường-dẫn hoặc postgres://…')
    .default('sqlite:./data/roviec.sqlite'),
  ROVIEC_SECRET: z.string().min(32, 'ROVIEC_SECRET phải dài ít nhất 32 ký tự').optional(),
  // Unset: the demo loads into an empty database except in production (docs/DESIGN.md D31).
  ROVIEC_DEMO: boolish.optional(),
  ROVIEC_FILES: z.string().min(1).default('./data/files'),
  ROVIEC_COOKIE_SECURE: boolish.default(false),
  ROVIEC_TRUST_PROXY: z.string().default('').transform((v, ctx) => {
    const r = parseTrustProxy(v);
    if (r === null) ctx.addIssue({ code: 'custom', message: 'ROVIEC_TRUST_PROXY phải là số proxy đứng trước (1–10) hoặc danh sách địa chỉ, dải địa chỉ proxy (vd 10.0.0.5,10.0.0.0/8); không nhận "true" hay dải rộng hơn /8 vì như thế là tin mọi địa chỉ' });
    return r ?? false;
  }),
  // Scheme, port and (for a site without its own host name) host of every absolute URL the public
  // site makes (canonical, Open Graph, feeds, sitemap, robots): never the request's Host header.
  ROVIEC_PUBLIC_URL: z.string().url().regex(/^https?:\/\//, 'ROVIEC_PUBLIC_URL phải bắt đầu bằng http:// hoặc https://').optional(),
  SMTP_URL: z.string().url().optional(),
  // Sender of every e-mail (reminders, meeting invitations) and the ORGANIZER address of .ics files.
  ROVIEC_MAIL_FROM: z.string().min(3).default('RõViệc <khong-tra-loi@roviec.local>'),
  // Days before a task's deadline or milestone from which its owner is reminded (D50).
  ROVIEC_REMIND_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  // Hour (Asia/Ho_Chi_Minh) from which the daily digest of notifications is sent (D50).
  ROVIEC_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  // Seconds the first page of a public search is kept (docs/DESIGN.md D42); 0 turns the cache off.
  ROVIEC_SEARCH_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // Signed-in writes running at once per process while reads are in flight, while none is, and
  // waiting for them (docs/DESIGN.md D73); 0 slots = no limit.
  ROVIEC_WRITE_SLOTS: z.coerce.number().int().min(0).max(1000).default(2),
  ROVIEC_WRITE_SLOTS_IDLE: z.coerce.number().int().min(1).max(1000).default(16),
  ROVIEC_WRITE_QUEUE: z.coerce.number().int().min(0).max(100000).default(500),
  ROVIEC_WRITE_SHARE: z.coerce.number().gt(0).max(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

/** What Fastify's `trustProxy` gets: off, a hop count, or proxy addresses (docs/DESIGN.md D27). */
export type TrustProxy = false | number | string[];

/**
 * Reads ROVIEC_TRUST_PROXY: '' / '0' / 'false' / 'no' → false; '1'..'10' → that many hops;
 * a comma-separated list of IPv4/IPv6 addresses or CIDRs (or proxy-addr's names `loopback`,
 * `linklocal`, `uniquelocal`) → that list. Anything else, 'true' included, → null (refused).
 */
export function parseTrustProxy(raw: string): TrustProxy | null {
  const v = raw.trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false' || v === 'no') return false;
  if (/^\d{1,2}$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 10 ? n : null;
  }
  const parts = v.split(',').map((p) => p.trim());
  const ok = parts.every((p) => ['loopback', 'linklocal', 'uniquelocal'].includes(p) || proxyRange(p));
  return ok && parts.length > 0 ? parts : null;
}

/**
 * An address or a CIDR range narrow enough to name proxies: the prefix a whole number, at least
 * /8 for IPv4 and /16 for IPv6 (`0.0.0.0/1,128.0.0.0/1` would trust every address, as "true" does)
 * and at most the address length.
 */
function proxyRange(p: string): boolean {
  const [addr = '', prefix, extra] = p.split('/');
  const family = isIP(addr);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  return family === 4 ? bits >= 8 && bits <= 32 : bits >= 16 && bits <= 128;
}

export type DbKind = 'sqlite' | 'postgres';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  dbKind: DbKind;
  secret: string | undefined;
  demo: boolean;
  filesDir: string;
  cookieSecure: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe (ROVIEC_TRUST_PROXY): false (none, the default), a
   * hop count (the number of proxies in front of the app: the client is that many addresses from
   * the right), or the proxies' addresses/CIDRs. Never "every hop" (a client could then pick its
   * own address and escape the per-IP login limit).
   */
  trustProxy: TrustProxy;
  /** Origin of the public site's absolute URLs (ROVIEC_PUBLIC_URL; default `http://localhost:<PORT>`), e.g. `https://dongtam.gov.vn`. docs/DESIGN.md D29. */
  publicUrl: string;
  smtpUrl: string | undefined;
  /** Sender of e-mails, 'Name <address>' or an address (ROVIEC_MAIL_FROM). */
  mailFrom: string;
  /** Days before a deadline or milestone from which it is reminded (ROVIEC_REMIND_DAYS, default 3). */
  remindDaysAhead: number;
  /** Vietnam hour from which the daily notification digest is sent (ROVIEC_DIGEST_HOUR, default 7). */
  digestHour: number;
  logLevel: string;
  /** Seconds the first page of a public search is cached (ROVIEC_SEARCH_CACHE_SECONDS, default 30; 0 = off). */
  searchCacheSeconds: number;
  /** Write admission (D73): signed-in writes running at once while reads are in flight (ROVIEC_WRITE_SLOTS, default 2; 0 = no limit), while none is (ROVIEC_WRITE_SLOTS_IDLE, default 16), and waiting (ROVIEC_WRITE_QUEUE, default 500; one more is a 503); while reads are served, the share of the time writes hold slots (ROVIEC_WRITE_SHARE, default `defaultWriteShare`: 0.10 on SQLite, 0.25 on PostgreSQL, D78, D79, D81). */
  writeAdmission: { slots: number; idleSlots: number; queue: number; share: number };
  isTest: boolean;
  /** NODE_ENV=production: no demo unless ROVIEC_DEMO=1, CLI passwords only from standard input. */
  production: boolean;
}

/**
 * The share of the time queued writes may hold slots while reads are served (admission.ts, D78, D79,
 * D81), when ROVIEC_WRITE_SHARE does not say. On SQLite a write's time in its slot is event-loop time
 * (the driver is synchronous, the commit's fsync too), so the share is the loop's: 0.10 leaves reads
 * 96–106 % of alone beside 50 writers (0.15: 77–88 %, under the 80 % target in a full run). On PostgreSQL most of it is waiting for the database, which the reads do not need: the same
 * share would hold writes back ~3× more than the loop time they take (6.5 posts/s beside the reads,
 * p99 7.8 s, against 17–21 posts/s and reads still 86–101 % at 0.25).
 */
export function defaultWriteShare(kind: DbKind): number {
  return kind === 'postgres' ? 0.25 : 0.1;
}

export function dbKindOf(url: string): DbKind {
  return url.startsWith('postgres') ? 'postgres' : 'sqlite';
}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Cấu hình không hợp lệ:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const cfg: Config = {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbKind: dbKindOf(e.DATABASE_URL),
    secret: e.ROVIEC_SECRET,
    demo: e.ROVIEC_DEMO ?? e.NODE_ENV !== 'production',
    filesDir: path.resolve(e.ROVIEC_FILES),
    cookieSecure: e.ROVIEC_COOKIE_SECURE,
    trustProxy: e.ROVIEC_TRUST_PROXY,
    publicUrl: new URL(e.ROVIEC_PUBLIC_URL ?? `http://localhost:${e.PORT}`).origin,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.ROVIEC_MAIL_FROM,
    remindDaysAhead: e.ROVIEC_REMIND_DAYS,
    digestHour: e.ROVIEC_DIGEST_HOUR,
    logLevel: e.LOG_LEVEL,
    searchCacheSeconds: e.ROVIEC_SEARCH_CACHE_SECONDS,
    writeAdmission: { slots: e.ROVIEC_WRITE_SLOTS, idleSlots: e.ROVIEC_WRITE_SLOTS_IDLE, queue: e.ROVIEC_WRITE_QUEUE, share: e.ROVIEC_WRITE_SHARE ?? defaultWriteShare(dbKindOf(overrides.databaseUrl ?? e.DATABASE_URL)) },
    isTest: e.NODE_ENV === 'test',
    production: e.NODE_ENV === 'production',
  };
  return { ...cfg, ...overrides, dbKind: dbKindOf(overrides.databaseUrl ?? cfg.databaseUrl) };
}

/**
 * Whether database handles refuse writes outside the command runner (platform/command.ts's
 * WriteGuardPlugin, installed by db/index.ts openDb). On unless ROVIEC_WRITE_GUARD=0; the switch
 * exists while features are converted to commands (issue 7) and goes once every write is one.
 */
export function writeGuardOn(): boolean {
  return process.env.ROVIEC_WRITE_GUARD !== '0';
}

/** The process's NODE_ENV (under `test` only: cheap password hashing, platform/auth/passwords.ts, D62; SQLite without fsync per commit, db/index.ts, D66). */
export function nodeEnv(): string | undefined {
  return process.env.NODE_ENV;
}
