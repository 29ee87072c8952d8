// The JSON API under /api/v1: `apiRoute` registers a route with its access rule and zod schemas,
// parses input with our Vietnamese (or English) messages, shapes the answer through the response
// schema (unknown columns never leak), and records the route so /api/v1/openapi.json describes it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Access } from '../auth/roles.ts';
import { AppError, notFound } from '../errors.ts';
import { translate, type Locale, type MessageKey } from '../i18n/index.ts';
import { parseInput } from '../validation.ts';
import { pickLocale, SESSION_COOKIE } from './security.ts';

export const API_PREFIX = '/api/v1';
export const WARD_HEADER = 'x-roviec-ward';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiSpec<Q extends Schema = Schema, P extends Schema = Schema, B extends Schema = Schema, R extends Schema = Schema> {
  method: Method;
  /** Fastify path, `:id` style, starting with /api/v1. */
  url: string;
  access: Access;
  /** One line, a message key: the document is served in the caller's language. */
  summary: MessageKey;
  tags: string[];
  query?: Q;
  /** Path parameters; a value that does not fit is a 404 (no such resource), not a 400. */
  params?: P;
  /** JSON body; top-level nulls mean "blank" (clear an optional field), as an empty form field does. */
  body?: B;
  response?: R;
  /** Success status (default 200). */
  status?: 200 | 201;
  /** Further error statuses worth documenting, e.g. 409 for writes with a version. */
  errors?: number[];
}

export interface ApiCall<Q extends Schema, P extends Schema, B extends Schema> {
  query: Out<Q>;
  params: Out<P>;
  body: Out<B>;
  req: FastifyRequest;
  reply: FastifyReply;
}

type Handler<Q extends Schema, P extends Schema, B extends Schema, R extends Schema> = (
  call: ApiCall<Q, P, B>,
) => Promise<R extends z.ZodType ? z.input<R> : unknown>;

// The API routes of each app instance (tests run several apps in one process).
const registries = new WeakMap<FastifyInstance, ApiSpec[]>();

export function apiSpecs(app: FastifyInstance): readonly ApiSpec[] {
  return registries.get(app) ?? [];
}

/** Path parameters that are one id. */
export const IdParams = z.object({ id: z.string().uuid() });

/**
 * The version a write was based on: a JSON number (or digits). Missing says "required" (the
 * form's coercing version() would call a missing value "invalid").
 */
export const apiVersion = () => z.preprocess((v) => (v === '' ? undefined : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v), z.number().int().min(1));

/** A stored text column that holds one of these values: documented as an enum, typed as the row's string. */
export const storedEnum = (values: readonly string[]) => z.string().meta({ enum: [...values] });

/** An error answer of the API: `error` is a stable code, `message` is for people, `fields` names bad inputs. */
export const ApiError = z.object({
  error: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
});

const nullsToBlank = (body: unknown): unknown =>
  body && typeof body === 'object' && !Array.isArray(body) ? Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === null ? '' : v])) : body;

/**
 * A caller that names a ward in x-roviec-ward must be able to work there: security.ts falls back
 * to another ward of the user when it cannot, which for an API call would act somewhere the
 * caller did not ask for. Refuse instead.
 */
function assertRequestedWard(req: FastifyRequest): void {
  const asked = req.headers[WARD_HEADER];
  if (asked === undefined || !req.auth.identity) return;
  if (typeof asked !== 'string' || req.auth.ward?.id !== asked) throw new AppError(403, 'api.wardForbidden');
}

