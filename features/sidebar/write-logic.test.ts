import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageContact } from '../../lib/host-page/sites/types';
import { setTestLanguage } from '../../test/i18n-fake';
import type { ContactView } from './protocol';
import { contactDiff, duePreset, FIELD_LABEL, fieldsFromPage, tagMatches } from './write-logic';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
  setTestLanguage('en');
});

/** Presets are local times: each test names the agent's time zone (Node reads TZ as it changes). */
const inZone = (zone: string) => vi.stubEnv('TZ', zone);

/** Every preset's due date from one moment, by name. */
const presets = (now: Date) =>
  Object.fromEntries(['today', 'tomorrow', 'in3', 'week'].map((preset) => [preset, duePreset(preset, now)]));

describe('duePreset', () => {
  it('is today at 17:00, or 9:00 tomorrow, in three days or in a week', () => {
    inZone('UTC');
    expect(presets(new Date(2026, 4, 12, 10, 30))).toEqual({
      today: '2026-05-12T17:00:00.000Z',
      tomorrow: '2026-05-13T09:00:00.000Z',
      in3: '2026-05-15T09:00:00.000Z',
      week: '2026-05-19T09:00:00.000Z',
    });
  });

  it('runs over the end of a month, of February in a leap year and of a year', () => {
    inZone('UTC');
    expect(presets(new Date(2026, 0, 31, 10, 30))).toEqual({
      today: '2026-01-31T17:00:00.000Z',
      tomorrow: '2026-02-01T09:00:00.000Z',
      in3: '2026-02-03T09:00:00.000Z',
      week: '2026-02-07T09:00:00.000Z',
    });
    expect(presets(new Date(2026, 1, 27, 12, 30))).toMatchObject({
      tomorrow: '2026-02-28T09:00:00.000Z',
      in3: '2026-03-02T09:00:00.000Z',
    });
    expect(presets(new Date(2028, 1, 28, 12, 30))).toMatchObject({
      tomorrow: '2028-02-29T09:00:00.000Z',
      in3: '2028-03-02T09:00:00.000Z',
    });
    expect(presets(new Date(2026, 11, 31, 8, 30))).toEqual({
      today: '2026-12-31T17:00:00.000Z',
      tomorrow: '2027-01-01T09:00:00.000Z',
      in3: '2027-01-03T09:00:00.000Z',
      week: '2027-01-07T09:00:00.000Z',
    });
  });

  it('keeps the local hour across a change to or from summer time', () => {
    inZone('Europe/Madrid');
    // Summer time starts on 29 March 2026: 17:00 is UTC+1 the day before, 9:00 is UTC+2 from that day.
    expect(presets(new Date(2026, 2, 28, 10, 30))).toEqual({
      today: '2026-03-28T16:00:00.000Z',
      tomorrow: '2026-03-29T07:00:00.000Z',
      in3: '2026-03-31T07:00:00.000Z',
      week: '2026-04-04T07:00:00.000Z',
    });
    // And ends on 25 October 2026.
    expect(presets(new Date(2026, 9, 24, 12, 30))).toEqual({
      today: '2026-10-24T15:00:00.000Z',
      tomorrow: '2026-10-25T08:00:00.000Z',
      in3: '2026-10-27T08:00:00.000Z',
      week: '2026-10-31T08:00:00.000Z',
    });
    inZone('America/New_York');
    expect(presets(new Date(2026, 9, 31, 18, 30))).toEqual({
      today: '2026-10-31T21:00:00.000Z',
      tomorrow: '2026-11-01T14:00:00.000Z',
      in3: '2026-11-03T14:00:00.000Z',
      week: '2026-11-07T14:00:00.000Z',
    });
  });

  it('counts days by the local date, so late in the evening "today" is still that day, already past', () => {
    inZone('America/New_York');
    // 23:30 on 7 March in New York is already 8 March in UTC.
    const lateEvening = new Date(2026, 2, 7, 23, 30);
    expect(lateEvening.toISOString()).toBe('2026-03-08T04:30:00.000Z');
    expect(duePreset('today', lateEvening)).toBe('2026-03-07T22:00:00.000Z');
    expect(duePreset('tomorrow', lateEvening)).toBe('2026-03-08T13:00:00.000Z');
  });

  it('takes a week for any other preset, "date" without a date included', () => {
    inZone('UTC');
    const now = new Date(2026, 4, 12, 10, 30);
    expect(duePreset('date', now)).toBe('2026-05-19T09:00:00.000Z');
    expect(duePreset('', now)).toBe('2026-05-19T09:00:00.000Z');
    expect(duePreset('later', now)).toBe('2026-05-19T09:00:00.000Z');
  });

  it('counts from the clock when no moment is given', () => {
    inZone('UTC');
    vi.useFakeTimers({ now: new Date('2026-05-12T10:30:00.000Z') });
    expect(duePreset('tomorrow')).toBe('2026-05-13T09:00:00.000Z');
  });
});

