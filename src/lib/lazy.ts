// Packages loaded on first use instead of at start-up (docs/DESIGN.md D62).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package (`id`, as for `require`) loaded the first time the returned function is
 * called, then kept. For the heavy ones only a few requests use (exceljs, sharp, heic-decode,
 * nodemailer: together about 1.5 s of CPU to load): every process that starts the app, each
 * test file among them, paid for them at start-up though most never use them. Import the
 * package's types with `import type`; errors of a missing package surface at the first call.
 */
export function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
