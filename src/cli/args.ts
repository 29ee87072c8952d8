// Command-line arguments and secrets for `roviec` (src/main.ts): options parsed with Vietnamese
// errors, bounded integers, and passwords read from standard input. docs/DESIGN.md D31.
import { parseArgs } from 'node:util';

/** A mistake in how a command was called: printed as "Lỗi: …", exit code 2. */
export class UsageError extends Error {}

export type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;
export type Options = Record<string, string | boolean | undefined>;

/**
 * Parses `args` against `spec` (plus `--help`/`-h`), strictly: an unknown option, an option
 * without its value or a stray positional argument is a UsageError in Vietnamese (node's own
 * parseArgs messages are English).
 */
export function opts(args: string[], spec: OptionSpec): Options {
  try {
    const { values } = parseArgs({ args: dashValuesJoined(args, spec), options: { ...spec, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true });
    return values as Options;
  } catch (e) {
    throw new UsageError(parseErrorVi(e, spec));
  }
}

/**
 * `--days -5` → `--days=-5` when `--days` takes a value and `-5` is no option of the command:
 * parseArgs would call the value missing ("ambiguous"); joined, the value reaches its own check
 * (intOpt: "--days phải là số nguyên…"), which tells the truth — the value is not valid.
 */
function dashValuesJoined(args: string[], spec: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = args[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : '';
    const isOption = (x: string) => x === '-h' || x === '--help' || (x.startsWith('--') && (x.slice(2).split('=')[0] ?? '') in spec);
    if (name && spec[name]?.type === 'string' && next !== undefined && next.startsWith('-') && next !== '-' && !isOption(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** The Vietnamese sentence for one of node:util parseArgs's errors (by its code). */
function parseErrorVi(e: unknown, spec: OptionSpec): string {
  const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
  const message = e instanceof Error ? e.message : String(e);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const known = Object.keys(spec).map((k) => `--${k}`).join(', ') || '(không có)';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Tùy chọn không rõ: ${quoted}. Lệnh này nhận: ${known}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
      return `Thiếu giá trị sau ${name}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Đối số thừa: ${quoted}. Lệnh này chỉ nhận tùy chọn dạng --tên giá-trị`;
    default:
      return `Đối số không hợp lệ (${message})`;
  }
}

/** The value of `--name`, trimmed-non-empty, or a UsageError "Thiếu --name". */
export function need(v: Options, name: string): string {
  const x = v[name];
  if (typeof x !== 'string' || x.trim() === '') throw new UsageError(`Thiếu --${name}`);
  return x;
}

/** `--name` as a whole number in [min, max], undefined when absent; anything else is a UsageError. */
export function intOpt(v: Options, name: string, min: number, max: number): number | undefined {
  const x = v[name];
  if (x === undefined) return undefined;
  const n = typeof x === 'string' && /^\d{1,10}$/.test(x.trim()) ? Number(x.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} phải là số nguyên từ ${min} đến ${max}`);
  return n;
}

/**
 * Reads one password. In production (NODE_ENV=production) only from standard input: `--password`
 * is refused (a command line is visible to every user of the machine in the process list). Outside
 * production `--password` is still accepted for development and tests; without it the password is
 * read from standard input as well.
 *
 * From a terminal the prompt is written to stderr and the typed characters are not echoed
 * (Backspace edits, Ctrl-C aborts); from a pipe or file the first line is taken (a trailing CR/LF
 * dropped). An empty answer is a UsageError.
 */
export async function readPassword(v: Options, production: boolean, prompt = 'Mật khẩu: '): Promise<string> {
  if (typeof v.password === 'string') {
    if (production) throw new UsageError('Không nhận mật khẩu trên dòng lệnh (ai cũng thấy trong danh sách tiến trình). Bỏ --password: lệnh sẽ hỏi mật khẩu, hoặc đưa qua đầu vào chuẩn, vd: printf \'%s\\n\' "$MAT_KHAU" | roviec …');
    return v.password;
  }
  const line = process.stdin.isTTY ? await readHidden(prompt) : await readFirstLine();
  if (line === '') throw new UsageError('Chưa nhập mật khẩu (đọc từ đầu vào chuẩn).');
  return line;
}

/** The first line of a non-terminal standard input ('' if it is empty). */
async function readFirstLine(): Promise<string> {
  let buf = '';
  for await (const chunk of process.stdin) {
    buf += (chunk as Buffer).toString('utf8');
    const nl = buf.indexOf('\n');
    if (nl >= 0) {
      buf = buf.slice(0, nl);
      break;
    }
  }
  process.stdin.pause();
  return buf.replace(/\r$/, '');
}

/** Asks on the terminal without echo. */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new UsageError('Đã hủy.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * A reader that closes early (`roviec unit list | head`) makes writes to `stream` fail with EPIPE:
 * the command has nobody left to tell anything, so the process ends quietly with status 0
 * instead of an English stack. Any other stream error is thrown as before.
 */
export function exitQuietlyOnEpipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
