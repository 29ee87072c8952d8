// A real SMTP server on 127.0.0.1 for tests of e-mail: every message it receives is kept, raw.
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  /** smtp://127.0.0.1:PORT, for the app's SMTP_URL. */
  url: string;
  /** Messages received: recipients (comma-joined) and the raw message. */
  mails: { to: string; raw: string }[];
  close(): Promise<void>;
}

/** Starts an SMTP server without TLS or authentication on a free port. */
export async function startSmtp(): Promise<TestSmtp> {
  const mails: { to: string; raw: string }[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`,
    mails,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
