// Child process: the real app (buildApp) in production mode on the database the parent generated.
// Usage: [ROVIEC_SEARCH_CACHE_SECONDS=0] app-server.ts DATABASE_URL FILES_DIR
//
// ROVIEC_TRUST_PROXY=1: the load generator presents itself as many clients behind a reverse proxy
// (X-Forwarded-For), so the production per-IP flood limit (1200 requests a minute) stays on and
// is exercised, but does not turn the measurement into one of 429 pages.
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/db/index.ts';
import { serveChild } from './child.ts';
import { QueryTracer } from './tracer.ts';
import { MemoryWatch } from './memory.ts';
import { admissionEnv } from './progress-app.ts';

const [databaseUrl, filesDir] = process.argv.slice(2);
if (!databaseUrl || !filesDir) throw new Error('usage: app-server.ts DATABASE_URL FILES_DIR');

// ROVIEC_SEARCH_CACHE_SECONDS (0: no query cache) passes through: the bench starts a second app with it
// set to 0 to measure a common word's search uncached.
// So do the write admission limits (D73).
const passed = { ...(process.env.ROVIEC_SEARCH_CACHE_SECONDS === undefined ? {} : { ROVIEC_SEARCH_CACHE_SECONDS: process.env.ROVIEC_SEARCH_CACHE_SECONDS }), ...admissionEnv() };
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, ROVIEC_FILES: filesDir, ROVIEC_TRUST_PROXY: '1', ...passed });
const handle = openDb(config.databaseUrl);
const tracer = new QueryTracer();
const memory = new MemoryWatch();
const { app } = await buildApp(config, { ...handle, db: handle.db.withPlugin(tracer) });
await serveChild(app, {
  'trace-start': () => tracer.start(),
  'trace-stop': () => tracer.stop(),
  'mem-start': () => memory.start(),
  'mem-stop': () => memory.stop(),
});
