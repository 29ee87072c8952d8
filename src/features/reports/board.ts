// The completeness board (issue 10, item 3): per request, each organization's state (chưa nộp,
// đang soạn, đã nộp, trả lại, đã duyệt; trễ hạn when overdue or first received late), and the
// counts and rates; per organization, the same rates across periods. Pure over loaded rows.
import type { SubmissionRow } from './repo.ts';

export type BoardState = 'pending' | 'draft' | 'submitted' | 'returned' | 'accepted';
export const BOARD_STATES: readonly BoardState[] = ['pending', 'draft', 'submitted', 'returned', 'accepted'];

export interface BoardLine {
  submission: SubmissionRow;
  state: BoardState;
  /** Not received and the due date has passed (today, Vietnam). */
  overdue: boolean;
  /** Received, first submission after the due date. */
  late: boolean;
  received: boolean;
}

export interface Rates {
  /** Reports expected: asked for and due (or received before their due date). */
  expected: number;
  /** Reports received (first submitted at least once). */
  received: number;
  /** Received on or before the due date. */
  onTime: number;
  /** received / expected, 0–1; null when nothing is expected yet. */
  reportingRate: number | null;
  /** onTime / expected, 0–1; null when nothing is expected yet. */
  onTimeRate: number | null;
}

export interface Board {
  lines: BoardLine[];
  counts: Record<BoardState, number> & { overdue: number; late: number };
  rates: Rates;
}

function rates(expected: number, received: number, onTime: number): Rates {
  return { expected, received, onTime, reportingRate: expected ? received / expected : null, onTimeRate: expected ? onTime / expected : null };
}

/**
 * The board of one request. A report is expected once its due date has passed, or as soon as it is
 * received (so an early report counts, and a report not yet due does not lower the rate).
 * `today`: 'YYYY-MM-DD' in Vietnam.
 */
export function boardOf(dueOn: string, submissions: readonly SubmissionRow[], today: string): Board {
  const counts = { pending: 0, draft: 0, submitted: 0, returned: 0, accepted: 0, overdue: 0, late: 0 };
  let expected = 0;
  let received = 0;
  let onTime = 0;
  const due = today > dueOn;
  const lines = submissions.map((s): BoardLine => {
    const state = s.status as BoardState;
    const got = s.first_submitted_at !== null;
    const line = { submission: s, state, received: got, overdue: !got && due, late: got && s.late === 1 };
    counts[state] += 1;
    if (line.overdue) counts.overdue += 1;
    if (line.late) counts.late += 1;
    if (got || due) expected += 1;
    if (got) received += 1;
    if (got && !line.late) onTime += 1;
    return line;
  });
  return { lines, counts, rates: rates(expected, received, onTime) };
}

/** Rates of each organization across the requests given (rows of every period), same rule as `boardOf`. */
export function ratesByOrg(rows: readonly { org_id: string; due_on: string; first_submitted_at: string | null; late: number }[], today: string): Map<string, Rates> {
  const acc = new Map<string, [number, number, number]>();
  for (const r of rows) {
    const got = r.first_submitted_at !== null;
    if (!got && today <= r.due_on) continue;
    const a = acc.get(r.org_id) ?? [0, 0, 0];
    a[0] += 1;
    if (got) a[1] += 1;
    if (got && r.late !== 1) a[2] += 1;
    acc.set(r.org_id, a);
  }
  return new Map([...acc].map(([org, [e, g, o]]) => [org, rates(e, g, o)]));
}
