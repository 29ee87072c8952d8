import type { Role } from '../../platform/auth/roles.ts';

// Route rules of programmes, tasks and the schedule. Object-level rules are in service.ts:
// an organization head edits its organization's programme and tasks (and its branches'); a member
// reports progress on tasks it owns or of its organization; the Standing Committee approves.
export const PROG_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head', 'member'];
export const PROG_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];
export const APPROVERS: readonly Role[] = ['admin', 'standing'];
export const PROGRESS_WRITERS: readonly Role[] = ['admin', 'office', 'org_head', 'member'];
export const BOARD_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head'];
export const SOURCE_READERS: readonly Role[] = PROG_READERS;
export const SOURCE_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];
