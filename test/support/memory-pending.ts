/** The pending OAuth attempt kept in memory (the background keeps it in storage.session), with a peek for tests. */
import type { PendingAuth, PendingStore } from '../../lib/auth/oauth';

export function memoryPending(): PendingStore & { peek(): PendingAuth | null } {
  let value: PendingAuth | null = null;
  return {
    get: async () => value,
    set: async (next: PendingAuth | null) => {
      value = next;
    },
    peek: () => value,
  };
}
