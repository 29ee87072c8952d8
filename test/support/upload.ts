// A multipart POST that declares 15 MB and sends only its first 256 KB: a server that answers
// has decided before reading the body (test/uploads.test.ts, test/before-body.test.ts).
import http from 'node:http';
import type { Client } from './app.ts';

/** An id no record has. */
export const ZERO_ID = '00000000-0000-7000-8000-000000000000';
/** The Cookie header of a test client's session. */
export const cookieOf = (c: Client): string => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

export const DECLARED = 15 * 1024 * 1024;
const SENT_BEFORE_WAITING = 256 * 1024;
const BOUNDARY = '----roviec-upload-test';

export interface Partial {
  /** The status, or null when the server gave no answer while the body was unfinished. */
  status: number | null;
  /** Body bytes the client had written when the answer came (or when it gave up). */
  sent: number;
}

/**
 * Starts a multipart POST that declares 15 MB (Content-Length), writes only its first 256 KB and
 * waits `waitMs` for an answer without sending the rest. A server that reads (or buffers) the body
 * before deciding cannot answer: it is still waiting for 14.75 MB that never come.
 */
export function partialUpload(base: string, path: string, headers: Record<string, string>, waitMs: number): Promise<Partial> {
  const url = new URL(path, base);
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="attachment"; filename="lon.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = false;
    const req = http.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(DECLARED) },
    });
    const finish = (r: Partial) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ status: null, sent }), waitMs);
    req.on('response', (res) => {
      res.resume();
      finish({ status: res.statusCode ?? 0, sent });
    });
    req.on('error', (err) => (done ? undefined : reject(err)));
    req.write(head);
    sent += head.length;
    while (sent < SENT_BEFORE_WAITING) {
      req.write(chunk);
      sent += chunk.length;
    }
  });
}

