// Bytes on disk: `ROVIEC_FILES/<area>/<ward>/<name>`, written before the database transaction
// that records them and removed again if it fails. No database access here. docs/DESIGN.md D12.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where a feature keeps its files: `area` (e.g. `portal`; omitted = the ward's work register at the top) and the ward. */
export interface FilePlace {
  area?: string;
  wardId: string;
}

/** One file to write: a chosen `name` (must be unique, e.g. from a fresh row id), or a random name with `ext`. */
export interface FileToStore {
  data: Buffer;
  name?: string;
  ext?: string;
}

/** A written file: its storage key (relative to ROVIEC_FILES, `/`-separated), size in bytes and SHA-256 (hex). */
export interface StoredBytes {
  key: string;
  size: number;
  sha256: string;
}

/** Files written and not yet known to be recorded: `discard()` removes them (idempotent). */
export interface Staged {
  files: StoredBytes[];
  discard(): Promise<void>;
}

function keyOf(place: FilePlace, name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new Error(`unsafe stored file name ${JSON.stringify(name)}`);
  return [place.area, place.wardId, name].filter(Boolean).join('/');
}

/**
 * The absolute path of a storage key, or null when the key would leave `filesDir` (a key read
 * back from the database is checked again before use).
 */
export function storedPath(filesDir: string, key: string): string | null {
  const root = path.resolve(filesDir);
  const full = path.resolve(root, key);
  return full.startsWith(root + path.sep) ? full : null;
}

/**
 * Writes `files` under `filesDir/<area>/<ward>/` (never overwriting: a name that exists is an
 * error), before the caller's transaction. If a write fails, what was written is removed and the
 * error is thrown. Random names are 32 hex characters (128 bits) plus `.<ext>`.
 */
export async function stageFiles(filesDir: string, place: FilePlace, files: FileToStore[]): Promise<Staged> {
  const written: StoredBytes[] = [];
  const discard = async () => {
    await removeStored(filesDir, written.map((w) => w.key));
  };
  try {
    for (const f of files) {
      const key = keyOf(place, f.name ?? `${crypto.randomBytes(16).toString('hex')}.${f.ext ?? 'bin'}`);
      const full = storedPath(filesDir, key);
      if (!full) throw new Error(`stored file outside ${filesDir}`);
      await fs.mkdir(path.dirname(full), { recursive: true });
      await fs.writeFile(full, f.data, { flag: 'wx' });
      written.push({ key, size: f.data.length, sha256: crypto.createHash('sha256').update(f.data).digest('hex') });
    }
  } catch (e) {
    await discard();
    throw e;
  }
  return { files: written, discard };
}

/**
 * Runs `record` (the caller's transaction that records the staged files); if it throws, the
 * staged bytes are removed and the error rethrown.
 */
export async function keepIfRecorded<T>(staged: Staged | null, record: () => Promise<T>): Promise<T> {
  try {
    return await record();
  } catch (e) {
    await staged?.discard();
    throw e;
  }
}

/** Removes stored files by key (after the transaction that forgot them committed); missing files are fine. */
export async function removeStored(filesDir: string, keys: string[]): Promise<void> {
  await Promise.all(
    keys.map(async (key) => {
      const full = storedPath(filesDir, key);
      if (full) await fs.rm(full, { force: true });
    }),
  );
}
