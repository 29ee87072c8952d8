// Child process: one XLSX export of a whole year (streamSchedule + writeScheduleXlsx into a byte
// counter), alone in a fresh process so that its peak memory is the export's own and not the
// benchmark's (the parent holds generated data, autocannon, an app…).
// Usage: node --expose-gc --import tsx bench/lib/xlsx-child.ts DATABASE_URL WARD_ID YEAR
// Prints one line of JSON (XlsxChildResult) on stdout.
import { openDb } from '../../src/db/index.ts';
import { measureXlsxExport, type ExportMeasure } from '../programmes.ts';

export interface XlsxChildResult extends ExportMeasure {
  /** The kernel's high-water mark of the process's RSS before the export (module loading, connecting). */
  maxRssBeforeMB: number;
  /** The kernel's high-water mark after the export: the true peak when it grew during the export. */
  maxRssAfterMB: number;
  /** Peak RSS of the export: the kernel's high-water mark if the export raised it, else the 10 ms samples. */
  exportPeakRssMB: number;
  /** exportPeakRssMB − rssBeforeMB: what one export adds to a process. */
  exportRssGrowthMB: number;
}

const [databaseUrl, wardId, year] = process.argv.slice(2);
if (!databaseUrl || !wardId || !year) throw new Error('usage: xlsx-child.ts DATABASE_URL WARD_ID YEAR');
if (typeof globalThis.gc !== 'function') throw new Error('xlsx-child.ts needs --expose-gc');

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const handle = openDb(databaseUrl, { poolSize: 1 });
// Connect (and load the database driver) before the baseline.
await handle.db.selectFrom('unit').select('id').where('id', '=', wardId).executeTakeFirstOrThrow();
globalThis.gc();
const maxBefore = process.resourceUsage().maxRSS; // KB on Linux and macOS
const m = await measureXlsxExport(handle.db, wardId, Number(year));
const maxAfter = process.resourceUsage().maxRSS;
await handle.destroy();
const peak = maxAfter > maxBefore ? mb(maxAfter) : m.peakRssMB;
const result: XlsxChildResult = {
  ...m,
  maxRssBeforeMB: mb(maxBefore),
  maxRssAfterMB: mb(maxAfter),
  exportPeakRssMB: peak,
  exportRssGrowthMB: Math.round((peak - m.rssBeforeMB) * 10) / 10,
};
process.stdout.write(JSON.stringify(result) + '\n');
