import { ROLES, type Role } from '../auth/roles.ts';
import type { RouteRule } from './security.ts';

/** Whether a rule lets a caller with these roles through (null = not signed in). */
export function allows(rule: RouteRule, roles: Role | null): boolean {
  if (rule.access === 'public') return true;
  if (roles === null) return false;
  if (rule.access === 'auth') return true;
  // An admin grant above the ward: none of the ward roles of the table (D35).
  if (rule.access === 'province-admin') return false;
  return rule.access.includes(roles);
}

export function sortedRules(rules: RouteRule[]): RouteRule[] {
  return [...rules].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
}

/** The route × role table of docs/ROUTES.md, generated from the routes' own access rules. */
export function routeTableMarkdown(rules: RouteRule[]): string {
  const head = ['Method', 'Path', 'anonymous', ...ROLES];
  const lines = [
    '# Route × role table',
    '',
    'Generated from each route\'s `config.access` by `npm run docs:routes`; `test/access.test.ts`',
    'fails when this file is out of date and walks every route as every role to check it.',
    '✓ = allowed, · = refused (403, or 401 / redirect to /login when not signed in).',
    'Object-level rules (an organization head only in its own organization) are enforced in services and tested per feature.',
    'Routes refused to every ward role here are open to an `admin` granted at a province, city or district (`province-admin`, D35).',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
  ];
  for (const r of sortedRules(rules)) {
    const cells = [null, ...ROLES].map((role) => (allows(r, role) ? '✓' : '·'));
    lines.push(`| ${r.method} | \`${r.url}\` | ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
