// How an attendee's posts are printed in a meeting record, a document or the news article.

import { printedPost } from '../orgs/service.ts';

/**
 * The post fields printing needs; the organization's name, short name and kind (when known) make
 * the printed name say where the post is held (orgs/post-name.ts).
 */
export interface PrintPost {
  title: string;
  abbreviation: string | null;
  rank: number;
  org_id?: string;
  org_name?: string | null;
  org_short?: string | null;
  org_kind?: string | null;
}

/**
 * Frozen posts (minutes approved) with their organization's name, short name and kind as frozen,
 * or — for a record frozen before those were kept — as the organization `org_id` is known now.
 */
export function withOrgs(posts: readonly PrintPost[], orgs: ReadonlyMap<string, { name: string; short_name: string | null; kind: string }>): PrintPost[] {
  return posts.map((p) => {
    if (p.org_name || !p.org_id) return p;
    const o = orgs.get(p.org_id);
    return o ? { ...p, org_name: o.name, org_short: o.short_name, org_kind: o.kind } : p;
  });
}

/** What an approval freezes of a post: its title and abbreviation, rank, and its organization as printed that day. */
export function frozenPost(p: PrintPost & { org_id: string }): PrintPost {
  return { title: p.title, abbreviation: p.abbreviation, org_id: p.org_id, rank: p.rank, org_name: p.org_name ?? null, org_short: p.org_short ?? null, org_kind: p.org_kind ?? null };
}

const MEMBER_POST = /^(Ủy|Uỷ) viên\b/u;

/**
 * The posts a record prints, in rank order: a membership of a collective body ("Ủy viên Ban
 * Thường vụ", "Ủy viên Ban Chấp hành") is implied by a leading post and printed only when the person
 * holds no other post — as the ward's own records do ("đồng chí Dương Ngọc Dũng - Bí thư Đảng ủy,
 * Chủ tịch HĐND", not "…, Ủy viên Ban Thường vụ").
 */
export function printablePosts<P extends PrintPost>(posts: readonly P[]): P[] {
  const sorted = [...posts].sort((a, b) => a.rank - b.rank);
  const leading = sorted.filter((p) => !MEMBER_POST.test(p.title));
  return leading.length ? leading : sorted;
}

/** "Bí thư Đảng ủy, Bí thư Chi bộ TDP 2" — printed posts (each by `printedPost`) joined, abbreviated as the ward prints them when asked. */
export function postLine(posts: readonly PrintPost[], abbreviated: boolean): string {
  return printablePosts(posts)
    .map((p) => printedPost(p, abbreviated))
    .join(', ');
}
