import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../errors.ts';
import { namedQueryError } from './query-params.ts';
import { resolveMessage, translate, type MessageKey } from '../i18n/index.ts';
import { sendPage, wantsJson } from './context.ts';
import { RequestSchemaError, schemaRefusal } from './schemas.ts';
import { Layout } from '../../ui/layout.tsx';
import { isPageAddress, methodsAt, safeAddressOf } from './post-only.ts';
import { safeRedirectPath } from './redirect.ts';
import { isMultipartReadError } from './uploads.ts';

function statusKey(status: number, code?: string): { title: 'err.403.title' | 'err.404.title' | 'err.500.title' | 'err.title' | 'err.csrf.title' | 'err.401.title' } {
  // A form refused for its expired token or a session ended meanwhile is not "access denied" (fresh tester, round 6).
  if (code === 'err.csrf') return { title: 'err.csrf.title' };
  if (status === 401) return { title: 'err.401.title' };
  if (status === 403) return { title: 'err.403.title' };
  if (status === 404) return { title: 'err.404.title' };
  if (status >= 500) return { title: 'err.500.title' };
  return { title: 'err.title' };
}

/**
 * The error page of the public side (docs/DESIGN.md D65): a room that owns public pages (the
 * portal) answers an error of a request on its side in its own layout, whose `<title>` carries the
 * ward's name like every public page; it sends the page and returns true, or returns false for a
 * request not on its side (the working app, the API, the log-in page) or a host without its pages,
 * which then get the app's page.
 */
export type PublicErrorPage = (req: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string) => Promise<boolean>;
let publicErrorPage: PublicErrorPage | null = null;

/** Sets the public side's error page (called once by the portal room when it registers its routes). */
export function setPublicErrorPage(page: PublicErrorPage): void {
  publicErrorPage = page;
}

/**
 * The page a refused form was sent from: the Referer's path when it is a page of this app (only its
 * path is taken, never its host: a link on our own site), else the form's address when it is a page
 * too (a record's page, where its edit form saves), else the nearest page above it (post-only.ts
 * `safeAddressOf`); null when there is none.
 */
function formPageOf(req: FastifyRequest): string | null {
  const rules = req.server.routeRules;
  let from: string | null = null;
  try {
    const u = new URL(req.headers.referer ?? '');
    from = u.pathname + u.search;
  } catch {
    // no Referer, or not a URL: the form's address decides
  }
  if (from && isPageAddress(rules, from.split('?')[0] ?? '')) return safeRedirectPath(from, '') || null;
  const path = req.url.split('?')[0] ?? '/';
  if (isPageAddress(rules, path)) return safeRedirectPath(path, '') || null;
  return safeAddressOf(rules, path);
}

/**
 * One error page for every status: Vietnamese (or English) title and message; on the public side, the
 * portal's layout. `code` (the message's key) picks the title of a refused form: its token expired
 * (`err.csrf`: "Biểu mẫu đã hết hạn", with a link back to the form) or its session ended (401: "Cần
 * đăng nhập lại", with a link to sign in and come back to the form).
 */
export async function sendErrorPage(req: FastifyRequest, reply: FastifyReply, status: number, message: string, code?: string): Promise<FastifyReply> {
  const { title } = statusKey(status, code);
  const formPage = code === 'err.csrf' || status === 401 ? formPageOf(req) : null;
  // A boolean, not the reply: an awaited FastifyReply is a thenable that resolves to undefined once
  // sent, and the app's page was then sent a second time ("Reply was already sent").
  if (publicErrorPage && (await publicErrorPage(req, reply, status, translate(req.locale ?? 'vi', title), message))) return reply;
  return sendPage(
    req,
    reply,
    (ctx) => (
      <Layout ctx={ctx} title={ctx.t(title)}>
        <section class="error-page">
          <h1>{ctx.t(title)}</h1>
          <p>{message}</p>
          {status === 401 ? (
            <p>
              <a class="button primary" href={`/login?next=${encodeURIComponent(formPage ?? '/app')}`}>
                {ctx.t('err.signInAgain')}
              </a>
            </p>
          ) : (
            formPage && (
              <p>
                <a class="button primary" href={formPage}>
                  {ctx.t('err.backToForm')}
                </a>
              </p>
            )
          )}
          <p>
            <a href={ctx.user ? '/app' : '/'}>{ctx.t('err.home')}</a>
          </p>
        </section>
      </Layout>
    ),
    status,
  );
}

