/**
 * The durable write outbox. A write is stored in IndexedDB before enqueue resolves, then sent in the background:
 * per contact strictly in enqueue order, different contacts in parallel (bounded), each try claimed in the
 * database first so two contexts never send the same entry, and every retry bounded in count and in age.
 *
 * Never twice: an entry is marked `sending` (and, just before the request leaves, `sent`) in a durable
 * transaction. When the answer is lost — timeout, dropped connection, 5xx, or the worker killed mid-flight — a
 * create is not sent again blindly: HighLevel is first asked whether the record exists (verify.ts). Updates, tag
 * changes, completions and upserts leave the same state however often they arrive, so they are simply resent;
 * a delete that finds nothing has done its job.
 *
 * Decisions worth knowing:
 * - `auth.expired` and `not.connected` wait (pending) instead of failing: the user reconnecting is the fix, and
 *   the write should then go out without being redone. They look again every `authWaitMs`, and `nudge()` sends
 *   them at once; like offline waits, they are bounded by age only, since nothing reached HighLevel.
 * - A failed entry does not hold back later entries of its contact: failing is final until someone retries it,
 *   and a retry takes a new place at the end of the order (it is a new decision to write).
 * - `contact.create` answered 400 "duplicate" with `meta.contactId`: after an attempt whose answer was lost, a
 *   contact that was not there before our first send (not in the baseline) is the one that attempt created, so
 *   the entry is saved with it. Otherwise the entry fails and `duplicateOf` names the existing contact.
 * - A 2xx whose body could not be read (`response.invalid`) means the write happened: updates count as saved;
 *   creates are looked up at once, and fail (still marked ambiguous) when the record cannot be found.
 */

import { isApiError } from '../api/errors.ts';
import type { CallOptions } from '../api/types.ts';
import type { ErrorView } from '../messaging/reply.ts';
import {
  afterAbandoned,
  beforeSend,
  decideFailure,
  type RetryBounds,
  waitsForUser,
} from './failure-policy.ts';
import { type Lookup, laneHeads, laneOf, refState, resolvedContact } from './lanes.ts';
import {
  contactIdOf,
  createsRecord,
  invalidOp,
  makesContact,
  type OutboxClient,
  perform,
  refOf,
  type WriteResult,
} from './operations.ts';
import { type RetentionBounds, toPrune } from './retention.ts';
import {
  activeEntries,
  type Claim,
  compact,
  type Database,
  nextSeq,
  OUTBOX_DB_NAME,
  openOutboxDb,
  type StoredEntry,
  toPublic,
  writeTx,
} from './store.ts';
import type { EnqueueMeta, EntryStatus, Outbox, OutboxEntry, OutboxFilter, WriteOp } from './types.ts';
import { findCreated, removeCopies, snapshot } from './verify.ts';

/** The retry bounds (failure-policy.ts), the retention bounds (retention.ts), and how entries are sent. */
export interface OutboxPolicy extends RetryBounds, RetentionBounds {
  /** Entries sent at the same time (never two of one contact). */
  concurrency: number;
  /** How long other contexts honour a claim to send, when Web Locks are unavailable. */
  leaseMs: number;
}

export const DEFAULT_POLICY: OutboxPolicy = {
  concurrency: 4,
  maxAttempts: 6,
  maxAgeMs: 24 * 60 * 60_000,
  baseDelayMs: 5_000,
  maxDelayMs: 10 * 60_000,
  authWaitMs: 15 * 60_000,
  settleMs: 5_000,
  leaseMs: 5 * 60_000,
  retentionMs: 7 * 24 * 60 * 60_000,
  maxKept: 500,
};

/** The part of the Web Locks API the outbox uses (navigator.locks in the extension). */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { mode: 'exclusive' },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

export interface OutboxOptions {
  client: OutboxClient;
  /** IndexedDB database name; tests use a fresh one each. */
  dbName?: string;
  now?: () => number;
  /** Source of backoff jitter. */
  random?: () => number;
  /** Told the next time something is due, so the background can set an alarm that wakes the worker. */
  scheduleWake?: (at: number) => void;
  policy?: Partial<OutboxPolicy>;
  /** Web Locks; navigator.locks when present. null: rely on the database claim and its lease alone. */
  locks?: LockManagerLike | null;
  /** Start a drain right away, picking up whatever a previous worker left (default true). */
  autoStart?: boolean;
  /** Unexpected failures (a broken database): for diagnostics. Never carries a token. */
  onError?: (error: unknown) => void;
}

