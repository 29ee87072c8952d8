// How an attendee's posts are printed in a meeting record, a document or the news article.

/** The post fields printing needs. */
export interface PrintPost {
  title: string;
  abbreviation: string | null;
  rank: number;
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

/** "Bí thư Đảng ủy, Chủ tịch HĐND" — printed posts joined, abbreviated as the ward prints them when asked. */
export function postLine(posts: readonly PrintPost[], abbreviated: boolean): string {
  return printablePosts(posts)
    .map((p) => (abbreviated && p.abbreviation ? p.abbreviation : p.title))
    .join(', ');
}
