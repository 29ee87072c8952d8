// Child process: the minutes of one meeting as .docx (meetingDocumentFile, as the route makes them),
// alone in a fresh process so that its peak memory is the export's own and not the benchmark's.
// Usage: node --expose-gc --import tsx bench/lib/docx-child.ts DATABASE_URL WARD_ID MEETING_ID
// Prints one line of JSON (DocxChildResult) on stdout.
import { openDb } from '../../src/db/index.ts';
import { measureMinutesDocx, type DocxMeasure } from '../meetings.ts';

export interface DocxChildResult extends DocxMeasure {
  /** The kernel's high-water mark of the process's RSS before the export (module loading, connecting). */
  maxRssBeforeMB: number;
  /** The kernel's high-water mark after the first export. */
  maxRssAfterMB: number;
  /** Peak RSS of the first export: the kernel's high-water mark if the export raised it, else the 5 ms samples. */
  exportPeakRssMB: number;
  /** exportPeakRssMB − rssBeforeMB: what one export adds to a process. */
  exportRssGrowthMB: number;
}

const [databaseUrl, wardId, meetingId] = process.argv.slice(2);
if (!databaseUrl || !wardId || !meetingId) throw new Error('usage: docx-child.ts DATABASE_URL WARD_ID MEETING_ID');
if (typeof globalThis.gc !== 'function') throw new Error('docx-child.ts needs --expose-gc');

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const handle = openDb(databaseUrl, { poolSize: 1 });
// Connect (and load the database driver) before the baseline.
await handle.db.selectFrom('unit').select('id').where('id', '=', wardId).executeTakeFirstOrThrow();
globalThis.gc();
const maxBefore = process.resourceUsage().maxRSS; // KB on Linux and macOS
let maxAfter = 0;
const m = await measureMinutesDocx(handle.db, wardId, meetingId, 20, () => (maxAfter = process.resourceUsage().maxRSS));
await handle.destroy();
const peak = maxAfter > maxBefore ? mb(maxAfter) : m.peakRssMB;
const result: DocxChildResult = {
  ...m,
  maxRssBeforeMB: mb(maxBefore),
  maxRssAfterMB: mb(maxAfter),
  exportPeakRssMB: peak,
  exportRssGrowthMB: Math.round((peak - m.rssBeforeMB) * 10) / 10,
};
process.stdout.write(JSON.stringify(result) + '\n');