/**
 * The answer for an address no route serves with this method: a form's action opened by GET goes to
 * its page (D64); an API address with other methods is a 405 with `Allow`; else 404.
 */
async function answerNotFound(req: FastifyRequest, reply: FastifyReply) {
  const locale = req.locale ?? 'vi';
  const path = req.url.split('?')[0] ?? '/';
  // A form's action address opened by GET goes to the page it belongs to (post-only.ts, D64).
  if (req.method === 'GET' || req.method === 'HEAD') {
    const to = safeAddressOf(req.server.routeRules, path);
    if (to) return reply.redirect(to, 303);
  }
  // An API address asked with a method it does not take: 405 with the ones it does (RFC 9110 §15.5.6).
  const allow = path.startsWith('/api/') ? methodsAt(req.server.routeRules, path) : [];
  if (allow.length) return reply.code(405).header('allow', allow.join(', ')).send({ error: 'err.405', message: translate(locale, 'err.405', { method: req.method, allow: allow.join(', ') }) });
  if (wantsJson(req)) return reply.code(404).send({ error: 'not_found', message: translate(locale, 'err.404.body') });
  return sendErrorPage(req, reply, 404, translate(locale, 'err.404.body'));
}

export function setupErrors(app: FastifyInstance): void {
  app.setNotFoundHandler(answerNotFound);

  app.setErrorHandler(async (thrown: FastifyError | AppError | Error, req, reply) => {
    const locale = req.locale ?? 'vi';
    // A body the not-found route could not read (an empty JSON body with its content type, as many
    // clients send on DELETE): what matters is that no route serves the address (404/405).
    if (req.is404 && 'statusCode' in thrown && thrown.statusCode === 400) return answerNotFound(req, reply);
    // A request part that failed its route schema: 404 for path parameters, else 400 with one message per field.
    const refused = thrown instanceof RequestSchemaError ? schemaRefusal(thrown, locale, !wantsJson(req)) : isMultipartReadError(req, thrown) ? new AppError(400, 'err.badMultipart') : thrown;
    // A GET has no form to mark: what a handler refused is a word of its address, named (D63).
    const err = refused instanceof ValidationError && (req.method === 'GET' || req.method === 'HEAD') ? namedQueryError(refused, locale) : refused;
    let status = 500;
    let message = translate(locale, 'err.500.body');
    let fields: Record<string, string> | undefined;
    let code = 'internal';
    if (err instanceof AppError) {
      status = err.status;
      message = translate(locale, err.key, err.params);
      code = err.key;
      if (err.fields) fields = Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, resolveMessage(locale, v)]));
      if (status === 404) message = translate(locale, 'err.404.body');
    } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own client errors: body too large, bad JSON, unsupported media type, rate limit.
      status = err.statusCode;
      // The code is the message's key, as for our own errors (never a Fastify internal FST_ERR_*).
      // A refused CSRF token (the plugin's own 403) has the code of every other CSRF refusal.
      const empty = 'code' in err && err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
      const key: MessageKey = status === 413 ? 'err.bodyTooLarge' : status === 415 ? 'err.unsupportedMedia' : status === 429 ? 'err.429' : status === 403 ? 'err.csrf' : empty ? 'err.emptyJson' : 'err.badRequest';
      code = key;
      message = translate(locale, key);
    } else {
      req.log.error({ err }, 'unhandled error');
    }
    // A refused query says which word in `message` too: an API client has no marked form field to look at.
    if (code === 'err.queryInvalid' && fields) message = [message, ...Object.values(fields)].join(' ');
    // A program has no form to reload: it is told which header carries the token.
    if (wantsJson(req) && code === 'err.csrf') message = translate(locale, 'err.csrfApi');
    if (wantsJson(req)) return reply.code(status).send({ error: code, message, ...(fields ? { fields } : {}) });
    if (status === 401 && req.method === 'GET') return reply.redirect('/login?next=' + encodeURIComponent(req.url));
    // Here no form is drawn again (a form route answers its own refusals with the form): "check the
    // marked fields" would point at nothing, so the page says what was not saved and why (fresh tester, round 6).
    if (code === 'err.formInvalid') message = translate(locale, 'err.notSaved');
    if (fields && code !== 'err.queryInvalid') message = [message, ...Object.values(fields)].join(' ');
    return sendErrorPage(req, reply, status, message, code);
  });
}
