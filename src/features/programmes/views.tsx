// The programme pages, one file per page family (docs/DESIGN.md D11): this file only gathers them.
export { ApprovalBadge, ScheduleCss, StatusBadge } from './views/common.tsx';
export { ProgrammeListPage } from './views/list.tsx';
export { ProgrammeFormPage } from './views/programme-form.tsx';
export { ProgrammePage, TaskTable, VersionPage } from './views/programme.tsx';
export { TaskFormPage, type TaskFormProps } from './views/task-form.tsx';
export { ProgressForm, TaskPage } from './views/task.tsx';
