// E-mail: one small sender for every feature (programme reminders, meeting invitations). Mail goes
// out only when SMTP_URL is set; the sender is ROVIEC_MAIL_FROM. Sending happens after the
// command that decided it has committed: a failure is counted and logged by the caller, never
// retried here and never rolls back a record.
import type Nodemailer from 'nodemailer';
import { lazy } from '../lib/lazy.ts';
import type { Config } from '../config.ts';
import { clipAtWord } from '../lib/vi/index.ts';

const nodemailer = lazy<typeof Nodemailer>('nodemailer');

/** Longest subject sent (characters); a longer one is cut at a word boundary with "…", never inside a word. */
export const MAX_SUBJECT = 160;

/** Where mail goes: `smtpUrl` (undefined: no e-mail at all) and the sender (default below). */
export type MailConfig = Pick<Config, 'smtpUrl'> & Partial<Pick<Config, 'mailFrom'>>;

/** The sender when none is configured (same default as config.ts). */
export const DEFAULT_MAIL_FROM = 'RõViệc <khong-tra-loi@roviec.local>';

/** One message: plain text, optionally with a calendar invitation (text/calendar part, RFC 6047). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An iCalendar object sent as the invitation part; `method` must equal its METHOD (REQUEST, CANCEL, PUBLISH). */
  icalEvent?: { method: string; content: string; filename?: string };
}

/** What a batch did: messages accepted by the server, and failures (each message is tried once). */
export interface MailResult {
  sent: number;
  failed: number;
}

/**
 * Sends each message through one SMTP connection (`config.smtpUrl`, any nodemailer URL such as
 * `smtp://user:pass@host:587`) from `config.mailFrom`. Without `smtpUrl`, or with no messages,
 * sends nothing and returns zeros. A message that fails counts in `failed`; the others still go.
 */
export async function sendMail(config: MailConfig, messages: readonly MailMessage[]): Promise<MailResult> {
  const result: MailResult = { sent: 0, failed: 0 };
  if (!config.smtpUrl || messages.length === 0) return result;
  const transport = nodemailer().createTransport(config.smtpUrl);
  const from = config.mailFrom ?? DEFAULT_MAIL_FROM;
  try {
    for (const m of messages) {
      try {
        await transport.sendMail({ from, to: m.to, subject: clipAtWord(m.subject, MAX_SUBJECT), text: m.text, ...(m.icalEvent ? { icalEvent: m.icalEvent } : {}) });
        result.sent++;
      } catch {
        result.failed++;
      }
    }
  } finally {
    transport.close();
  }
  return result;
}
