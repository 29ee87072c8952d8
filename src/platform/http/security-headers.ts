// The security headers of every answer (helmet: CSP, frame, referrer, MIME sniffing…), docs/DESIGN.md
// D68, D79. They depend on the configuration only, never on the request (no nonce, no per-path
// policy), so helmet runs once, against a response that only records what it is told, and every
// request gets the recorded headers in one call (`reply.headers`): running helmet's twelve
// middlewares per request, each setting a header through Node's validating `setHeader`, was a tenth
// of a cached article page's CPU. A route may still replace one (`reply.header`), as before.
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../config.ts';

/** helmet's middleware as configured for RõViệc (D27, D68): the one place its options live. */
export function helmetFor(config: Pick<Config, 'cookieSecure'>): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.cookieSecure,
  });
}

/**
 * The headers helmet sets for `config`, in its order (name as helmet spells it → value), recorded
 * once. Throws if helmet does anything but set and remove headers, or fails: then they could depend
 * on the request and must not be recorded.
 */
export function securityHeadersFor(config: Pick<Config, 'cookieSecure'>): Record<string, string> {
  const headers: Record<string, string> = {};
  let finished = false;
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new Error(`security headers: ${name} is not one string`);
      headers[name] = value;
      return res;
    },
    removeHeader(name: string) {
      delete headers[name];
    },
  };
  const req = { method: 'GET', url: '/', headers: {} };
  helmetFor(config)(req as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    finished = true;
  });
  if (!finished) throw new Error('security headers: helmet did not finish at once');
  return headers;
}
