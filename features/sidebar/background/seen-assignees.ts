/**
 * User ids this session has seen as assignees (contact owners, task assignees), per location: the contract has
 * no users endpoint, so these are the only people the task form can offer besides the owner and "Me". Bounded,
 * most recently seen first; ids the write routes would refuse are never offered.
 */

export const MAX_ASSIGNEES = 50;

/** The id shape the background's write routes accept (routes.ts `ID`). */
const SENDABLE_ID = /^[\w.:-]{1,128}$/;

export function createSeenAssignees(max = MAX_ASSIGNEES) {
  const byLocation = new Map<string, Set<string>>();
  return {
    note(locationId: string, ids: Iterable<string | null | undefined>) {
      let set = byLocation.get(locationId);
      for (const id of ids) {
        if (!id || !SENDABLE_ID.test(id)) continue;
        set ??= new Set();
        // A Set keeps insertion order: re-adding moves an id to the most recent end.
        set.delete(id);
        set.add(id);
        while (set.size > max) set.delete(set.values().next().value as string);
      }
      if (set) byLocation.set(locationId, set);
    },
    list(locationId: string): string[] {
      return [...(byLocation.get(locationId) ?? [])].reverse();
    },
    forget(locationId: string) {
      byLocation.delete(locationId);
    },
  };
}
