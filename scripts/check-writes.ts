// Writes outside the command runner: every insert/update/delete/replace/merge statement built in
// src/ (tests excepted) must run on a `CommandTx` (a transaction opened by runCommand) or a
// `MaintenanceTx` (runMaintenance), as the type checker sees the receiver. Prints
//   writes outside the command runner: N
// with each location, and exits 1 when N > 0.
//
//   node --import tsx scripts/check-writes.ts            # every source file under src/
//   node --import tsx scripts/check-writes.ts FILE...    # only these files (the check's own test)
import path from 'node:path';
import ts from 'typescript';

const WRITE_METHODS = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);
const WRITE_SQL = /^\s*(insert|update|delete)\b/i;
const BRANDS = ['commandBrand', 'maintenanceBrand'];

/** Whether a type (or every member of a union) carries the CommandTx or MaintenanceTx brand. */
function branded(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(branded);
  return type.getProperties().some((p) => BRANDS.some((b) => String(p.escapedName).startsWith(`__@${b}@`)));
}

export interface Finding {
  file: string;
  line: number;
  text: string;
}

/** The write statements of `files` whose receiver is not a CommandTx or MaintenanceTx. */
export function findWritesOutsideCommands(root: string, files?: string[]): Finding[] {
  const configPath = path.join(root, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, (f) => ts.sys.readFile(f)).config, ts.sys, root);
  // Migrations are maintenance by construction: migrateToLatest runs them inside runMaintenance.
  const migrations = path.join(root, 'src', 'db', 'migrations') + path.sep;
  const isSource = (f: string) => f.startsWith(path.join(root, 'src') + path.sep) && !f.startsWith(migrations) && !/\.test\.tsx?$/.test(f) && !f.endsWith('.d.ts');
  const rootNames = files ? files.map((f) => path.resolve(f)) : parsed.fileNames.filter(isSource);
  const program = ts.createProgram({ rootNames, options: parsed.options });
  const checker = program.getTypeChecker();
  const wanted = new Set(rootNames);
  const out: Finding[] = [];
  const report = (sf: ts.SourceFile, node: ts.Node) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ file: path.relative(root, sf.fileName), line: line + 1, text: node.getText(sf).split('\n')[0]!.slice(0, 100) });
  };
  for (const sf of program.getSourceFiles()) {
    if (!wanted.has(path.resolve(sf.fileName))) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && WRITE_METHODS.has(node.expression.name.text)) {
        if (!branded(checker.getTypeAtLocation(node.expression.expression))) report(sf, node);
      } else if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') {
        const head = ts.isNoSubstitutionTemplateLiteral(node.template) ? node.template.text : node.template.head.text;
        if (WRITE_SQL.test(head)) {
          // sql`…`.execute(q): q must be branded.
          const access = node.parent;
          const call = access?.parent;
          const ok = !!access && ts.isPropertyAccessExpression(access) && access.name.text === 'execute' && !!call && ts.isCallExpression(call) && !!call.arguments[0] && branded(checker.getTypeAtLocation(call.arguments[0]));
          if (!ok) report(sf, node);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const files = process.argv.slice(2);
  const found = findWritesOutsideCommands(root, files.length ? files : undefined);
  for (const f of found) console.log(`  ${f.file}:${f.line}  ${f.text}`);
  console.log(`writes outside the command runner: ${found.length}`);
  process.exit(found.length > 0 ? 1 : 0);
}
