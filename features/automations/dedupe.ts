/**
 * Idempotence of automation writes. Every write carries a dedupe key the outbox honours (same key: the entry
 * already queued is returned, nothing new is sent), built from the rule, the host record, the action's place
 * in the rule, a hash of what the event said, and a revision number. The same event seen twice (a reload, two
 * tabs, a retry) hashes alike and keeps its revision, so it maps to the same keys: one contact, one task. A
 * real change (other content) opens a new revision, so X → Y → X writes three times, as it should.
 */
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import type { AutomationEvent } from './model.ts';

/** cyrb53: a fast 53-bit string hash. Not cryptographic: it only needs to tell contents apart. */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const clean = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');

/** What the event says, normalised so that cosmetic differences (case of an email, spaces) do not count. */
export function contentHash(event: AutomationEvent): string {
  if (event.type === 'business.updated') {
    return hash53(
      JSON.stringify(['business', clean(event.business.id), clean(event.business.name).toLowerCase()]),
    );
  }
  const page = event.contact;
  const fields = [
    page.hostRecordId,
    clean(page.name),
    clean(page.firstName),
    clean(page.lastName),
    clean(page.email).toLowerCase(),
    (page.phone ?? '').replace(/\D/g, ''),
    clean(page.companyName),
  ];
  if (event.type === 'task.created') {
    fields.push(clean(event.task.title), clean(event.task.dueDate), clean(event.task.description));
  }
  return hash53(JSON.stringify(fields));
}

export interface DedupeParts {
  ruleId: string;
  site: SiteId;
  hostRecordId: string;
  actionIndex: number;
  /** Which of the action's writes (an upsert then its tags). */
  opIndex: number;
  hash: string;
  revision: number;
}

export function dedupeKey(parts: DedupeParts): string {
  return [
    'auto1',
    parts.ruleId,
    parts.site,
    parts.hostRecordId,
    `${parts.actionIndex}.${parts.opIndex}`,
    parts.hash,
    parts.revision,
  ].join(':');
}

export interface Revision {
  hash: string;
  revision: number;
  at: number;
}

/**
 * The revision this event belongs to, given the last one recorded for the same rule and record. Identical
 * content is the same event — except for tasks, where an agent may well create the same task again later:
 * identical task events count as one only within `repeatWindowMs`.
 */
export function nextRevision(
  previous: Revision | undefined,
  hash: string,
  now: number,
  repeatWindowMs: number | null,
): Revision {
  if (!previous) return { hash, revision: 1, at: now };
  const same = previous.hash === hash && (repeatWindowMs === null || now - previous.at <= repeatWindowMs);
  return same
    ? { hash, revision: previous.revision, at: previous.at }
    : { hash, revision: previous.revision + 1, at: now };
}
