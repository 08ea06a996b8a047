import { describe, expect, it } from 'vitest';
import { contentHash, dedupeKey, hash53, nextRevision } from './dedupe.ts';
import type { AutomationEvent } from './model.ts';

const page = {
  site: 'gestioo' as const,
  hostRecordId: '4516',
  name: 'Nora Quintana',
  email: 'Nora@Example.com',
  phone: '+34 699 887 766',
};
const updated = (over: object = {}): AutomationEvent => ({
  type: 'contact.updated',
  contact: { ...page, ...over },
});

describe('contentHash', () => {
  it('is the same for the same content, whatever the case of the email, spacing or phone format', () => {
    expect(contentHash(updated())).toBe(
      contentHash(updated({ email: 'nora@example.com', phone: '+34699887766', name: ' Nora  Quintana ' })),
    );
  });

  it('differs when a field changes, or for another record', () => {
    const base = contentHash(updated());
    expect(contentHash(updated({ companyName: 'Acme' }))).not.toBe(base);
    expect(contentHash(updated({ hostRecordId: '4517' }))).not.toBe(base);
  });

  it('includes the task of a task event and the name of a company event', () => {
    const task = (title: string): AutomationEvent => ({
      type: 'task.created',
      contact: page,
      task: { title },
    });
    expect(contentHash(task('Call'))).not.toBe(contentHash(task('Visit')));
    const company = (name: string): AutomationEvent => ({
      type: 'business.updated',
      business: { id: '7', name },
    });
    expect(contentHash(company('Acme'))).toBe(contentHash(company('ACME')));
    expect(contentHash(company('Acme'))).not.toBe(contentHash(company('Acme Ltd')));
  });
});

describe('dedupeKey', () => {
  it('names rule, site, record, action, write, content and revision', () => {
    const parts = {
      ruleId: 'r1',
      site: 'gestioo' as const,
      hostRecordId: '4516',
      actionIndex: 1,
      opIndex: 0,
      hash: 'abc',
      revision: 2,
    };
    expect(dedupeKey(parts)).toBe('auto1:r1:gestioo:4516:1.0:abc:2');
    const variants = [
      { ruleId: 'r2' },
      { site: 'gleantap' },
      { hostRecordId: '1' },
      { actionIndex: 0 },
      { opIndex: 1 },
      { hash: 'abd' },
      { revision: 3 },
    ];
    const keys = variants.map((change) => dedupeKey({ ...parts, ...change } as typeof parts));
    expect(new Set([...keys, dedupeKey(parts)]).size).toBe(variants.length + 1);
  });
});

describe('nextRevision', () => {
  it('starts at 1, keeps the revision for the same content, and moves on when the content changes', () => {
    const first = nextRevision(undefined, 'x', 100, null);
    expect(first).toEqual({ hash: 'x', revision: 1, at: 100 });
    expect(nextRevision(first, 'x', 10_000_000, null).revision).toBe(1);
    const second = nextRevision(first, 'y', 200, null);
    expect(second.revision).toBe(2);
    expect(nextRevision(second, 'x', 300, null).revision).toBe(3);
  });

  it('treats identical task events as one only within the repeat window, measured from the first sighting', () => {
    const first = nextRevision(undefined, 't', 0, 1000);
    const again = nextRevision(first, 't', 900, 1000);
    expect(again).toEqual({ hash: 't', revision: 1, at: 0 });
    expect(nextRevision(again, 't', 1500, 1000).revision).toBe(2);
  });
});

describe('hash53', () => {
  it('spreads similar inputs apart', () => {
    const hashes = new Set(Array.from({ length: 1000 }, (_, i) => hash53(`record-${i}`)));
    expect(hashes.size).toBe(1000);
  });
});
