// The public service of programmes and tasks, re-exported from its parts so that routes, the API
// and other features import one module:
// - access.ts    who may edit, report on, approve a programme or task (object-level rules);
// - programme.ts a programme's lifecycle (create, update, submit, approve, return, amend, versions);
// - task.ts      task writes (create, sub-tasks, update, submit, approve, return);
// - progress.ts  progress posts with evidence, and the roll-up of sub-tasks into their parent;
// - load.ts      reads for pages and the API (lists, details, forms, pickers), and an
//                organization's tasks over a period for its reports (orgTasksForPeriod);
// - status.ts    pure rules (six-clear, derived status, summaries, roll-up, amended status).
export type { ProgrammeRow, TaskRow, TaskListRow, MilestoneRow, ProgressRow } from './repo.ts';
export { canApprove, mayApproveSome, mayEdit, mayReport } from './access.ts';
export { approvalScope, awaitingApproval } from './approvals.ts';
export { approveProgramme, assertTasksOpen, createProgramme, insertProgramme, returnProgramme, submitProgramme, updateProgramme } from './programme.ts';
export { approveTask, createSubtask, createTask, insertConclusionTask, insertTask, returnTask, submitTask, updateTask } from './task.ts';
export { postProgress, type ProgressPosted, type StoredFile } from './progress.ts';
export {
  checkTaskFilters,
  filterProgramme,
  defaultProgrammeYear,
  getProgramme,
  getProgrammeVersion,
  getTask,
  getTaskView,
  isProgrammeFile,
  loadTasks,
  orgTasksForPeriod,
  ownerOptions,
  personOptions,
  programmeForForm,
  programmeOrgOptions,
  listProgrammes,
  taskForForm,
  type ProgrammeDetail,
  type OrgPeriodTask,
  type ProgrammeListItem,
  type TaskDetail,
  type TaskView,
} from './load.ts';
export { missingLabel, rollUpOf, statusAtClose, summarize } from './status.ts';
export { taskPlan, type TaskPlan } from './schema.ts';
export type { TaskStatus } from './status.ts';
export { BOARD_READERS } from './access.ts';
export { STATUS_TONE } from './status.ts';
export { awaitingMyApproval, mySubmissions, myTasks, type ApprovalLine, type Bounded, type MyTaskLine, type MyTasks } from './home.ts';
