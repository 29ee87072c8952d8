// Links from a record to records of other rooms that point at it, without the record's room
// importing them (arrows point down): a room that links to, say, a meeting registers a provider
// for 'meeting' when its feature is registered; the meeting page asks `relatedTo` and lists what
// comes back. Example: the report requests presented at a meeting (reports → meetings), shown on
// the meeting's page (meetings does not know the reports room).
import type { Queryable } from '../db/index.ts';
import type { Actor } from './actor.ts';

/** One link to show: `group` is the heading it is listed under (already in the page's language). */
export interface RelatedLink {
  group: string;
  href: string;
  label: string;
}
export type RelatedProvider = (q: Queryable, actor: Actor, id: string, locale: string) => Promise<RelatedLink[]>;

const providers = new Map<string, RelatedProvider[]>();

/** Registers a provider of links to records of kind `kind` (e.g. 'meeting'); once per feature registration. */
export function registerRelated(kind: string, provider: RelatedProvider): void {
  const list = providers.get(kind) ?? [];
  if (!list.includes(provider)) list.push(provider);
  providers.set(kind, list);
}

/** Every registered provider's links to record `id` of `kind`, as the actor may see them, in registration order. */
export async function relatedTo(q: Queryable, actor: Actor, kind: string, id: string, locale: string): Promise<RelatedLink[]> {
  const lists = await Promise.all((providers.get(kind) ?? []).map((p) => p(q, actor, id, locale)));
  return lists.flat();
}
