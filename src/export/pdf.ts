// PDF through LibreOffice headless. Each conversion runs in a fresh temporary directory under
// os.tmpdir() with its own LibreOffice profile (`-env:UserInstallation`), so conversions of other
// processes never share a profile lock; within one process conversions run one at a time (a
// queue), since each soffice start takes a core and ~150 MB. A conversion that outlasts the
// timeout is killed and reported.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where LibreOffice is looked for, in order. */
const CANDIDATES = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice', '/Applications/LibreOffice.app/Contents/MacOS/soffice'];

/** Thrown when no LibreOffice is installed, or a conversion fails or times out. */
export class PdfUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfUnavailableError';
  }
}

/** The soffice binary, or null when LibreOffice is not installed. */
export function sofficePath(): string | null {
  for (const p of CANDIDATES) {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Whether PDF conversion can run here (LibreOffice found). */
export function isPdfAvailable(): boolean {
  return sofficePath() !== null;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Converts .docx bytes to PDF bytes with `soffice --headless --convert-to pdf`. One conversion
 * at a time per process; `timeoutMs` (default 60 s) per conversion. Errors: PdfUnavailableError
 * when LibreOffice is missing, fails, or times out. The temporary directory is always removed.
 */
export function docxToPdf(docx: Buffer, opts: { timeoutMs?: number } = {}): Promise<Buffer> {
  const run = queue.then(() => convert(docx, opts.timeoutMs ?? 60_000));
  queue = run.catch(() => undefined);
  return run;
}

async function convert(docx: Buffer, timeoutMs: number): Promise<Buffer> {
  const bin = sofficePath();
  if (!bin) throw new PdfUnavailableError('LibreOffice (soffice) is not installed: PDF conversion is unavailable');
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'roviec-pdf-'));
  try {
    const input = path.join(dir, 'document.docx');
    await fs.promises.writeFile(input, docx);
    const profile = pathToFileURL(path.join(dir, 'profile')).href;
    await new Promise<void>((resolve, reject) => {
      execFile(
        bin,
        [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nolockcheck', '--convert-to', 'pdf', '--outdir', dir, input],
        { timeout: timeoutMs, killSignal: 'SIGKILL' },
        (err, _stdout, stderr) => {
          if (err) reject(new PdfUnavailableError(`soffice failed${err.killed ? ' (timed out)' : ''}: ${String(stderr).slice(0, 300) || err.message}`));
          else resolve();
        },
      );
    });
    const out = path.join(dir, 'document.pdf');
    if (!fs.existsSync(out)) throw new PdfUnavailableError('soffice produced no PDF');
    return await fs.promises.readFile(out);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
