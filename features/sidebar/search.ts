/**
 * A search over HighLevel by hand, as the sidebar's frame runs it: the text the agent types, asked for once they
 * pause (300 ms), never for fewer than 2 characters, and one question at a time — a query typed while one is out
 * waits for its answer, and only the latest is then asked. An answer for a query the box no longer holds is
 * dropped. The background adds its own bounds (one search per tab, answers kept briefly, the rate limiter).
 */
import { signal } from '@preact/signals';
import type { SiteId } from '../../lib/host-page/sites/types';
import { type ErrorView, settle } from '../../lib/messaging/reply';
import { sendMessage } from './messenger';
import type { ContactView } from './protocol';

export const MIN_QUERY = 2;
export const DEBOUNCE_MS = 300;

export type SearchState =
  /** Nothing typed (or cleared). */
  | { state: 'idle' }
  /** Fewer than MIN_QUERY characters: nothing is asked. */
  | { state: 'short' }
  | { state: 'loading'; query: string }
  | { state: 'ready'; query: string; contacts: ContactView[]; exact: boolean }
  | { state: 'error'; query: string; error: ErrorView };

export function createContactSearch(
  site: SiteId,
  send: typeof sendMessage = sendMessage,
  debounceMs = DEBOUNCE_MS,
) {
  const text = signal('');
  const result = signal<SearchState>({ state: 'idle' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  /** The query to ask once the one in flight answers. */
  let queued: string | null = null;
  let disposed = false;

  const wanted = () => text.value.trim();

  async function ask(query: string) {
    if (inFlight) {
      queued = query;
      return;
    }
    inFlight = true;
    result.value = { state: 'loading', query };
    const reply = await settle(send('contact.find', { site, query }));
    inFlight = false;
    if (disposed) return;
    const next = queued;
    queued = null;
    const current = wanted();
    if (next !== null && next === current && next !== query) {
      void ask(next);
      return;
    }
    // The box says something else now (cleared, shortened): this answer is not for it.
    if (current !== query) return;
    result.value = reply.ok
      ? { state: 'ready', query, contacts: reply.value.contacts, exact: reply.value.exact }
      : { state: 'error', query, error: reply.error };
  }

  function cancelTimer() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  return {
    text,
    result,
    /** The agent typed: asked for once they pause. */
    input(value: string) {
      text.value = value;
      cancelTimer();
      const query = wanted();
      if (query.length === 0) {
        queued = null;
        result.value = { state: 'idle' };
        return;
      }
      if (query.length < MIN_QUERY) {
        queued = null;
        result.value = { state: 'short' };
        return;
      }
      const shown = result.value;
      if ((shown.state === 'ready' || shown.state === 'loading') && shown.query === query) return;
      timer = setTimeout(() => {
        timer = undefined;
        void ask(query);
      }, debounceMs);
    },
    /** Asks now what the box holds (Enter before the pause, Retry). */
    now() {
      cancelTimer();
      const query = wanted();
      if (query.length >= MIN_QUERY) void ask(query);
    },
    clear() {
      cancelTimer();
      queued = null;
      text.value = '';
      result.value = { state: 'idle' };
    },
    dispose() {
      disposed = true;
      cancelTimer();
    },
  };
}

export type ContactSearch = ReturnType<typeof createContactSearch>;
