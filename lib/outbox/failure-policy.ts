/**
 * What follows an attempt that did not end in a plain success, decided without I/O: the outbox (outbox.ts)
 * reads the entry and what the attempt returned, asks here, and stores the answer.
 *
 * - An answer that proves the write happened saves it (a delete that finds nothing, an unreadable 2xx on an
 *   update, a duplicate contact that our own lost attempt made).
 * - A create whose request may have reached HighLevel is marked ambiguous: its next attempt checks HighLevel
 *   first (`beforeSend`), and not before `settleMs`, since HighLevel's search catches up with writes late.
 * - Failed answers from HighLevel (5xx, timeouts, 429) retry with growing backoff, or at a 429's retryAt, and
 *   count against `maxAttempts`; waits on the user's side (offline, connection expired or missing, the host
 *   permission withheld) count against the age bound only, since nothing reached HighLevel.
 * - Anything else fails at once: only a person can fix it.
 */
import { type ApiErrorKind, isApiError } from '../api/errors.ts';
import { backoffDelay } from '../api/retry.ts';
import { createsRecord, isDelete, knownIds, type WriteResult } from './operations.ts';
import type { Claim, StoredEntry } from './store.ts';

/** The outbox policy's bounds on retrying (see OutboxPolicy in outbox.ts). */
export interface RetryBounds {
  /** Failed answers from HighLevel (5xx, timeouts, 429) before an entry is marked failed. */
  maxAttempts: number;
  /** From enqueue (or the last manual retry): no attempt is scheduled past this age. */
  maxAgeMs: number;
  /** First backoff step; doubles with every attempt, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** While the connection is expired or missing, how often to look again (nudge() looks at once). */
  authWaitMs: number;
  /** Least time between an ambiguous create and the check: HighLevel's search catches up with writes late. */
  settleMs: number;
}

const TRANSIENT = new Set<ApiErrorKind>(['network.offline', 'timeout', 'server', 'rate.limited']);
/** Failures where the request may have reached HighLevel and been processed. */
const MAY_HAVE_LANDED = new Set<ApiErrorKind>(['network.offline', 'timeout', 'server']);
/** Waits on the user's side of the wire: bounded by age, not by count. */
const WAITS = new Set<string>(['network.offline', 'auth.expired', 'not.connected', 'permission.missing']);

/** An entry waiting for the network or the connection, which nudge() may send at once. */
export function waitsForUser(errorKind: string | undefined): boolean {
  return errorKind !== undefined && WAITS.has(errorKind);
}

/** The entry's fields the decision reads. */
export type PolicyEntry = Pick<
  StoredEntry,
  'op' | 'attempts' | 'failures' | 'since' | 'ambiguous' | 'baseline'
>;

export interface FailureInput {
  entry: PolicyEntry;
  /** The contact the write was for, resolved (its ContactRef followed). */
  contactId: string | undefined;
  /** What the attempt threw: an ApiError, or anything else (an internal failure). */
  error: unknown;
  /** Whether the request had left (the claim was marked sent) when it failed. */
  sent: boolean;
  at: number;
  bounds: RetryBounds;
  /** Backoff jitter. */
  random: () => number;
}

/**
 * `ambiguous` is what the entry is stored with: true when a retry (by the outbox or a person) must first check
 * HighLevel for the record. `failures` is the new count of failed answers (unchanged when not counted).
 */
export type FailureDecision =
  /** The write happened after all. */
  | { next: 'saved'; result: WriteResult }
  /** A create answered 2xx with a body that could not be read: look it up now; not found → failed, ambiguous. */
  | { next: 'verify' }
  /** Failed for good, until someone retries it. */
  | { next: 'failed'; ambiguous: boolean; failures: number; duplicateOf?: string }
  /** HighLevel answered badly: counted against maxAttempts, sent again at `at`. */
  | { next: 'retry'; at: number; ambiguous: boolean; failures: number }
  /** Nothing reached HighLevel, or the user must reconnect: pending until `at`, not counted. */
  | { next: 'wait'; for: 'network' | 'connection'; at: number; ambiguous: boolean; failures: number };

