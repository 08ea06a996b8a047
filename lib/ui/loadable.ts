import type { ErrorView } from '../messaging/reply';

/** Something a view waits for: not asked yet, on its way (with what was shown before), there, or failed. */
export type Loadable<T> =
  | { state: 'idle' }
  | { state: 'loading'; previous?: T }
  /** `stale`: served from cache past its freshness (the sidebar's sections mark it and ask again). */
  | { state: 'ready'; value: T; stale?: boolean }
  | { state: 'error'; error: ErrorView };
