// Child process, bench only: a bare Fastify serving the reports room's getRollup as JSON
// summed up (GET /rollup/:id), the stand-in measured while the room's roll-up page is not in the app.
// Usage: rollup-server.ts DATABASE_URL WARD_ID
import Fastify from 'fastify';
import { openDb } from '../../src/db/index.ts';
import { getRollup } from '../../src/features/reports/service.ts';
import { serveChild } from './child.ts';
import { MemoryWatch } from './memory.ts';

const [databaseUrl, wardId] = process.argv.slice(2);
if (!databaseUrl || !wardId) throw new Error('usage: rollup-server.ts DATABASE_URL WARD_ID');
const handle = openDb(databaseUrl);
const memory = new MemoryWatch();
const app = Fastify({ logger: false });
// What the page would print is a summary here, so that the measure is getRollup (reads and assembly), not JSON.stringify of its ~700 KB of text.
app.get<{ Params: { id: string } }>('/rollup/:id', async (req) => {
  const v = await getRollup(handle.db, { wardId }, req.params.id);
  return { orgs: v.orgs.length, missing: v.missing.length, sectionChars: v.sections.reduce((n, s) => n + s.text.length + s.parts.reduce((m, p) => m + p.text.length, 0), 0), totals: Object.fromEntries(v.indicators.map((i) => [i.spec.code, i.total])) };
});
await serveChild(app, { 'mem-start': () => memory.start(), 'mem-stop': () => memory.stop() });