export function decideFailure(input: FailureInput): FailureDecision {
  const { entry, contactId, error, sent, at, bounds } = input;
  const { op } = entry;
  const creates = createsRecord(op);
  const kind = isApiError(error) ? error.kind : undefined;
  const ambiguous = creates && (entry.ambiguous === true || (sent && (!kind || MAY_HAVE_LANDED.has(kind))));
  const { failures } = entry;

  // Answers that tell what became of a request that did reach HighLevel.
  if (sent && isApiError(error)) {
    if (isDelete(op) && error.kind === 'not.found') return { next: 'saved', result: knownIds(op, contactId) };
    if (op.kind === 'contact.create' && error.kind === 'validation' && error.existingContactId) {
      const existing = error.existingContactId;
      // Not there before our first send: the attempt whose answer was lost created it.
      const ours =
        entry.ambiguous === true && Array.isArray(entry.baseline) && !entry.baseline.includes(existing);
      if (ours) return { next: 'saved', result: { contactId: existing } };
      return { next: 'failed', ambiguous: entry.ambiguous === true, failures, duplicateOf: existing };
    }
    if (error.kind === 'response.invalid') {
      return creates ? { next: 'verify' } : { next: 'saved', result: knownIds(op, contactId) };
    }
    // HighLevel has been seen to create a contact while answering 422: a retry by hand checks first.
    if (op.kind === 'contact.create' && error.kind === 'validation') {
      return { next: 'failed', ambiguous: true, failures };
    }
  }

  // A create that may exist and cannot be looked up is left to a person (see beforeSend).
  if (ambiguous && entry.baseline === null) return { next: 'failed', ambiguous, failures };
  // The browser withholding the host permission is a wait on the user too: nothing was sent.
  if (kind === 'auth.expired' || kind === 'not.connected' || kind === 'permission.missing') {
    const next = at + bounds.authWaitMs;
    if (next > entry.since + bounds.maxAgeMs) return { next: 'failed', ambiguous, failures };
    return { next: 'wait', for: 'connection', at: next, ambiguous, failures };
  }
  if (!isApiError(error) || !TRANSIENT.has(error.kind)) return { next: 'failed', ambiguous, failures };

  const offline = error.kind === 'network.offline';
  const counted = failures + (offline ? 0 : 1);
  let next =
    error.kind === 'rate.limited' && error.retryAt !== undefined
      ? Math.max(at, error.retryAt)
      : at + backoffDelay(Math.max(1, entry.attempts), backoffOf(bounds), input.random);
  if (ambiguous) next = Math.max(next, at + bounds.settleMs);
  if (counted >= bounds.maxAttempts || next > entry.since + bounds.maxAgeMs) {
    return { next: 'failed', ambiguous, failures: counted };
  }
  return offline
    ? { next: 'wait', for: 'network', at: next, ambiguous, failures: counted }
    : { next: 'retry', at: next, ambiguous, failures: counted };
}

function backoffOf(bounds: RetryBounds) {
  return { maxRetries: bounds.maxAttempts, baseDelayMs: bounds.baseDelayMs, maxDelayMs: bounds.maxDelayMs };
}

/**
 * Before an attempt: a create whose earlier attempt may have landed is looked up first ('verify'); when it
 * cannot be looked up (no baseline), only a person can tell, so it fails ('ask'). Anything else is sent.
 */
export function beforeSend(entry: PolicyEntry): 'send' | 'verify' | 'ask' {
  if (!createsRecord(entry.op) || !entry.ambiguous) return 'send';
  return entry.baseline === null ? 'ask' : 'verify';
}

/**
 * A send whose sender is gone (the worker killed mid-flight): it goes back to pending, and a create whose
 * request may have left is marked ambiguous and checked no sooner than `settleMs` after that request.
 */
export function afterAbandoned(
  entry: PolicyEntry & { claim?: Claim },
  at: number,
  settleMs: number,
): { ambiguous: boolean; nextAttemptAt: number } {
  const { claim } = entry;
  const ambiguous = createsRecord(entry.op) && (entry.ambiguous === true || claim?.sent === true);
  return { ambiguous, nextAttemptAt: ambiguous && claim ? Math.max(at, claim.at + settleMs) : at };
}
