import { describe, expect, it } from 'vitest';
import { ApiError, type ApiErrorData } from '../api/errors.ts';
import {
  afterAbandoned,
  beforeSend,
  decideFailure,
  type FailureInput,
  type PolicyEntry,
  type RetryBounds,
  waitsForUser,
} from './failure-policy.ts';
import type { WriteOp } from './types.ts';

const BOUNDS: RetryBounds = {
  maxAttempts: 4,
  maxAgeMs: 60 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  authWaitMs: 15 * 60_000,
  settleMs: 5_000,
};
const AT = 1_000_000;

const createContact: WriteOp = { kind: 'contact.create', locationId: 'L', input: { email: 'a@example.com' } };
const createTask: WriteOp = {
  kind: 'task.create',
  locationId: 'L',
  contactId: 'C',
  input: { title: 'Call', dueDate: '2026-01-01T00:00:00.000Z' },
};
const addTags: WriteOp = { kind: 'tags.add', locationId: 'L', contactId: 'C', tags: ['x'] };
const deleteTask: WriteOp = { kind: 'task.delete', locationId: 'L', contactId: 'C', taskId: 'T' };

const apiError = (kind: ApiErrorData['kind'], extra: Partial<ApiErrorData> = {}) =>
  new ApiError({ kind, message: kind, ...extra });

function decide(
  op: WriteOp,
  error: unknown,
  extra: { entry?: Partial<PolicyEntry>; sent?: boolean; at?: number; random?: () => number } = {},
) {
  const input: FailureInput = {
    entry: { op, attempts: 1, failures: 0, since: AT, baseline: [], ...extra.entry },
    contactId: 'C',
    error,
    sent: extra.sent ?? true,
    at: extra.at ?? AT,
    bounds: BOUNDS,
    random: extra.random ?? (() => 1),
  };
  return decideFailure(input);
}

describe('decideFailure: bounded retries', () => {
  it('retries a 5xx and counts it', () => {
    expect(decide(addTags, apiError('server'))).toEqual({
      next: 'retry',
      at: AT + 1_000,
      ambiguous: false,
      failures: 1,
    });
  });

  it('fails once the failed answers reach maxAttempts, keeping the count', () => {
    const entry = { attempts: 4, failures: 3 };
    expect(decide(addTags, apiError('timeout'), { entry })).toEqual({
      next: 'failed',
      ambiguous: false,
      failures: 4,
    });
    expect(decide(addTags, apiError('timeout'), { entry: { ...entry, failures: 2 } }).next).toBe('retry');
  });

  it('fails when the next try would fall past the age bound', () => {
    const since = AT - BOUNDS.maxAgeMs + 500;
    expect(decide(addTags, apiError('server'), { entry: { since } })).toMatchObject({ next: 'failed' });
  });

  it('waits for the network without counting it, bounded by age only', () => {
    const entry = { attempts: 9, failures: 3 };
    expect(decide(addTags, apiError('network.offline'), { entry })).toEqual({
      next: 'wait',
      for: 'network',
      at: AT + 8_000,
      ambiguous: false,
      failures: 3,
    });
    const old = { ...entry, since: AT - BOUNDS.maxAgeMs };
    expect(decide(addTags, apiError('network.offline'), { entry: old })).toMatchObject({ next: 'failed' });
  });

  it('waits authWaitMs for the connection or the host permission, uncounted, and fails past the age bound', () => {
    for (const kind of ['auth.expired', 'not.connected', 'permission.missing'] as const) {
      expect(decide(addTags, apiError(kind), { entry: { failures: 2 } })).toEqual({
        next: 'wait',
        for: 'connection',
        at: AT + BOUNDS.authWaitMs,
        ambiguous: false,
        failures: 2,
      });
      const since = AT + BOUNDS.authWaitMs - BOUNDS.maxAgeMs - 1;
      expect(decide(addTags, apiError(kind), { entry: { since } })).toMatchObject({ next: 'failed' });
    }
  });
});

