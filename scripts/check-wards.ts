// Queries that forget their ward: every selectFrom / updateTable / deleteFrom in src/ (tests and
// migrations and the demo loaders excepted) on a table that has a `ward_id` column must name `ward_id` in its statement
// (a where, a join condition), sit inside a statement that does (a subquery of a scoped query) or be
// a correlated subquery (`whereRef` to the row of the query around it).
// A query that is right without it (a global lookup by a unique key, a table scanned on purpose,
// a row reached through a parent already scoped in the same function) says why in a comment
// `// ward-scope: <reason>` on the statement or the line above it. Prints
//   queries without ward scope: N
// with each location, and exits 1 when N > 0. docs/DESIGN.md D29.
//
//   node --import tsx scripts/check-wards.ts            # every source file under src/
//   node --import tsx scripts/check-wards.ts FILE...    # only these files (the check's own test)
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const READ_OR_WRITE = new Set(['selectFrom', 'updateTable', 'deleteFrom']);

/** Tables whose row carries `ward_id`, read from the generated src/db/types.ts (`DB` interface). */
export function wardTables(root: string): Set<string> {
  const text = fs.readFileSync(path.join(root, 'src', 'db', 'types.ts'), 'utf8');
  const sf = ts.createSourceFile('types.ts', text, ts.ScriptTarget.Latest, true);
  const withWard = new Set<string>();
  const tableOf = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isInterfaceDeclaration(st)) continue;
    for (const m of st.members) {
      if (!ts.isPropertySignature(m) || !m.name) continue;
      const name = m.name.getText(sf);
      if (st.name.text === 'DB' && m.type) tableOf.set(name, m.type.getText(sf));
      else if (name === 'ward_id') withWard.add(st.name.text);
    }
  }
  return new Set([...tableOf].filter(([, iface]) => withWard.has(iface)).map(([table]) => table));
}

export interface Finding {
  file: string;
  line: number;
  text: string;
}

/** The outermost expression of a method chain that starts at `node` (`q.selectFrom(…).where(…)…`). */
function chainTop(node: ts.Node): ts.Node {
  let cur = node;
  for (;;) {
    const p = cur.parent;
    if (p && (ts.isPropertyAccessExpression(p) && p.expression === cur)) cur = p;
    else if (p && ts.isCallExpression(p) && p.expression === cur) cur = p;
    else if (p && (ts.isAwaitExpression(p) || ts.isNonNullExpression(p) || ts.isParenthesizedExpression(p))) cur = p;
    else return cur;
  }
}

function tablesOf(call: ts.CallExpression): string[] {
  const names: string[] = [];
  const add = (e: ts.Expression) => {
    if (ts.isStringLiteralLike(e)) names.push(e.text.trim().split(' ')[0]!); // 'person as p' → 'person'
  };
  for (const a of call.arguments) {
    if (ts.isArrayLiteralExpression(a)) a.elements.forEach(add);
    else add(a);
  }
  return names;
}

/** The statement (or class member, or variable declaration) holding `node`: where a justification comment goes. */
function statementOf(node: ts.Node): ts.Node {
  let cur: ts.Node = node;
  while (cur.parent && !ts.isSourceFile(cur.parent) && !ts.isBlock(cur.parent) && !ts.isModuleBlock(cur.parent)) cur = cur.parent;
  return cur;
}

/** Query statements of `files` on ward tables that name no `ward_id` and carry no `ward-scope:` reason. */
export function findUnscopedQueries(root: string, files?: string[]): Finding[] {
  const tables = wardTables(root);
  const srcDir = path.join(root, 'src');
  const migrations = path.join(srcDir, 'db', 'migrations') + path.sep;
  // Demo loaders write the rows of the ward they have just made, by the ids they made (maintenance).
  const isDemo = (f: string) => f.startsWith(path.join(srcDir, 'demo') + path.sep) || path.basename(f) === 'demo.ts';
  const list: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') && !full.startsWith(migrations) && !isDemo(full)) list.push(full);
    }
  };
  if (files) list.push(...files.map((f) => path.resolve(f)));
  else walk(srcDir);
  const out: Finding[] = [];
  for (const file of list) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/selectFrom|updateTable|deleteFrom/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const justified = (node: ts.Node) => {
      const st = statementOf(node);
      const start = sf.getLineAndCharacterOfPosition(st.getFullStart()).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = text.split('\n').slice(Math.max(0, start - 1), end + 1).join('\n');
      return /\/\/ ward-scope: \S/.test(lines) || /\/\/ ward-scope: \S/.test(st.getFullText(sf));
    };
    // Every query statement of the file: its call, the whole chain, and whether the chain names ward_id.
    const queries: { call: ts.CallExpression; top: ts.Node; scoped: boolean }[] = [];
    const collect = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && READ_OR_WRITE.has(node.expression.name.text)) {
        const top = chainTop(node);
        const chain = top.getText(sf);
        // A correlated subquery (whereRef to the outer row) is scoped by the query it sits in.
        queries.push({ call: node, top, scoped: /\bward_id\b/.test(chain) || /\.whereRef\(/.test(chain) });
      }
      ts.forEachChild(node, collect);
    };
    collect(sf);
    const inside = (inner: ts.Node, outer: ts.Node) => outer !== inner && outer.getStart(sf) <= inner.getStart(sf) && inner.getEnd() <= outer.getEnd();
    for (const qy of queries) {
      if (qy.scoped || !tablesOf(qy.call).some((t) => tables.has(t))) continue;
      // A subquery written inside a scoped statement is scoped by it.
      if (queries.some((o) => o.scoped && inside(qy.top, o.top))) continue;
      if (justified(qy.call)) continue;
      const { line } = sf.getLineAndCharacterOfPosition(qy.call.getStart(sf));
      out.push({ file: path.relative(root, file), line: line + 1, text: qy.top.getText(sf).split('\n')[0]!.trim().slice(0, 110) });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, '..');
  const args = process.argv.slice(2);
  const found = findUnscopedQueries(root, args.length ? args : undefined);
  for (const f of found) console.log(`  ${f.file}:${f.line}  ${f.text}`);
  console.log(`queries without ward scope: ${found.length}`);
  process.exit(found.length ? 1 : 0);
}