describe('tagMatches', () => {
  it('offers the first eight tags the contact lacks when nothing is typed, in the order seen', () => {
    const seen = ['a', 'b', 'vip', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    expect(tagMatches(seen, '', ['vip'])).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(tagMatches(seen, '   ', ['vip'])).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(tagMatches([], '', [])).toEqual([]);
  });

  it('matches what is typed, trimmed and in any case, prefix matches first, at most eight', () => {
    expect(tagMatches(['Lead', 'old lead', 'LEADER', 'vip'], '  lEaD ', [])).toEqual([
      'Lead',
      'LEADER',
      'old lead',
    ]);
    const many = Array.from({ length: 12 }, (_, i) => `lead ${i}`);
    expect(tagMatches(many, 'lead', [])).toEqual(many.slice(0, 8));
    expect(tagMatches(['vip'], 'zzz', [])).toEqual([]);
  });

  it("leaves out the contact's tags as spelt exactly: another case is still offered", () => {
    expect(tagMatches(['vip', 'VIP'], 'vi', ['vip'])).toEqual(['VIP']);
  });
});

const page = (over: Partial<PageContact> = {}): PageContact => ({
  site: 'gleantap',
  hostRecordId: 'r1',
  ...over,
});

describe('fieldsFromPage', () => {
  it('reads the five fields, in the order the forms show them, and nothing else of the page', () => {
    const fields = fieldsFromPage(
      page({
        firstName: 'Ana',
        lastName: 'García',
        email: 'ana@example.com',
        phone: '+34 600 000 000',
        companyName: 'Acme',
        companyId: 'co1',
        name: 'Ana García',
      }),
    );
    expect(fields).toEqual({
      firstName: 'Ana',
      lastName: 'García',
      email: 'ana@example.com',
      phone: '+34 600 000 000',
      companyName: 'Acme',
    });
    expect(Object.keys(fields)).toEqual(Object.keys(FIELD_LABEL));
  });

  it('splits a full name: its first word is the first name, the words after it the last name', () => {
    expect(fieldsFromPage(page({ name: 'Ana García' }))).toEqual({ firstName: 'Ana', lastName: 'García' });
    expect(fieldsFromPage(page({ name: '  Ana   María  García López ' }))).toEqual({
      firstName: 'Ana',
      lastName: 'María García López',
    });
    expect(fieldsFromPage(page({ name: 'Ana' }))).toEqual({ firstName: 'Ana' });
  });

  it("prefers the page's own first and last name to the full name's, each on its own", () => {
    expect(fieldsFromPage(page({ name: 'Ana García', firstName: 'Anita' }))).toEqual({
      firstName: 'Anita',
      lastName: 'García',
    });
    expect(fieldsFromPage(page({ name: 'Ana García', lastName: 'García Ruiz' }))).toEqual({
      firstName: 'Ana',
      lastName: 'García Ruiz',
    });
    // An empty first name read from the page still wins over the full name's, and is then left out.
    expect(fieldsFromPage(page({ name: 'Ana García', firstName: '' }))).toEqual({ lastName: 'García' });
  });

  it('leaves out empty fields; whitespace is kept as read', () => {
    expect(fieldsFromPage(page())).toEqual({});
    expect(fieldsFromPage(page({ name: '', email: '', phone: '', companyName: '' }))).toEqual({});
    expect(fieldsFromPage(page({ name: '   ' }))).toEqual({});
    expect(fieldsFromPage(page({ email: ' ana@example.com ', phone: '  ' }))).toEqual({
      email: ' ana@example.com ',
      phone: '  ',
    });
  });
});

const contact = (over: Partial<ContactView> = {}): ContactView => ({
  id: 'c1',
  locationId: 'L1',
  name: 'Ana García',
  firstName: 'Ana',
  lastName: 'García',
  email: 'ana@example.com',
  phone: '+34 600 000 000',
  companyName: 'Acme',
  tags: [],
  customFields: [],
  ...over,
});

describe('contactDiff', () => {
  it('is empty when the page shows what HighLevel has', () => {
    expect(
      contactDiff(
        contact(),
        page({ name: 'Ana García', email: 'ana@example.com', phone: '+34 600 000 000', companyName: 'Acme' }),
      ),
    ).toEqual([]);
    expect(contactDiff(contact(), page())).toEqual([]);
  });

  it("lists each field the page shows otherwise, labelled, with HighLevel's value and the page's", () => {
    expect(
      contactDiff(
        contact({ lastName: undefined, companyName: undefined }),
        page({
          name: 'Ana García',
          email: 'ana.garcia@example.com',
          phone: '+34 611 111 111',
          companyName: 'Acme',
        }),
      ),
    ).toEqual([
      { key: 'lastName', label: 'Last name', highLevel: '', page: 'García' },
      { key: 'email', label: 'Email', highLevel: 'ana@example.com', page: 'ana.garcia@example.com' },
      { key: 'phone', label: 'Phone', highLevel: '+34 600 000 000', page: '+34 611 111 111' },
      { key: 'companyName', label: 'Company', highLevel: '', page: 'Acme' },
    ]);
  });

  it('never offers to clear a field the page does not show', () => {
    expect(contactDiff(contact(), page({ email: 'ana@example.com' }))).toEqual([]);
  });

  it('ignores case and surrounding whitespace, and in phones everything but the digits', () => {
    expect(
      contactDiff(
        contact(),
        page({
          firstName: ' ANA ',
          lastName: 'garcía',
          email: ' Ana@Example.com',
          phone: '(+34) 600-000-000',
          companyName: 'ACME ',
        }),
      ),
    ).toEqual([]);
    // Inner whitespace counts.
    expect(contactDiff(contact({ companyName: 'Acme Corp' }), page({ companyName: 'Acme  Corp' }))).toEqual([
      { key: 'companyName', label: 'Company', highLevel: 'Acme Corp', page: 'Acme  Corp' },
    ]);
  });

  it("shows the page's value as read, untrimmed, and whitespace alone as a change", () => {
    expect(contactDiff(contact(), page({ email: ' ana.g@example.com ', phone: '  ' }))).toEqual([
      { key: 'email', label: 'Email', highLevel: 'ana@example.com', page: ' ana.g@example.com ' },
      { key: 'phone', label: 'Phone', highLevel: '+34 600 000 000', page: '  ' },
    ]);
    // A phone without digits equals no phone at all.
    expect(contactDiff(contact({ phone: undefined }), page({ phone: 'n/a' }))).toEqual([]);
  });

  it('labels the fields in the language of the moment', () => {
    setTestLanguage('es');
    expect(contactDiff(contact(), page({ name: 'Eva Ruiz' })).map((d) => d.label)).toEqual([
      'Nombre',
      'Apellidos',
    ]);
  });
});