describe('decideFailure: backoff', () => {
  const delay = (attempts: number, random = () => 1) =>
    (decide(addTags, apiError('server'), { entry: { attempts }, random }) as { at: number }).at - AT;

  it('doubles with every attempt up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempts) => delay(attempts))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
  });

  it('draws jitter from the upper half of the step', () => {
    expect(delay(3, () => 0)).toBe(2_000);
    expect(delay(3, () => 0.5)).toBe(3_000);
  });

  it('treats a first attempt that never counted as the first step', () => {
    expect(delay(0)).toBe(1_000);
  });
});

describe('decideFailure: rate limits', () => {
  it("honours a 429's retryAt instead of the backoff", () => {
    const retryAt = AT + 42_000;
    expect(decide(addTags, apiError('rate.limited', { retryAt }))).toEqual({
      next: 'retry',
      at: retryAt,
      ambiguous: false,
      failures: 1,
    });
  });

  it('never schedules a retryAt in the past, and backs off without one', () => {
    expect(decide(addTags, apiError('rate.limited', { retryAt: AT - 10 }))).toMatchObject({ at: AT });
    expect(decide(addTags, apiError('rate.limited'))).toMatchObject({ at: AT + 1_000 });
  });

  it('fails when retryAt is past the age bound', () => {
    const retryAt = AT + BOUNDS.maxAgeMs + 1;
    expect(decide(addTags, apiError('rate.limited', { retryAt }))).toMatchObject({ next: 'failed' });
  });
});

describe('decideFailure: permanent errors', () => {
  it('fails at once, whatever the attempts so far', () => {
    for (const kind of ['validation', 'scope.missing', 'location.forbidden', 'not.found'] as const) {
      expect(decide(addTags, apiError(kind))).toEqual({ next: 'failed', ambiguous: false, failures: 0 });
    }
  });

  it('fails an internal error (not an ApiError) at once', () => {
    expect(decide(addTags, new TypeError('boom'))).toEqual({ next: 'failed', ambiguous: false, failures: 0 });
  });
});

describe('decideFailure: outcomes told by the answer', () => {
  it('saves a delete that finds nothing, with the ids it named', () => {
    expect(decide(deleteTask, apiError('not.found'))).toEqual({
      next: 'saved',
      result: { contactId: 'C', taskId: 'T' },
    });
    // Not sent: the not.found cannot be our own earlier delete's doing.
    expect(decide(deleteTask, apiError('not.found'), { sent: false }).next).toBe('failed');
  });

  it('saves an update whose 2xx could not be read, and verifies such a create', () => {
    expect(decide(addTags, apiError('response.invalid'))).toEqual({
      next: 'saved',
      result: { contactId: 'C' },
    });
    expect(decide(createTask, apiError('response.invalid'))).toEqual({ next: 'verify' });
  });

  it('saves a duplicate contact our own lost attempt created, and fails on anyone else’s', () => {
    const duplicate = apiError('validation', { existingContactId: 'X' });
    expect(decide(createContact, duplicate, { entry: { ambiguous: true, baseline: ['A'] } })).toEqual({
      next: 'saved',
      result: { contactId: 'X' },
    });
    expect(decide(createContact, duplicate, { entry: { ambiguous: true, baseline: ['X'] } })).toEqual({
      next: 'failed',
      ambiguous: true,
      failures: 0,
      duplicateOf: 'X',
    });
    expect(decide(createContact, duplicate)).toEqual({
      next: 'failed',
      ambiguous: false,
      failures: 0,
      duplicateOf: 'X',
    });
  });

  it('marks a contact create refused with 422 ambiguous, since HighLevel may have created it', () => {
    expect(decide(createContact, apiError('validation'))).toEqual({
      next: 'failed',
      ambiguous: true,
      failures: 0,
    });
  });
});

