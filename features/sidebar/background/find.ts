/**
 * Searching HighLevel by hand from a tab's sidebar (contact.find): which request a query needs, and the economy
 * around it. A whole email or phone number is first looked up exactly (`GET /contacts/search/duplicate`, one
 * contact or none); anything else, or an exact lookup that found nobody, is a free-text `POST /contacts/search`
 * of one small page. Each tab has at most one search in flight: a query asked meanwhile waits for it, and a
 * later one takes its place (every waiter gets the answer for the latest query, which names its query). Answers
 * are kept briefly per location and query, so typing back and forth costs nothing; the client's rate limiter
 * applies to whatever does go out.
 */
import type { FoundView } from '../protocol';

/** Results per search: enough to pick from, small enough to cost one cheap request. */
export const FIND_PAGE_SIZE = 10;
const CACHE_TTL_MS = 30_000;
const CACHE_ENTRIES = 50;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[\d\s().-]+$/;

/** The exact lookup a query asks for: a whole email, or a whole phone number (7 to 15 digits); else null. */
export function exactLookup(query: string): { email: string } | { number: string } | null {
  const text = query.trim();
  if (EMAIL.test(text)) return { email: text };
  if (!PHONE.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  return { number: `${text.startsWith('+') ? '+' : ''}${digits}` };
}

/** The same key for the same question, however it was typed. */
const cacheKey = (locationId: string, query: string) =>
  `${locationId}\u0000${query.trim().replace(/\s+/g, ' ').toLowerCase()}`;

interface Waiting {
  locationId: string;
  query: string;
  answer: (found: Promise<FoundView>) => void;
  promise: Promise<FoundView>;
}

export function createContactFinder(
  find: (locationId: string, query: string) => Promise<FoundView>,
  now: () => number = Date.now,
) {
  const cache = new Map<string, { found: FoundView; until: number }>();
  /** Per tab: the search in flight, and the one query waiting for it (the latest asked). */
  const slots = new Map<number, { running: Promise<FoundView>; waiting: Waiting | null }>();

  const cached = (locationId: string, query: string): FoundView | null => {
    const key = cacheKey(locationId, query);
    const hit = cache.get(key);
    if (!hit) return null;
    if (hit.until > now()) return { ...hit.found, query };
    cache.delete(key);
    return null;
  };

  const lookup = async (locationId: string, query: string): Promise<FoundView> => {
    const hit = cached(locationId, query);
    if (hit) return hit;
    const found = await find(locationId, query);
    const key = cacheKey(locationId, query);
    cache.delete(key);
    cache.set(key, { found, until: now() + CACHE_TTL_MS });
    for (const oldest of cache.keys()) {
      if (cache.size <= CACHE_ENTRIES) break;
      cache.delete(oldest);
    }
    return found;
  };

  const start = (tabId: number, locationId: string, query: string): Promise<FoundView> => {
    const running = lookup(locationId, query);
    slots.set(tabId, { running, waiting: null });
    const next = () => {
      const slot = slots.get(tabId);
      if (slot?.running !== running) return;
      const waiting = slot.waiting;
      if (!waiting) slots.delete(tabId);
      else waiting.answer(start(tabId, waiting.locationId, waiting.query));
    };
    running.then(next, next);
    return running;
  };

  return {
    search(tabId: number, locationId: string, query: string): Promise<FoundView> {
      const hit = cached(locationId, query);
      if (hit) return Promise.resolve(hit);
      const slot = slots.get(tabId);
      if (!slot) return start(tabId, locationId, query);
      if (slot.waiting) {
        // Still waiting: the query it will ask becomes this one; everyone waiting gets its answer.
        slot.waiting.locationId = locationId;
        slot.waiting.query = query;
        return slot.waiting.promise;
      }
      let answer: Waiting['answer'] = () => undefined;
      const promise = new Promise<FoundView>((resolve) => {
        answer = resolve;
      });
      slot.waiting = { locationId, query, answer, promise };
      return promise;
    },

    /** How many searches a tab has in flight (0 or 1) and waiting (0 or 1): for tests. */
    pending(tabId: number): number {
      const slot = slots.get(tabId);
      return slot ? 1 + (slot.waiting ? 1 : 0) : 0;
    },
  };
}
