// The words of people's, posts' and memberships' fields in the audit log (D60): the labels of the
// room's forms, values as its pages show them. Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';

const PERSONAL: Record<string, string> = { birth_date: 'person.birthDate', phone: 'person.phone', email: 'person.email' };

registerAuditFields('person', {
  full_name: 'person.fullName',
  gender: { label: 'person.gender', values: (v) => `person.gender.${v}` },
  birth_date: 'person.birthDate',
  phone: 'person.phone',
  email: 'person.email',
  unit_id: null, // the residential group: left out (its name is not at hand on this page)
  note: 'person.note',
  ended_on: 'person.endedOn',
  end_reason: 'person.endReason',
  // An export of personal details (person.export): how, which details, how many people.
  via: 'audit.field.via',
  fields: { label: 'audit.field.exported', values: (v) => PERSONAL[v] ?? v },
  ids: { label: 'audit.field.peopleCount', kind: 'count' },
});

registerAuditFields('position', {
  person_id: { label: 'person.fullName', kind: 'person' },
  org_id: { label: 'position.org', kind: 'org' },
  title: 'position.name',
  abbreviation: 'position.abbreviation',
  rank: 'position.rank',
  start_on: 'position.start',
  end_on: 'position.end',
});

registerAuditFields('membership', {
  person_id: { label: 'person.fullName', kind: 'person' },
  org_id: { label: 'membership.org', kind: 'org' },
  member_no: 'membership.no',
  start_on: 'membership.start',
  end_on: 'membership.end',
});
