// Rendered files (Word, PDF) kept by what they were made from, and rendering one at a time.
//
// A document is rendered from data that changes rarely and is downloaded often (a roll-up, the
// minutes of a meeting): the bytes are cached under a SHA-256 of everything that goes into them
// (the caller builds the key from its full input, so a change to any input is a new key and stale
// bytes are never served). The cache is per process and bounded in bytes (least recently used
// out first); it is a cache of derived output, not state: another instance simply renders again.
// Rendering is CPU-bound and allocates heavily (the `docx` library builds the whole XML tree), so
// renders run one at a time per process: ten concurrent downloads take turns instead of holding
// ten trees in memory at once, and identical concurrent requests share one render.
import { createHash } from 'node:crypto';

/** Most bytes kept (32 MB: hundreds of typical reports). */
export const RENDER_CACHE_BYTES = 32 * 1024 * 1024;

const entries = new Map<string, Buffer>();
let bytes = 0;
const inFlight = new Map<string, Promise<Buffer>>();
let queue: Promise<unknown> = Promise.resolve();

/** The cache key of a render input: SHA-256 over its JSON (with a kind such as 'docx' or 'pdf'). */
export function renderKey(kind: string, input: unknown): string {
  return createHash('sha256').update(kind).update('\0').update(JSON.stringify(input)).digest('hex');
}

function remember(key: string, value: Buffer): void {
  if (value.length > RENDER_CACHE_BYTES / 4) return;
  entries.set(key, value);
  bytes += value.length;
  for (const [k, v] of entries) {
    if (bytes <= RENDER_CACHE_BYTES) break;
    entries.delete(k);
    bytes -= v.length;
  }
}

/**
 * The bytes for `key`: from the cache (refreshing its place), from a render of the same key already
 * running, or from `render()` run after the renders queued before it. A failed render is not cached.
 */
export function cachedRender(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
    return Promise.resolve(hit);
  }
  const running = inFlight.get(key);
  if (running) return running;
  const p = queue.then(render, render).then((out) => {
    remember(key, out);
    return out;
  });
  const settled = p.finally(() => inFlight.delete(key));
  inFlight.set(key, settled);
  queue = settled.catch(() => undefined);
  return settled;
}

/** Empties the cache (tests). */
export function clearRenderCache(): void {
  entries.clear();
  bytes = 0;
}

/** What the cache holds now: entries and bytes. */
export function renderCacheStats(): { entries: number; bytes: number } {
  return { entries: entries.size, bytes };
}
