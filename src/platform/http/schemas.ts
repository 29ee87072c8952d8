// Route schemas in zod, through fastify-type-provider-zod's model: the validator compiler parses
// params, query and body with the route's zod schema (the parsed value replaces the raw one), the
// serializer compiler shapes the answer through the response schema. Refusals keep our shape: a
// bad path parameter is a 404, a bad query or body a ValidationError with one message per field in
// the caller's language (turned into an AppError by the error handler, which knows the locale).
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import type { z } from 'zod';
import { AppError, notFound } from '../errors.ts';
import type { Locale } from '../i18n/index.ts';
import { parseInput } from '../validation.ts';
import { queryRefusal } from './query-params.ts';
import { stripControls } from '../../lib/vi/index.ts';

/** A request part that does not fit its route schema; the error handler makes it a 404 or 400. */
export class RequestSchemaError extends Error {
  readonly statusCode = 400;
  constructor(
    /** Which part: `params`, `querystring`, `body` or `headers`. */
    readonly part: string,
    readonly schema: z.ZodType,
    readonly data: unknown,
  ) {
    super(`request ${part} does not fit its schema`);
  }
}

/** Validates one request part with its zod schema; on failure, a RequestSchemaError (no message yet: no locale here). */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const r = schema.safeParse(data);
    return r.success ? { value: r.data } : { error: new RequestSchemaError(httpPart ?? 'body', schema, data) };
  };

/** Serializes an answer through its response schema: unknown keys are dropped, a misfit is a 500 (our bug). */
export const zodSerializerCompiler: FastifySerializerCompiler<z.ZodType> =
  ({ schema }) =>
  (data) =>
    JSON.stringify(schema.parse(data));

/**
 * The refusal for a request part that failed its schema: 404 for path parameters (no such
 * resource), a query word by name (query-params.ts), else the ValidationError of parseInput with
 * messages in `locale` (`forPage`: for a person on a page, not a program; see queryRefusal).
 */
export function schemaRefusal(err: RequestSchemaError, locale: Locale, forPage = false): AppError {
  if (err.part === 'params') return notFound();
  if (err.part === 'querystring') return queryRefusal(err.schema, err.data, locale, forPage);
  try {
    parseInput(err.schema, err.data ?? {}, locale);
  } catch (e) {
    return e as AppError;
  }
  return notFound();
}

// What the user typed, before a declared body schema replaced req.body with its parsed value.
const typed = new WeakMap<FastifyRequest, Record<string, unknown>>();

/** The form values as typed (for re-rendering a refused form), whether or not the body was parsed by its schema. */
export function typedValues(req: FastifyRequest): Record<string, unknown> {
  return typed.get(req) ?? ((req.body ?? {}) as Record<string, unknown>);
}

/** How deep a request body may nest (objects and arrays); no form or API body of the app comes near. */
export const MAX_BODY_DEPTH = 64;

/**
 * `v` with stripControls applied to every string in it (plain objects and arrays, copied; other
 * values as they are). Errors: AppError 400 `err.badRequest` when `v` nests deeper than
 * MAX_BODY_DEPTH (a 10 KB JSON body of 5,000 brackets overflowed the stack: a 500).
 */
export function withoutControls(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return stripControls(v);
  if (depth >= MAX_BODY_DEPTH && v && typeof v === 'object') throw new AppError(400, 'err.badRequest');
  if (Array.isArray(v)) return v.map((x) => withoutControls(x, depth + 1));
  if (v && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [stripControls(k), withoutControls(x, depth + 1)]));
  }
  return v;
}

/** Zod compilers for every route of the app, and the hook that keeps the typed form values. */
export function setupSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  app.addHook('preValidation', async (req) => {
    // The one boundary where text enters (issue 8, kind 4): every string of a parsed body loses the characters no text may hold, before any schema reads it and before a
    // refused form shows it back (a phone "0912\0345678" came back raw into the page).
    if (req.body && typeof req.body === 'object') req.body = withoutControls(req.body);
    if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) typed.set(req, req.body as Record<string, unknown>);
  });
}
