// The only reader of process.env: environment -> typed, validated config.
import path from 'node:path';
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
  ROVIEC_DEMO: boolish.default(true),
  ROVIEC_FILES: z.string().min(1).default('./data/files'),
  ROVIEC_COOKIE_SECURE: boolish.default(false),
  ROVIEC_TRUST_PROXY: boolish.default(false),
  // Scheme, port and (for a site without its own host name) host of every absolute URL the public
  // site makes (canonical, Open Graph, feeds, sitemap, robots): never the request's Host header.
  ROVIEC_PUBLIC_URL: z.string().url().regex(/^https?:\/\//, 'ROVIEC_PUBLIC_URL phải bắt đầu bằng http:// hoặc https://').optional(),
  SMTP_URL: z.string().url().optional(),
  // Sender of every e-mail (reminders, meeting invitations) and the ORGANIZER address of .ics files.
  ROVIEC_MAIL_FROM: z.string().min(3).default('RõViệc <khong-tra-loi@roviec.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

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
  trustProxy: boolean;
  /** Origin of the public site's absolute URLs (ROVIEC_PUBLIC_URL; default `http://localhost:<PORT>`), e.g. `https://dongtam.gov.vn`. docs/DESIGN.md D29. */
  publicUrl: string;
  smtpUrl: string | undefined;
  /** Sender of e-mails, 'Name <address>' or an address (ROVIEC_MAIL_FROM). */
  mailFrom: string;
  logLevel: string;
  isTest: boolean;
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
    demo: e.ROVIEC_DEMO,
    filesDir: path.resolve(e.ROVIEC_FILES),
    cookieSecure: e.ROVIEC_COOKIE_SECURE,
    trustProxy: e.ROVIEC_TRUST_PROXY,
    publicUrl: new URL(e.ROVIEC_PUBLIC_URL ?? `http://localhost:${e.PORT}`).origin,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.ROVIEC_MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    isTest: e.NODE_ENV === 'test',
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
