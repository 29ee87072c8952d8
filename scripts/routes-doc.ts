// Writes docs/ROUTES.md, the route × role table, from the routes' own access rules.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/index.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/app.ts';
import { routeTableMarkdown } from '../src/platform/http/route-table.ts';

const handle = openDb('sqlite::memory:');
await migrateToLatest(handle.db);
const { app } = await buildApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'sqlite::memory:' }), handle);
await app.ready();
const out = path.resolve('docs/ROUTES.md');
fs.writeFileSync(out, routeTableMarkdown(app.routeRules));
await app.close();
console.log(`Wrote ${out} (${app.routeRules.length} routes)`);
