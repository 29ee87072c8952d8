// The words of the programmes' and tasks' fields in the audit log (D60): the labels of the
// programme and task forms, values as the pages show them. Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';

const approval = (v: string) => `approval.${v}`;

registerAuditFields('programme', {
  title: 'prog.name',
  org_id: { label: 'prog.org', kind: 'org' },
  year: 'prog.year',
  status: { label: 'prog.status', values: approval },
  source_ids: { label: 'prog.sources', kind: 'source' },
  approved_version: 'audit.field.approvedVersion',
  version_no: 'audit.field.approvedVersion',
  submitted_at: 'audit.field.submittedAt',
  decided_at: 'audit.field.decidedAt',
  decided_by: 'audit.field.decidedBy',
  decision_comment: 'prog.comment',
  task_id: null, // the task whose change amended the programme (its own row says which)
});

registerAuditFields('task', {
  title: 'task.title',
  description: 'task.description',
  programme_id: null,
  parent_id: null,
  owner_person_id: { label: 'task.owner', kind: 'person' },
  lead_org_id: { label: 'task.lead', kind: 'org' },
  coordinating_org_ids: { label: 'task.coordinating', kind: 'org' },
  source_ids: { label: 'task.sources', kind: 'source' },
  start_on: 'task.start',
  due_on: 'task.due',
  milestones: { label: 'task.milestones', kind: 'milestones' },
  result_kind: { label: 'task.resultKind', values: (v) => `task.resultKind.${v}` },
  target_value: { label: 'task.target', kind: 'number' },
  target_unit: 'task.unit',
  deliverable: 'task.deliverable',
  actual_value: { label: 'task.value', kind: 'number' },
  actual_result: 'task.actualResult',
  origin_kind: { label: 'task.origin', values: (v) => `task.origin.${v}` },
  origin_ref: null, // the meeting conclusion's id: the origin note names it
  origin_note: 'task.originNote',
  progress_percent: { label: 'task.progress', kind: 'percent' },
  progress_on: 'task.reportedOn',
  done_on: 'audit.field.doneOn',
  approval: { label: 'task.approval', values: approval },
  approved_at: 'audit.field.approvedAt',
  approved_by: 'audit.field.approvedBy',
  return_comment: 'audit.field.returnComment',
  // A progress report (task.progress): the report's own fields.
  task_id: null,
  reported_on: 'task.reportedOn',
  percent: { label: 'task.percent', kind: 'percent' },
  value: { label: 'task.value', kind: 'number' },
  user_id: null,
  actor_label: 'audit.field.reportedBy',
  files: { label: 'audit.field.evidence', kind: 'count' },
});
