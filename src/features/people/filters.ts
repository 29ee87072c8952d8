// A list filtered by a person (`?owner=`): the person must be of the actor's ward (D81).
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { getPersonRow } from './repo.ts';

/** Passes when `id` is a person of the actor's ward; 404 otherwise (unknown, another ward's): a list filtered by it would be an empty page under a filter that does not hold. */
export async function filterPerson(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<void> {
  if (!(await getPersonRow(q, actor.wardId, id))) throw notFound();
}
