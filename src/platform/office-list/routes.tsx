// The print view and Excel export of every office list (docs/DESIGN.md D52), from its spec:
// `GET <path>/print?<query>` and `GET <path>.xlsx?<query>`, the same roles as the page. The whole
// filtered list is loaded (never only page 1), refused with a Vietnamese message above
// MAX_LIST_ROWS, and built on the worker pool (D45) when it holds more than HEAVY_LIST_ROWS rows.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { translator, type Locale, type T } from '../i18n/index.ts';
import { actorOf, renderHtml } from '../http/context.ts';
import { registerJobs, type JobEnv } from '../workers/jobs.ts';
import { runHeavy } from '../workers/pool.ts';
import { formatDateTime, formatLongDate, formatNumber, todayInVietnam } from '../../lib/vi/index.ts';
import { ListPrintPage } from '../../ui/office-list.tsx';
import { HEAVY_LIST_ROWS, MAX_LIST_ROWS, officeList, wholeListQuery, type AnyOfficeList, type ListQueryBase } from './spec.ts';
import { listWorkbook, type ListHeading } from './xlsx.ts';
import './messages.ts';

/** The place on a dated line: the ward's name without "Phường"/"Xã" (unless it is a number: "Phường 12"). */
export function placeOf(wardName: string): string {
  const m = /^(phường|xã|thị trấn|đặc khu)\s+(\S.*)$/iu.exec(wardName.trim());
  return m && !/^\d+$/.test(m[2] ?? '') ? (m[2] as string) : wardName.trim();
}

/** Input of the jobs `lists.print` and `lists.xlsx`: which list, for whom, its parsed query. */
export interface WholeListInput {
  list: string;
  actor: Actor;
  query: ListQueryBase;
  locale: Locale;
  wardName: string;
  /** The page's path with the query (the print view's "back" link); the audit's `via`. */
  url: string;
  today?: string;
  now?: string;
}

/** The filter (and the sort) in words, for the title block. */
async function filterWords(spec: AnyOfficeList, env: Pick<JobEnv, 'db'>, input: WholeListInput, t: T): Promise<string> {
  const words: string[] = await spec.describe(env.db, input.actor, input.query, t);
  const cols = spec.columns(t, input.query);
  const sorted = input.query.sort ? cols.find((c) => c.key === input.query.sort && c.sortable) : undefined;
  const sort = sorted ? t('list.sortedBy', { column: sorted.header ? sorted.header(t) : t(sorted.label), dir: t(input.query.dir === 'desc' ? 'list.desc' : 'list.asc') }) : '';
  const filter = words.length ? t('list.filter', { filters: words.join('; ') }) : t('list.all');
  return sort ? `${filter}. ${sort}.` : filter;
}

/** Every row of the list (at most MAX_LIST_ROWS, else the refusal), its columns and its title block. */
async function whole(env: Pick<JobEnv, 'db'>, input: WholeListInput) {
  const spec = officeList(input.list);
  const t = translator(input.locale);
  const { rows, total } = await spec.load(env.db, input.actor, input.query, { limit: MAX_LIST_ROWS + 1, offset: 0 });
  if (total > MAX_LIST_ROWS || rows.length > MAX_LIST_ROWS) throw tooMany(total);
  const today = input.today ?? todayInVietnam();
  const heading: ListHeading = {
    ward: input.wardName,
    title: t(spec.title),
    filter: await filterWords(spec, env, input, t),
    dated: `${placeOf(input.wardName)}, ${formatLongDate(today)}`,
    count: t('list.count', { n: formatNumber(rows.length) }),
  };
  return { spec, t, rows, heading, columns: spec.columns(t, input.query) };
}

const tooMany = (n: number) => new AppError(422, 'list.tooMany', { n: formatNumber(n), max: formatNumber(MAX_LIST_ROWS) });

/** The print view of a whole list (HTML); records the export when the list says so. */
export async function renderListPrint(env: Pick<JobEnv, 'db'>, input: WholeListInput): Promise<string> {
  const { spec, t, rows, heading, columns } = await whole(env, input);
  const html = renderHtml(<ListPrintPage t={t} locale={input.locale} heading={heading} columns={columns} rows={rows} back={input.url.replace(/\/print(?=\?|$)/, '')} printedAt={formatDateTime(input.now ?? new Date().toISOString())} />);
  if (spec.recordExport) await spec.recordExport(env.db, input.actor, rows, `GET ${input.url}`);
  return html;
}

/** The Excel file of a whole list (.xlsx bytes); records the export when the list says so. */
export async function renderListXlsx(env: Pick<JobEnv, 'db'>, input: WholeListInput): Promise<Uint8Array> {
  const { spec, t, rows, heading, columns } = await whole(env, input);
  const bytes = await listWorkbook({ sheet: spec.sheet, heading, columns, rows, t, landscape: spec.landscape !== false });
  if (spec.recordExport) await spec.recordExport(env.db, input.actor, rows, `GET ${input.url}`);
  return bytes;
}

registerJobs({ 'lists.print': renderListPrint, 'lists.xlsx': renderListXlsx });

declare module '../workers/jobs.ts' {
  interface HeavyJobs {
    'lists.print': typeof renderListPrint;
    'lists.xlsx': typeof renderListXlsx;
  }
}

/**
 * Registers `<path>/print` and `<path>.xlsx` of `spec` on `plain` (its query schema declared, the
 * page's roles). A list longer than MAX_LIST_ROWS answers 422 with the message, before any heavy
 * work; one longer than HEAVY_LIST_ROWS is built on the worker pool (503 + Retry-After when full).
 */
export function officeListRoutes(plain: FastifyInstance, spec: AnyOfficeList): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const opts = { config: { access: spec.access }, schema: { querystring: spec.query } };
  const prepare = async (req: { url: string; query: unknown; locale: Locale; auth: { ward: { name: string } | null } }, actor: Actor): Promise<{ input: WholeListInput; heavy: boolean }> => {
    const query = req.query as ListQueryBase;
    const { total } = await spec.load(db, actor, query, { limit: 1, offset: 0 });
    if (total > MAX_LIST_ROWS) throw tooMany(total);
    const path = req.url.split('?')[0] ?? spec.path;
    return { input: { list: spec.name, actor, query, locale: req.locale, wardName: req.auth.ward?.name ?? '', url: `${path}${wholeListQuery(req.url)}` }, heavy: total > HEAVY_LIST_ROWS };
  };
  app.get(`${spec.path}/print`, opts, async (req, reply) => {
    const { input, heavy } = await prepare(req, actorOf(req));
    const html = heavy ? await runHeavy(reply, 'lists.print', input) : await renderListPrint({ db }, input);
    return reply.type('text/html; charset=utf-8').send(html);
  });
  app.get(`${spec.path}.xlsx`, opts, async (req, reply) => {
    const { input, heavy } = await prepare(req, actorOf(req));
    const bytes = heavy ? await runHeavy(reply, 'lists.xlsx', input) : await renderListXlsx({ db }, input);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="${spec.file}-${(input.today ?? todayInVietnam()).replaceAll('-', '')}.xlsx"`);
    return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
