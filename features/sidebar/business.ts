/**
 * The business panel's data: the other contacts of the contact's business, fetched a page at a time as the
 * list scrolls, and searched on the server. Pages already fetched are kept until the query changes.
 */
import { signal } from '@preact/signals';
import type { SiteId } from '../../lib/host-page/sites/types';
import type { ErrorView } from '../../lib/messaging/reply';
import { sendMessage } from './messenger';
import type { BusinessRow } from './protocol';

export const PAGE_SIZE = 100;

export function createBusinessList(site: SiteId, businessId: string, send: typeof sendMessage = sendMessage) {
  const total = signal<number | null>(null);
  const error = signal<ErrorView | null>(null);
  /** Bumped whenever a page arrives, so views re-read rows. */
  const version = signal(0);
  const query = signal('');
  let pages = new Map<number, BusinessRow[] | 'loading'>();
  let generation = 0;

  async function loadPage(index: number) {
    if (pages.has(index)) return;
    pages.set(index, 'loading');
    const gen = generation;
    const q = query.value.trim();
    const reply = await send('business.contacts', {
      site,
      businessId,
      skip: index * PAGE_SIZE,
      limit: PAGE_SIZE,
      ...(q ? { query: q } : {}),
    }).catch(() => ({ ok: false as const, error: { kind: 'internal' as const } }));
    if (gen !== generation) return;
    if (!reply.ok) {
      pages.delete(index);
      error.value = reply.error;
      return;
    }
    error.value = null;
    pages.set(index, reply.value.rows);
    total.value = reply.value.total;
    version.value += 1;
  }

  return {
    total,
    error,
    version,
    query,
    /** The row at `index`, or null while its page loads (and the page is asked for). */
    row(index: number): BusinessRow | null {
      const page = pages.get(Math.floor(index / PAGE_SIZE));
      if (page === undefined) void loadPage(Math.floor(index / PAGE_SIZE));
      return Array.isArray(page) ? (page[index % PAGE_SIZE] ?? null) : null;
    },
    start: () => loadPage(0),
    search(text: string) {
      query.value = text;
      generation += 1;
      pages = new Map();
      total.value = null;
      void loadPage(0);
    },
    retry() {
      error.value = null;
      void loadPage(0);
    },
  };
}

export type BusinessList = ReturnType<typeof createBusinessList>;
