// A conclusion's implementation status, derived from the tasks made from it (never typed).
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { loadTasks, statusAtClose, type TaskView } from '../programmes/service.ts';
import type { ConclusionRow } from './repo.ts';

/**
 * - `not_task`: information or decision, nothing to implement;
 * - `no_tasks`: a task conclusion not yet turned into tasks;
 * - `done`: every task made from it is done (on time or late);
 * - `late`: some task is late or overdue;
 * - `not_started`: no task has started yet;
 * - `in_progress`: otherwise.
 */
export type ConclusionState = 'not_task' | 'no_tasks' | 'not_started' | 'in_progress' | 'late' | 'done';

export interface ConclusionProgress {
  conclusion: ConclusionRow;
  tasks: TaskView[];
  done: number;
  state: ConclusionState;
}

/**
 * Each conclusion with its tasks (one query for all) and derived state, as of `today`; with
 * `closeOf` ('YYYY-MM-DD'), as it stood at the close of that day instead (tasks judged by
 * `statusAtClose`: one done later counts as not yet done), for a report on a period that is over.
 */
export async function conclusionProgress(q: Queryable, actor: Pick<Actor, 'wardId'>, conclusions: readonly ConclusionRow[], today?: string, closeOf?: string): Promise<ConclusionProgress[]> {
  const loaded = conclusions.some((c) => c.kind === 'task') ? await loadTasks(q, actor, { originRefs: conclusions.map((c) => c.id) }, today) : [];
  const tasks = closeOf ? loaded.map((t) => ({ ...t, status: statusAtClose(t, closeOf) })) : loaded;
  return conclusions.map((conclusion) => {
    const mine = tasks.filter((t) => t.origin_ref === conclusion.id && !t.parent_id);
    const done = mine.filter((t) => t.status === 'done' || t.status === 'done_late').length;
    let state: ConclusionState;
    if (conclusion.kind !== 'task') state = 'not_task';
    else if (mine.length === 0) state = 'no_tasks';
    else if (done === mine.length) state = 'done';
    else if (mine.some((t) => t.status === 'late' || t.status === 'overdue')) state = 'late';
    else if (mine.every((t) => t.status === 'not_started')) state = 'not_started';
    else state = 'in_progress';
    return { conclusion, tasks: mine, done, state };
  });
}
