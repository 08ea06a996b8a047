/** The durable write outbox: what the background and the automations import. */
export type { OutboxClient, WriteResult } from './operations.ts';
export {
  createOutbox,
  DEFAULT_POLICY,
  type LockManagerLike,
  OutboxError,
  type OutboxOptions,
  type OutboxPolicy,
  type OutboxService,
} from './outbox.ts';
export { OUTBOX_DB_NAME } from './store.ts';
export type {
  ContactRef,
  EnqueueMeta,
  EntryStatus,
  Outbox,
  OutboxEntry,
  OutboxFilter,
  OutboxOrigin,
  WriteKind,
  WriteOp,
} from './types.ts';
