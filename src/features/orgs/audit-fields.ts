// The words of organizations' fields in the audit log (D60): the labels of the organization form,
// values as its pages show them; a body's term of office (body_term.create, written by the
// documents room under the organization) too. Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';

registerAuditFields('organization', {
  unit_id: null, // the ward itself
  parent_id: { label: 'org.parent', kind: 'org' },
  kind: { label: 'org.kind', values: (v) => `org.kind.${v}` },
  name: 'org.name',
  short_name: 'org.shortName',
  higher_body: 'org.higherBody',
  sort_order: 'org.sortOrder',
  valid_from: 'org.validFrom',
  valid_to: 'org.validTo',
  // A term of office (nhiệm kỳ) of the body.
  org_id: null,
  // A relation to another organization (org.relate).
  related_org_id: { label: 'org.relation.other', kind: 'org' },
  relation: { label: 'org.relation.kind', values: (v) => `org.relation.${v}` },
  start_on: 'audit.field.from',
  end_on: 'audit.field.to',
});
