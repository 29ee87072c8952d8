/**
 * Comparing heavy work on the worker pool with the same work in process (docs/DESIGN.md D45, D63):
 * a second app on the test app's database whose pool runs in process, reached with the same
 * session, and the parts of a zip (XLSX, DOCX) to compare byte for byte.
 */
import JSZip from 'jszip';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openDb } from '../../src/db/index.ts';
import type { Client, TestApp } from './app.ts';

/** An app on `t`'s database with its heavy jobs in process, and `c`'s session on it. Close the app after. */
export async function inProcessTwin(t: TestApp, c: Client): Promise<{ app: FastifyInstance; client: Client }> {
  const { app } = await buildApp(t.config, openDb(t.url, { poolSize: 3 }), { heavy: { inProcess: true } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return { app, client: c.withBase(`http://127.0.0.1:${addr.port}`) };
}

/** The parts of a zip (XLSX, DOCX) by name as text; docProps/core.xml without its creation and modification times. */
export async function zipParts(body: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(body);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) {
    const text = (await zip.files[name]?.async('string')) ?? '';
    out[name] = name === 'docProps/core.xml' ? text.replace(/<dcterms:(created|modified)[^>]*>[^<]*<\/dcterms:\1>/g, '') : text;
  }
  return out;
}