describe('an uncertain outcome goes to verification first', () => {
  it('marks a create ambiguous when the request may have landed, and gives HighLevel settleMs', () => {
    for (const kind of ['timeout', 'server', 'network.offline'] as const) {
      const decision = decide(createTask, apiError(kind), { random: () => 0 });
      expect(decision).toMatchObject({ ambiguous: true, at: AT + BOUNDS.settleMs });
      expect(
        beforeSend({ ...decision, op: createTask, attempts: 1, failures: 0, since: AT, baseline: [] }),
      ).toBe('verify');
    }
    expect(decide(createTask, new TypeError('lost'))).toMatchObject({ ambiguous: true });
  });

  it('does not when the request never left, or when the write is safe to repeat', () => {
    expect(decide(createTask, apiError('timeout'), { sent: false })).toMatchObject({ ambiguous: false });
    expect(decide(createTask, apiError('rate.limited'))).toMatchObject({ ambiguous: false });
    expect(decide(addTags, apiError('timeout'))).toMatchObject({ ambiguous: false });
  });

  it('keeps an entry ambiguous once it is, whatever the next error', () => {
    expect(decide(createTask, apiError('rate.limited'), { entry: { ambiguous: true } })).toMatchObject({
      next: 'retry',
      ambiguous: true,
    });
  });

  it('fails an ambiguous create that cannot be looked up: a person decides', () => {
    expect(decide(createTask, apiError('timeout'), { entry: { baseline: null } })).toEqual({
      next: 'failed',
      ambiguous: true,
      failures: 0,
    });
  });
});

describe('beforeSend', () => {
  const entry = (op: WriteOp, extra: Partial<PolicyEntry> = {}): PolicyEntry => ({
    op,
    attempts: 1,
    failures: 0,
    since: AT,
    ...extra,
  });

  it('sends what is not an ambiguous create', () => {
    expect(beforeSend(entry(createTask))).toBe('send');
    expect(beforeSend(entry(addTags, { ambiguous: true }))).toBe('send');
  });

  it('verifies an ambiguous create, or asks a person when it cannot be looked up', () => {
    expect(beforeSend(entry(createTask, { ambiguous: true, baseline: ['T0'] }))).toBe('verify');
    expect(beforeSend(entry(createTask, { ambiguous: true }))).toBe('verify');
    expect(beforeSend(entry(createTask, { ambiguous: true, baseline: null }))).toBe('ask');
  });
});

describe('afterAbandoned', () => {
  const claim = (sent: boolean) => ({ token: 't', at: AT - 1_000, until: AT, sent });
  const base = { attempts: 1, failures: 0, since: AT };

  it('marks a create whose request had left ambiguous, due settleMs after that request', () => {
    expect(afterAbandoned({ ...base, op: createTask, claim: claim(true) }, AT, 5_000)).toEqual({
      ambiguous: true,
      nextAttemptAt: AT + 4_000,
    });
    expect(afterAbandoned({ ...base, op: createTask, claim: claim(true) }, AT, 500)).toEqual({
      ambiguous: true,
      nextAttemptAt: AT,
    });
  });

  it('sends at once a create that never left, and a write safe to repeat', () => {
    expect(afterAbandoned({ ...base, op: createTask, claim: claim(false) }, AT, 5_000)).toEqual({
      ambiguous: false,
      nextAttemptAt: AT,
    });
    expect(afterAbandoned({ ...base, op: addTags, claim: claim(true) }, AT, 5_000)).toEqual({
      ambiguous: false,
      nextAttemptAt: AT,
    });
  });
});

describe('waitsForUser', () => {
  it('is the offline and connection waits only', () => {
    expect(
      ['network.offline', 'auth.expired', 'not.connected', 'permission.missing'].every(waitsForUser),
    ).toBe(true);
    expect(waitsForUser('server')).toBe(false);
    expect(waitsForUser(undefined)).toBe(false);
  });
});