export interface OutboxService extends Outbox {
  /** The network or the connection is back: entries waiting for it are due now. Resolves after draining. */
  nudge(): Promise<void>;
  /** Stops timers and closes the database once the current drain has finished. */
  close(): Promise<void>;
}

/** A misuse of the outbox (unknown id, a state that does not allow the action, an op that cannot be stored). */
export class OutboxError extends Error {
  readonly code: 'not.found' | 'state' | 'invalid' | 'closed';
  constructor(code: OutboxError['code'], message: string) {
    super(message);
    this.name = 'OutboxError';
    this.code = code;
  }
}

const PRUNE_EVERY_MS = 60 * 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

function toErrorView(error: unknown): ErrorView {
  if (!isApiError(error)) return { kind: 'internal' };
  const { kind, status, traceId, scope, messages, daily, retryAt, path } = error;
  return compact({ kind, status, traceId, scope, messages, daily, retryAt, path });
}

type Change = Partial<StoredEntry> & { status: EntryStatus };

export function createOutbox(options: OutboxOptions): OutboxService {
  const { client } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const policy: OutboxPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const dbName = options.dbName ?? OUTBOX_DB_NAME;
  const locks =
    options.locks === undefined
      ? ((globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks ?? null)
      : options.locks;
  const onError = options.onError ?? (() => undefined);
  const listeners = new Set<(entry: OutboxEntry) => void>();
  /** Sends in progress in this context, by entry id. */
  const inflight = new Map<string, Promise<void>>();

  let opening: Promise<Database> | undefined;
  let closed = false;
  let running: Promise<void> | undefined;
  let requested = false;
  let poke: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let prunedAt = Number.NEGATIVE_INFINITY;

  function database(): Promise<Database> {
    // Sends still running when close() was called may finish; nothing new starts.
    if (closed && !opening) return Promise.reject(new OutboxError('closed', 'The outbox is closed'));
    opening ??= openOutboxDb(dbName).then((db) => {
      // The browser may close the connection (storage cleared): the next call opens it again.
      db.addEventListener('close', () => {
        opening = undefined;
      });
      return db;
    });
    opening.catch(() => {
      opening = undefined;
    });
    return opening;
  }

  function notify(entry: StoredEntry): void {
    const view = toPublic(entry);
    for (const listener of listeners) {
      try {
        listener(view);
      } catch (error) {
        onError(error);
      }
    }
  }

  function kick(): void {
    drain().catch(onError);
  }

  // ---- enqueue and the caller's actions ----

  function ensureOpen(): void {
    if (closed) throw new OutboxError('closed', 'The outbox is closed');
  }

  async function enqueue(op: WriteOp, meta: EnqueueMeta): Promise<OutboxEntry> {
    ensureOpen();
    const problem = invalidOp(op);
    if (problem) throw new OutboxError('invalid', `Cannot enqueue: ${problem}`);
    if (!meta || !['sidebar', 'automation'].includes(meta.origin?.kind)) {
      throw new OutboxError('invalid', 'Cannot enqueue: origin.kind must be sidebar or automation');
    }
    // A copy, so the caller changing its object later cannot change what was stored; also proves it clonable.
    const stored = structuredClone({ op, origin: meta.origin });
    const db = await database();
    const tx = writeTx(db);
    const abort = async (error: OutboxError): Promise<never> => {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw error;
    };
    if (meta.dedupeKey !== undefined) {
      const existing = await tx.store.index('dedupeKey').get(meta.dedupeKey);
      if (existing) {
        await tx.done;
        return toPublic(existing);
      }
    }
    const ref = refOf(stored.op);
    if (ref) {
      const target = await tx.store.get(ref);
      if (!target || !makesContact(target.op) || target.op.locationId !== stored.op.locationId) {
        return abort(
          new OutboxError(
            'invalid',
            'Cannot enqueue: fromEntry must name a contact create or upsert of this location',
          ),
        );
      }
    }
    const at = now();
    const entry: StoredEntry = compact({
      id: crypto.randomUUID(),
      op: stored.op,
      status: 'pending' as const,
      origin: stored.origin,
      dedupeKey: meta.dedupeKey,
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      nextAttemptAt: at,
      seq: await nextSeq(tx),
      since: at,
      failures: 0,
    });
    await tx.store.add(entry);
    await tx.done;
    notify(entry);
    kick();
    return toPublic(entry);
  }

  async function get(id: string): Promise<OutboxEntry | null> {
    const entry = await (await database()).get('entries', id);
    return entry ? toPublic(entry) : null;
  }

  async function list(filter: OutboxFilter = {}): Promise<OutboxEntry[]> {
    const all = await (await database()).getAllFromIndex('entries', 'seq');
    const byId = new Map(all.map((entry) => [entry.id, entry]));
    const lookup: Lookup = (id) => byId.get(id);
    return all
      .filter((entry) => !filter.status || filter.status.includes(entry.status))
      .filter((entry) => !filter.locationId || entry.op.locationId === filter.locationId)
      .filter((entry) => !filter.contactId || contactOf(entry, lookup) === filter.contactId)
      .map(toPublic);
  }

  function contactOf(entry: StoredEntry, lookup: Lookup): string | undefined {
    return resolvedContact(entry, lookup) ?? entry.result?.contactId;
  }

  async function retry(id: string): Promise<OutboxEntry> {
    ensureOpen();
    const db = await database();
    const tx = writeTx(db);
    const entry = await tx.store.get(id);
    if (!entry) {
      await tx.done;
      throw new OutboxError('not.found', 'No such outbox entry');
    }
    const at = now();
    const changed: StoredEntry[] = [];
    if (entry.status === 'failed') {
      changed.push(revive(entry, at, await nextSeq(tx)));
      await tx.store.put(changed[0] as StoredEntry);
      // Entries that failed only because this one did come back with it, after it in order.
      const failed = await tx.store.index('status').getAll('failed');
      const dependents = failed.filter((other) => other.blockedBy === id).sort((a, b) => a.seq - b.seq);
      for (const dependent of dependents) {
        const revived = revive(dependent, at, await nextSeq(tx));
        await tx.store.put(revived);
        changed.push(revived);
      }
    } else if (entry.status === 'pending' && (entry.nextAttemptAt ?? 0) > at) {
      const due = { ...entry, nextAttemptAt: at, updatedAt: at };
      await tx.store.put(due);
      changed.push(due);
    }
    await tx.done;
    for (const item of changed) notify(item);
    if (changed.length > 0) kick();
    return toPublic(changed[0] ?? entry);
  }

  function revive(entry: StoredEntry, at: number, seq: number): StoredEntry {
    const { error: _error, blockedBy: _blockedBy, duplicateOf: _duplicateOf, claim: _claim, ...rest } = entry;
    return compact({
      ...rest,
      status: 'pending' as const,
      attempts: 0,
      failures: 0,
      since: at,
      updatedAt: at,
      nextAttemptAt: at,
      seq,
      // Whoever retries a create that cannot be looked up has been told it may exist: their retry sends it.
      ambiguous: entry.baseline === null ? undefined : entry.ambiguous,
    });
  }

  async function discard(id: string): Promise<OutboxEntry> {
    ensureOpen();
    const db = await database();
    const tx = writeTx(db);
    const entry = await tx.store.get(id);
    if (!entry) {
      await tx.done;
      throw new OutboxError('not.found', 'No such outbox entry');
    }
    if (entry.status === 'discarded') {
      await tx.done;
      return toPublic(entry);
    }
    if (entry.status !== 'pending' && entry.status !== 'failed') {
      await tx.done;
      throw new OutboxError('state', `Cannot discard an entry that is ${entry.status}`);
    }
    const { nextAttemptAt: _next, claim: _claim, ...rest } = entry;
    const discarded: StoredEntry = { ...rest, status: 'discarded', updatedAt: now() };
    await tx.store.put(discarded);
    await tx.done;
    notify(discarded);
    // Its dependents fail and its lane moves on.
    kick();
    return toPublic(discarded);
  }

  function subscribe(listener: (entry: OutboxEntry) => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }

  async function nudge(): Promise<void> {
    ensureOpen();
    const db = await database();
    const tx = writeTx(db);
    const at = now();
    const woken: StoredEntry[] = [];
    for (const entry of await tx.store.index('status').getAll('pending')) {
      if ((entry.nextAttemptAt ?? 0) > at && waitsForUser(entry.error?.kind)) {
        const due = { ...entry, nextAttemptAt: at, updatedAt: at };
        await tx.store.put(due);
        woken.push(due);
      }
    }
    await tx.done;
    for (const entry of woken) notify(entry);
    await drain();
  }

  // ---- draining ----

  function drain(): Promise<void> {
    if (closed) return Promise.resolve();
    requested = true;
    poke?.();
    if (!running) {
      running = (async () => {
        try {
          do {
            requested = false;
            await withLock(pass);
          } while (requested && !closed);
        } finally {
          running = undefined;
        }
      })();
    }
    return running;
  }

  function withLock(work: () => Promise<void>): Promise<void> {
    if (!locks) return work();
    return locks.request(`${dbName}:drain`, { mode: 'exclusive' }, () => work());
  }

  /** Starts what is due, waits for a send to finish or a new request, again, until nothing is in flight. */
  async function pass(): Promise<void> {
    try {
      for (;;) {
        if (closed) break;
        requested = false;
        const nextWake = await scanAndStart();
        if (inflight.size === 0) {
          if (requested) continue;
          if (now() - prunedAt >= PRUNE_EVERY_MS) {
            prunedAt = now();
            await prune();
          }
          if (requested) continue;
          scheduleNext(nextWake);
          break;
        }
        const woken = new Promise<void>((resolve) => {
          poke = resolve;
        });
        await Promise.race([...inflight.values(), woken]);
        poke = undefined;
      }
    } finally {
      // The lock is let go only after this context's sends end (closing, or a failed scan): while it is held,
      // no other context may take them for abandoned.
      await Promise.all(inflight.values());
    }
  }

  /** One look at the database: recover abandoned sends, fail broken chains, claim and start what is due. */
  async function scanAndStart(): Promise<number | undefined> {
    const db = await database();
    const at = now();
    const active = await activeEntries(db.transaction('entries').store);
    const known = new Map(active.map((entry) => [entry.id, entry]));
    const lookup = await withRefs(known, (id) => db.get('entries', id));

    let changed = false;
    for (const entry of active) {
      if (entry.status === 'sending' && !inflight.has(entry.id) && abandoned(entry, at)) {
        changed = (await recoverAbandoned(entry.id, entry.claim?.token)) || changed;
      } else if (entry.status === 'pending' && refState(entry, lookup) === 'broken') {
        changed = (await failBroken(entry.id)) || changed;
      }
    }
    // What changed moves lanes: look again from the top (each change takes an entry out of this state).
    if (changed) return scanAndStart();

    let nextWake: number | undefined;
    const later = (time: number) => {
      nextWake = nextWake === undefined ? time : Math.min(nextWake, time);
    };
    for (const entry of active) {
      if (entry.status === 'sending' && !inflight.has(entry.id) && entry.claim) later(entry.claim.until);
    }
    const heads = [...laneHeads(active, lookup).values()].sort((a, b) => a.seq - b.seq);
    for (const head of heads) {
      if (inflight.has(head.id)) continue;
      const due = head.nextAttemptAt ?? 0;
      if (due > at) {
        later(due);
        continue;
      }
      if (inflight.size >= policy.concurrency) break;
      const claimed = await claim(head.id);
      if (claimed) start(claimed);
    }
    return nextWake;
  }

  /** Adds to `known` every entry a ContactRef of theirs points to. */
  async function withRefs(
    known: Map<string, StoredEntry>,
    load: (id: string) => Promise<StoredEntry | undefined>,
  ): Promise<Lookup> {
    for (const entry of [...known.values()]) {
      const ref = refOf(entry.op);
      if (ref && !known.has(ref)) {
        const target = await load(ref);
        if (target) known.set(ref, target);
      }
    }
    return (id) => known.get(id);
  }

  /** A claim whose sender is gone: with the lock held nobody else can be sending; without it, the lease ran out. */
  function abandoned(entry: StoredEntry, at: number): boolean {
    return locks !== null || !entry.claim || entry.claim.until <= at;
  }

  async function recoverAbandoned(id: string, token: string | undefined): Promise<boolean> {
    const db = await database();
    const tx = writeTx(db);
    const entry = await tx.store.get(id);
    if (entry?.status !== 'sending' || entry.claim?.token !== token) {
      await tx.done;
      return false;
    }
    const at = now();
    const { ambiguous, nextAttemptAt } = afterAbandoned(entry, at, policy.settleMs);
    const { claim: _claim, ...rest } = entry;
    const recovered: StoredEntry = compact({
      ...rest,
      status: 'pending' as const,
      updatedAt: at,
      ambiguous: ambiguous || undefined,
      nextAttemptAt,
    });
    await tx.store.put(recovered);
    await tx.done;
    notify(recovered);
    return true;
  }

  async function failBroken(id: string): Promise<boolean> {
    const db = await database();
    const tx = writeTx(db);
    const entry = await tx.store.get(id);
    const ref = entry ? refOf(entry.op) : undefined;
    if (!entry || !ref || entry.status !== 'pending') {
      await tx.done;
      return false;
    }
    const target = await tx.store.get(ref);
    const lookup: Lookup = (key) => (key === ref ? target : undefined);
    if (refState(entry, lookup) !== 'broken') {
      await tx.done;
      return false;
    }
    const { nextAttemptAt: _next, ...rest } = entry;
    const failed: StoredEntry = {
      ...rest,
      status: 'failed',
      updatedAt: now(),
      blockedBy: ref,
      error: target?.error ?? { kind: target?.status === 'saved' ? 'response.invalid' : 'not.found' },
    };
    await tx.store.put(failed);
    await tx.done;
    notify(failed);
    return true;
  }

  /**
   * pending → sending, only if it is still pending, due, and the head of its lane: checked in one readwrite
   * transaction, which IndexedDB runs one at a time per store, so of two contexts exactly one wins.
   */
  async function claim(id: string): Promise<StoredEntry | null> {
    const db = await database();
    const tx = writeTx(db);
    const at = now();
    const entry = await tx.store.get(id);
    if (entry?.status !== 'pending' || (entry.nextAttemptAt ?? 0) > at) {
      await tx.done;
      return null;
    }
    const active = await activeEntries(tx.store);
    const known = new Map(active.map((item) => [item.id, item]));
    const lookup = await withRefs(known, (key) => tx.store.get(key));
    const state = refState(entry, lookup);
    if (
      laneHeads(active, lookup).get(laneOf(entry, lookup))?.id !== id ||
      (state !== 'none' && state !== 'ready')
    ) {
      await tx.done;
      return null;
    }
    const claimed: StoredEntry = {
      ...entry,
      status: 'sending',
      attempts: entry.attempts + 1,
      updatedAt: at,
      claim: { token: crypto.randomUUID(), at, until: at + policy.leaseMs, sent: false },
    };
    await tx.store.put(claimed);
    await tx.done;
    notify(claimed);
    return claimed;
  }

  function start(entry: StoredEntry): void {
    const task = attempt(entry)
      .catch(onError)
      .finally(() => {
        inflight.delete(entry.id);
      });
    inflight.set(entry.id, task);
  }

  /** Applies a change to an entry this context has claimed; false when the claim was lost meanwhile. */
  async function settle(
    id: string,
    token: string,
    change: (entry: StoredEntry) => StoredEntry,
  ): Promise<StoredEntry | null> {
    const db = await database();
    const tx = writeTx(db);
    const entry = await tx.store.get(id);
    if (entry?.status !== 'sending' || entry.claim?.token !== token) {
      await tx.done;
      return null;
    }
    const next = compact(change(entry));
    await tx.store.put(next);
    await tx.done;
    if (next.status !== 'sending') notify(next);
    return next;
  }

  function finish(entry: StoredEntry, token: string, change: Change): Promise<StoredEntry | null> {
    return settle(entry.id, token, (current) => {
      const { claim: _claim, ...rest } = current;
      return { ...rest, updatedAt: now(), ...change };
    });
  }

  async function saved(
    entry: StoredEntry,
    token: string,
    result: WriteResult,
    forget: boolean,
  ): Promise<void> {
    const done = await finish(entry, token, {
      status: 'saved',
      result,
      error: undefined,
      nextAttemptAt: undefined,
      ambiguous: undefined,
      blockedBy: undefined,
      duplicateOf: undefined,
    });
    // The client patches its cache on the writes it made; an outcome found any other way invalidates it.
    if (done && forget && result.contactId) {
      await client.forgetContact(entry.op.locationId, result.contactId).catch(onError);
    }
  }

  async function attempt(entry: StoredEntry): Promise<void> {
    const token = (entry.claim as Claim).token;
    const { op } = entry;
    const call: CallOptions = {
      retry: false,
      priority: entry.origin.kind === 'sidebar' ? 'interactive' : 'background',
    };
    let contactId = contactIdOf(op);
    const ref = refOf(op);
    if (ref) {
      const target = await (await database()).get('entries', ref);
      contactId = target?.status === 'saved' ? target.result?.contactId : undefined;
      if (!contactId) {
        // The claim checked this; should the target have changed since, the entry waits for the next look.
        await finish(entry, token, { status: 'pending', attempts: entry.attempts - 1 });
        return;
      }
    }
    const creates = createsRecord(op);
    let baseline = entry.baseline;
    let sent = false;
    try {
      const check = beforeSend(entry);
      if (check === 'verify') {
        const found = await findCreated(client, op, contactId, baseline ?? [], call);
        if (found !== null && found !== 'unknown') {
          await saved(entry, token, found, true);
          const kept = found.taskId ?? found.noteId;
          if (kept)
            await removeCopies(client, op, contactId, baseline ?? [], kept, call).catch((error) =>
              options.onError?.(error),
            );
          return;
        }
      } else if (check === 'ask') {
        await finish(entry, token, { status: 'failed', nextAttemptAt: undefined });
        return;
      }
      if (creates && baseline === undefined) baseline = await snapshot(client, op, contactId, call);
      const marked = await settle(entry.id, token, (current) => ({
        ...current,
        baseline,
        claim: { ...(current.claim as Claim), sent: true, until: now() + policy.leaseMs },
      }));
      if (!marked) return;
      sent = true;
      const result = await perform(client, op, contactId, call);
      await saved(entry, token, result, false);
      const kept = result.taskId ?? result.noteId;
      if (creates && baseline && kept) {
        await removeCopies(client, op, contactId, baseline, kept, call).catch((error) =>
          options.onError?.(error),
        );
      }
    } catch (error) {
      await failure({ ...entry, baseline }, token, contactId, error, sent, call);
    }
  }

  /** What a failed attempt leaves (decided by failure-policy.ts): saved after all, a later try, a wait, or failed. */
  async function failure(
    entry: StoredEntry,
    token: string,
    contactId: string | undefined,
    error: unknown,
    sent: boolean,
    call: CallOptions,
  ): Promise<void> {
    const decision = decideFailure({ entry, contactId, error, sent, at: now(), bounds: policy, random });
    const keep = (ambiguous: boolean, change: Change) =>
      finish(entry, token, {
        baseline: entry.baseline,
        error: toErrorView(error),
        ambiguous: ambiguous || undefined,
        ...change,
      });
    switch (decision.next) {
      case 'saved':
        await saved(entry, token, decision.result, true);
        return;
      case 'verify': {
        const found = await findCreated(client, entry.op, contactId, entry.baseline ?? [], call).catch(
          () => null,
        );
        if (found !== null && found !== 'unknown') await saved(entry, token, found, true);
        else await keep(true, { status: 'failed', nextAttemptAt: undefined });
        return;
      }
      case 'failed': {
        const { next: _next, ambiguous, ...counts } = decision;
        await keep(ambiguous, { ...counts, status: 'failed', nextAttemptAt: undefined });
        return;
      }
      default:
        await keep(decision.ambiguous, {
          status: 'pending',
          failures: decision.failures,
          nextAttemptAt: decision.at,
        });
    }
  }

  function scheduleNext(at: number | undefined): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (at === undefined || closed) return;
    options.scheduleWake?.(at);
    // The alarm wakes a sleeping worker; while this one is alive, a timer is sooner and finer.
    timer = setTimeout(kick, Math.min(MAX_TIMER_MS, Math.max(0, at - now())));
    (timer as { unref?: () => void }).unref?.();
  }

  /** Forgets what retention.ts says may go. */
  async function prune(): Promise<void> {
    const tx = writeTx(await database());
    for (const id of toPrune(await tx.store.getAll(), now(), policy)) await tx.store.delete(id);
    await tx.done;
  }

  async function close(): Promise<void> {
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    poke?.();
    await running?.catch(() => undefined);
    const db = await opening?.catch(() => undefined);
    db?.close();
    opening = undefined;
  }

  if (options.autoStart !== false) queueMicrotask(kick);

  return { enqueue, get, list, retry, discard, drain, subscribe, nudge, close };
}
