/**
 * The given roots and every node below them in a parent-linked list (units, organizations).
 * `nodes` is the whole forest as `{ id, parent }`; returns a new set holding the roots too.
 * Runs in O(depth × nodes), fine for a ward's few hundred rows.
 */
export function closureBelow(nodes: readonly { id: string; parent: string | null }[], roots: readonly string[]): Set<string> {
  const out = new Set<string>(roots);
  let grew = roots.length > 0;
  while (grew) {
    grew = false;
    for (const n of nodes) {
      if (n.parent && out.has(n.parent) && !out.has(n.id)) {
        out.add(n.id);
        grew = true;
      }
    }
  }
  return out;
}
