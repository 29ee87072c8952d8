// `roviec backup` and `roviec restore` for SQLite: the database and the files folder, taken while
// the server runs and writes continue, restored only into an empty target. docs/DESIGN.md D31.
// PostgreSQL: pg_dump / pg_restore (README "Sao lưu").
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UsageError } from './args.ts';

/** Inside a backup folder: the database file and the copy of ROVIEC_FILES. */
export const BACKUP_DB = 'roviec.sqlite';
export const BACKUP_FILES = 'files';

/** The file path of a `sqlite:` DATABASE_URL. */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.replace(/^sqlite:/, ''));
}

/**
 * Copies every file under `from` that `to` lacks (stored files are never overwritten in place:
 * store.ts writes new names with flag 'wx', so an existing name has the same bytes). Returns the
 * number of files copied. A file removed while the walk runs is skipped.
 */
function copyMissing(from: string, to: string): number {
  let n = 0;
  if (!fs.existsSync(from)) return 0;
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      n += copyMissing(src, dst);
    } else if (e.isFile() && !fs.existsSync(dst)) {
      try {
        fs.copyFileSync(src, dst, fs.constants.COPYFILE_EXCL);
        n++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  return n;
}

/**
 * Backs up a running SQLite database and its files folder into the new folder `out`
 * (`out/roviec.sqlite`, `out/files/…`); `out` must not exist.
 *
 * The database copy is SQLite's online backup API on a read-only connection, the rest of the pages
 * in one step after the first, so the copy is one consistent snapshot even while another process
 * writes (a write between steps makes SQLite restart the copy). Files: copied once before and once
 * after the snapshot (the second pass adds only new names). A file is written before the
 * transaction that records it and removed only after the one that forgets it, so every file the
 * snapshot names is in the folder (the one gap: a file both added after the first pass and
 * removed before the second). The copy is checked with `PRAGMA integrity_check`.
 */
export async function backupSqlite(databaseUrl: string, filesDir: string, out: string): Promise<{ pages: number; files: number }> {
  const dbFile = sqlitePath(databaseUrl);
  if (!fs.existsSync(dbFile)) throw new UsageError(`Không có CSDL SQLite tại ${dbFile}`);
  if (fs.existsSync(out)) throw new UsageError(`Đã có ${out}: chọn một thư mục sao lưu mới`);
  fs.mkdirSync(path.join(out, BACKUP_FILES), { recursive: true });
  let files = copyMissing(filesDir, path.join(out, BACKUP_FILES));
  const src = new Database(dbFile, { readonly: true, fileMustExist: true });
  let pages = 0;
  try {
    src.pragma('busy_timeout = 10000');
    const r = await src.backup(path.join(out, BACKUP_DB), { progress: () => 0x7fffffff });
    pages = r.totalPages;
  } finally {
    src.close();
  }
  files += copyMissing(filesDir, path.join(out, BACKUP_FILES));
  // The copy inherits WAL mode: back to a rollback journal, so the backup is one self-contained file.
  const copy = new Database(path.join(out, BACKUP_DB), { fileMustExist: true });
  try {
    copy.pragma('journal_mode = delete');
  } finally {
    copy.close();
  }
  const check = integrity(path.join(out, BACKUP_DB));
  if (check !== 'ok') throw new Error(`bản sao lưu hỏng: ${check}`);
  return { pages, files };
}

/** `PRAGMA integrity_check` of a SQLite file: 'ok' or the first problems, joined. */
export function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Whether a SQLite file is absent, zero bytes, or has no table (an "empty database"). */
function sqliteEmpty(file: string): boolean {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return true;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n === 0;
  } finally {
    db.close();
  }
}

/**
 * Restores a backup folder made by `backupSqlite` into an EMPTY target: the SQLite file of
 * `databaseUrl` must be absent or hold no table, and `filesDir` must be absent or empty; anything
 * else is refused with a UsageError and nothing is written. The backup is checked with
 * `PRAGMA integrity_check` first. The server must not run on the target while it is restored.
 * The caller migrates the restored database afterwards (a backup of an older version is brought
 * up to date).
 */
export function restoreSqlite(from: string, databaseUrl: string, filesDir: string): { files: number } {
  const srcDb = path.join(from, BACKUP_DB);
  if (!fs.existsSync(srcDb)) throw new UsageError(`Không phải thư mục sao lưu của roviec (thiếu ${BACKUP_DB}): ${from}`);
  const target = sqlitePath(databaseUrl);
  if (!sqliteEmpty(target)) throw new UsageError(`CSDL đích không trống: ${target}. Chỉ khôi phục vào CSDL mới (xóa hoặc đổi DATABASE_URL).`);
  if (fs.existsSync(filesDir) && fs.readdirSync(filesDir).length > 0) throw new UsageError(`Thư mục tệp đích không trống: ${filesDir}. Chỉ khôi phục vào thư mục mới (đổi ROVIEC_FILES).`);
  const check = integrity(srcDb);
  if (check !== 'ok') throw new UsageError(`Bản sao lưu hỏng (integrity_check: ${check})`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(target + suffix, { force: true });
  const tmp = `${target}.restoring`;
  fs.copyFileSync(srcDb, tmp);
  fs.renameSync(tmp, target);
  fs.mkdirSync(filesDir, { recursive: true });
  const files = copyMissing(path.join(from, BACKUP_FILES), filesDir);
  return { files };
}
