// `roviec people import` (issue 13, item 4; docs/DESIGN.md D38): the people import of the pages
// from the terminal — the same reading (import-parse.ts), the same checks and the same one
// `person.import` command (import.ts), as the system actor 'Dòng lệnh'.
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from './registry.ts';
import { withDb } from './db.ts';
import { need, opts, UsageError } from './args.ts';
import { systemActor } from '../platform/actor.ts';
import { AppError } from '../platform/errors.ts';
import { translate } from '../platform/i18n/index.ts';
import { IMPORT_LIMITS, readPeopleFile } from '../features/people/import-parse.ts';
import { formatRowError, importRows } from '../features/people/import.ts';
import '../features/people/import-messages.ts';

const HELP = `roviec people import --ward MÃ --file TỆP [--dry-run]
  Nhập danh sách người (kèm chức vụ, nơi sinh hoạt) từ tệp .xlsx hoặc .csv theo tệp mẫu
  (/app/people/import/template.xlsx) vào phường/xã có mã MÃ. Kiểm tra mọi dòng trước: có lỗi thì
  in từng lỗi (dòng, cột), không ghi gì và thoát với mã 2. Không lỗi thì ghi tất cả trong một lần
  (hoặc không ghi gì), với --dry-run chỉ kiểm tra và in số người, chức vụ, hội viên sẽ nhập.`;

/**
 * `people import`: reads `--file`, checks every row against the ward `--ward` (its unit code) and,
 * without errors and without `--dry-run`, writes them in one command. Row errors are printed to
 * stderr and end in AppError 400 `import.err.rows` (exit 2); a refused file is AppError 400 too.
 */
async function runImport(args: string[], config: Parameters<CliCommand['run']>[1]): Promise<void> {
  const v = opts(args, { ward: { type: 'string' }, file: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const code = need(v, 'ward');
  const file = need(v, 'file');
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`Không có tệp ${file}`);
  if (fs.statSync(file).size > IMPORT_LIMITS.maxBytes) throw new AppError(400, 'import.err.tooLarge', { mb: IMPORT_LIMITS.maxBytes / 1024 / 1024 });
  const rows = await readPeopleFile(fs.readFileSync(file));
  await withDb(config, async (h) => {
    // ward-scope: the ward itself, found by its unique code (the command names it)
    const ward = await h.db.selectFrom('unit').select('id').where('code', '=', code).where('is_ward', '=', 1).executeTakeFirst();
    if (!ward) throw new UsageError(`Không tìm thấy phường/xã có mã ${code}`);
    const res = await importRows(h.db, systemActor(ward.id, 'Dòng lệnh'), path.basename(file), rows, v['dry-run'] === true);
    const counts = translate('vi', 'import.counts', { ...res.counts });
    if (res.errors.length) {
      for (const e of res.errors) console.error(formatRowError('vi', e));
      throw new AppError(400, 'import.err.rows', { n: res.errors.length });
    }
    console.log(res.written ? `Đã nhập ${counts}.` : `Không có lỗi (${rows.length} dòng): sẽ nhập ${counts}. Chưa ghi gì (--dry-run).`);
  });
}

/** The people commands of `roviec`, registered in src/cli/registry.ts. */
export const PEOPLE_COMMANDS: Record<string, CliCommand> = {
  'people import': { summary: 'Nhập danh sách người từ tệp .xlsx/.csv (--dry-run: chỉ kiểm tra)', help: HELP, run: runImport },
};
