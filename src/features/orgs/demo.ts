// The demo ward's own organizations come from the 2017 template (templates.ts): the founding
// document's shape, so the template and the demo cannot drift apart. docs/DESIGN.md D37.
import { fillPattern, TEMPLATE_2017 } from './templates.ts';
import type { OrgKind } from './service.ts';

export interface DemoOrgSpec {
  key: string;
  kind: OrgKind;
  name: string;
  short_name: string;
  parentKey?: string;
  higher_body?: string;
}

/**
 * The ward-level organizations of Phường Đồng Tâm in the demo (src/demo/seed.ts): template 2017
 * (without the Hội Nông dân) as the founding document names them, "… phường" without the ward's
 * name, their higher bodies in Quận Hai Bà Trưng.
 */
export function demoWardOrgs(): DemoOrgSpec[] {
  const vars = { ward: 'phường', district: 'quận Hai Bà Trưng', districtParty: 'Quận ủy Hai Bà Trưng', districtYouth: 'Quận đoàn Hai Bà Trưng' };
  return TEMPLATE_2017.orgs
    .filter((o) => !o.farmers)
    .map((o) => {
      const higher = o.higher ? fillPattern(o.higher, vars) : null;
      return { key: o.key, kind: o.kind, name: fillPattern(o.name, vars) ?? o.name, short_name: o.short, ...(o.parent ? { parentKey: o.parent } : {}), ...(higher ? { higher_body: higher } : {}) };
    });
}