export function apiRoute<Q extends Schema = undefined, P extends Schema = undefined, B extends Schema = undefined, R extends Schema = undefined>(
  app: FastifyInstance,
  spec: ApiSpec<Q, P, B, R>,
  handler: Handler<Q, P, B, R>,
): void {
  if (!spec.url.startsWith(API_PREFIX + '/')) throw new Error(`API route outside ${API_PREFIX}: ${spec.url}`);
  const list = registries.get(app) ?? [];
  registries.set(app, list);
  list.push(spec as ApiSpec);
  app.route({
    method: spec.method,
    url: spec.url,
    config: { access: spec.access },
    // The language first, so that even errors raised before the handler (413, bad JSON) use it.
    onRequest: async (req) => {
      req.locale = pickLocale(req);
    },
    // A caller with neither a token nor a signed-in session is told 401 before the CSRF check
    // (which would otherwise answer a credential-less write with a confusing 403).
    preValidation: async (req) => {
      if (spec.access !== 'public' && !req.headers.authorization && !req.session.userId) throw new AppError(401, 'err.401');
    },
    handler: async (req, reply) => {
      if (spec.access !== 'public') assertRequestedWard(req);
      let params: unknown;
      if (spec.params) {
        const r = spec.params.safeParse(req.params);
        if (!r.success) throw notFound();
        params = r.data;
      }
      const query = spec.query ? parseInput(spec.query, req.query ?? {}, req.locale) : undefined;
      const body = spec.body ? parseInput(spec.body, nullsToBlank(req.body ?? {}), req.locale) : undefined;
      const result = await handler({ query, params, body, req, reply } as ApiCall<Q, P, B>);
      reply.code(spec.status ?? 200);
      return spec.response ? spec.response.parse(result) : result;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI 3.1 document, built from the registered routes with zod's own JSON Schema output.

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

function parametersOf(schema: z.ZodType, where: 'query' | 'path'): JsonSchema[] {
  const s = jsonSchema(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, sch]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: sch }));
}

const ERROR_TEXT: Record<number, MessageKey> = {
  400: 'api.res.400',
  401: 'api.res.401',
  403: 'api.res.403',
  404: 'api.res.404',
  409: 'api.res.409',
  413: 'api.res.413',
};

function operation(spec: ApiSpec, locale: Locale): JsonSchema {
  const t = (k: MessageKey) => translate(locale, k);
  const isPublic = spec.access === 'public';
  const write = spec.method !== 'GET';
  const parameters: JsonSchema[] = [];
  if (spec.params) parameters.push(...parametersOf(spec.params, 'path'));
  if (spec.query) parameters.push(...parametersOf(spec.query, 'query'));
  if (!isPublic) parameters.push({ name: WARD_HEADER, in: 'header', required: false, description: t('api.doc.wardHeader'), schema: { type: 'string', format: 'uuid' } });
  const errors = new Set<number>(spec.errors ?? []);
  if (spec.query || spec.body) errors.add(400);
  if (spec.body) errors.add(413);
  if (spec.params) errors.add(404);
  if (!isPublic) {
    errors.add(401);
    errors.add(403);
  }
  const ok = String(spec.status ?? 200);
  const responses: JsonSchema = {
    [ok]: {
      description: t(ok === '201' ? 'api.res.201' : 'api.res.200'),
      ...(spec.response ? { content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } } : {}),
    },
  };
  for (const status of [...errors].sort()) {
    responses[String(status)] = { description: t(ERROR_TEXT[status] ?? 'err.title'), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  const segments = spec.url
    .slice(API_PREFIX.length + 1)
    .split('/')
    .map((s) => (s.startsWith(':') ? 'By' + s.slice(1, 2).toUpperCase() + s.slice(2) : s.slice(0, 1).toUpperCase() + s.slice(1).replace(/\.json$/, 'Json')));
  return {
    operationId: spec.method.toLowerCase() + segments.join(''),
    summary: t(spec.summary),
    tags: spec.tags,
    security: isPublic ? [] : [{ bearerToken: [] }, write ? { sessionCookie: [], csrfHeader: [] } : { sessionCookie: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
    responses,
  };
}

export function openApiDocument(specs: readonly ApiSpec[], locale: Locale): JsonSchema {
  const t = (k: MessageKey) => translate(locale, k);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of specs) {
    const path = spec.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    (paths[path] ??= {})[spec.method.toLowerCase()] = operation(spec, locale);
  }
  const tags = [...new Set(specs.flatMap((s) => s.tags))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { title: t('api.doc.title'), version: '1', description: t('api.doc.description') },
    tags,
    paths,
    components: {
      schemas: { Error: jsonSchema(ApiError, 'output') },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: t('api.doc.bearer') },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: t('api.doc.cookie') },
        csrfHeader: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: t('api.doc.csrf') },
      },
    },
  };
}

/** GET /api/v1/openapi.json: call once, after every API module has registered its routes. */
export function apiDocsRoute(app: FastifyInstance): void {
  const cache = new Map<Locale, JsonSchema>();
  apiRoute(app, { method: 'GET', url: `${API_PREFIX}/openapi.json`, access: 'public', summary: 'api.openapi', tags: ['meta'] }, async ({ req }) => {
    let doc = cache.get(req.locale);
    if (!doc) {
      doc = openApiDocument(apiSpecs(app), req.locale);
      cache.set(req.locale, doc);
    }
    return doc;
  });
}
