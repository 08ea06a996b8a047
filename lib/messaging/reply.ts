/** What every message into the background answers: a value, or an error as a value. Never a credential. */
import type { ApiErrorKind } from '../api/errors';

/** What can go wrong: anything HighLevel's client reports, plus the boundary's and the connection flow's own. */
export type ErrorKind =
  | ApiErrorKind
  | 'sender.denied'
  | 'payload.invalid'
  | 'auth.cancelled'
  | 'auth.denied'
  | 'auth.state'
  | 'auth.config'
  | 'auth.refused'
  | 'internal';

export interface ErrorView {
  kind: ErrorKind;
  /** Extra facts for the sentence: the missing scope, when the limit frees up, the server's messages… */
  scope?: string;
  retryAt?: number;
  daily?: boolean;
  messages?: string[];
  path?: string;
  status?: number;
  traceId?: string;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorView };

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fail = (error: ErrorView): Reply<never> => ({ ok: false, error });

/** Awaits a reply; a background that could not be reached (extension updated or reloaded) is a failure too. */
export async function settle<T>(promise: Promise<Reply<T>>): Promise<Reply<T>> {
  try {
    return await promise;
  } catch {
    return { ok: false, error: { kind: 'internal' } };
  }
}

/** Runs a service call; a failure `toErrorView` knows becomes an error value the UI can explain, any other throws. */
export async function attempt<T>(
  work: () => Promise<T>,
  toErrorView: (error: unknown) => ErrorView | null,
): Promise<Reply<T>> {
  try {
    return ok(await work());
  } catch (error) {
    const view = toErrorView(error);
    if (view) return fail(view);
    throw error;
  }
}
