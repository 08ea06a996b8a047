import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  answers,
  appointmentSchema,
  contactDisplayName,
  contactSchema,
  issuePath,
  normalizeDate,
} from './schemas.ts';

describe('normalizeDate', () => {
  it('reads HighLevel’s zone-less "YYYY-MM-DD hh:mm:ss" as an ISO local date-time', () => {
    expect(normalizeDate('2021-07-16 11:00:00')).toBe('2021-07-16T11:00:00');
    expect(normalizeDate('2021-07-16 11:00')).toBe('2021-07-16T11:00:00');
  });

  it('reads ISO with an offset or Z as the same instant in UTC', () => {
    expect(normalizeDate('2021-07-16T11:00:00-04:00')).toBe('2021-07-16T15:00:00.000Z');
    expect(normalizeDate('2021-07-08T02:30:00.000Z')).toBe('2021-07-08T02:30:00.000Z');
    expect(normalizeDate('2021-07-16T11:00:00+0200')).toBe('2021-07-16T09:00:00.000Z');
  });

  it('keeps plain dates and accepts epoch milliseconds', () => {
    expect(normalizeDate('1990-09-25')).toBe('1990-09-25');
    expect(normalizeDate(1_603_870_249_758)).toBe('2020-10-28T07:30:49.758Z');
  });

  it('refuses impossible or unreadable dates', () => {
    expect(normalizeDate('2021-02-30 10:00:00')).toBeNull();
    expect(normalizeDate('next tuesday')).toBeNull();
    expect(normalizeDate('2021-13-01')).toBeNull();
  });
});

describe('contactSchema', () => {
  it('keeps fields the spec omits and reads null as absent', () => {
    const contact = v.parse(contactSchema, {
      id: 'c1',
      email: null,
      tags: null,
      createdBy: { source: 'INTEGRATION' },
      additionalPhones: ['+34600000000'],
      dateAdded: '2021-07-16 11:00:00',
    });
    expect(contact.email).toBeUndefined();
    expect(contact.tags).toEqual([]);
    expect(contact.createdBy).toEqual({ source: 'INTEGRATION' });
    expect(contact.additionalPhones).toEqual(['+34600000000']);
    expect(contact.dateAdded).toBe('2021-07-16T11:00:00');
  });

  it('accepts custom field values of any type, as {id, value}', () => {
    const contact = v.parse(contactSchema, {
      id: 'c1',
      customFields: [
        { id: 'f1', value: 'text' },
        { id: 'f2', value: 42 },
        { id: 'f3', value: ['a', 'b'] },
      ],
    });
    expect(contact.customFields.map((field) => field.value)).toEqual(['text', 42, ['a', 'b']]);
  });

  it('points at the offending field when something is wrong', () => {
    const result = v.safeParse(answers.contact, { contact: { id: 'c1', dateUpdated: 'soon' } });
    expect(result.success).toBe(false);
    if (!result.success) expect(issuePath(result.issues)).toBe('contact.dateUpdated');
    const missing = v.safeParse(answers.tasks, { tasks: [{ id: 't1' }, { title: 'no id' }] });
    if (!missing.success) expect(issuePath(missing.issues)).toBe('tasks.1.id');
    expect(missing.success).toBe(false);
  });
});

describe('answers', () => {
  it('reads both appointment time formats found in real answers', () => {
    const parsed = v.parse(answers.appointments, {
      events: [
        { id: 'a1', startTime: '2021-07-16 11:00:00', endTime: '2021-07-16 12:00:00' },
        { id: 'a2', startTime: '2021-07-16T11:00:00+02:00', endTime: '2021-07-16T12:00:00+02:00' },
      ],
    });
    expect(parsed.events.map((event) => event.startTime)).toEqual([
      '2021-07-16T11:00:00',
      '2021-07-16T09:00:00.000Z',
    ]);
  });

  it('reads the misspelled "succeded" of delete answers', () => {
    expect(v.parse(answers.deleted, { succeded: true }).succeded).toBe(true);
  });

  it('defaults a task’s title and completion when HighLevel leaves them out', () => {
    expect(v.parse(answers.task, { task: { id: 't1' } }).task).toMatchObject({ title: '', completed: false });
  });

  it('tolerates empty-string dates on appointments', () => {
    expect(v.parse(appointmentSchema, { id: 'a1', endTime: '' }).endTime).toBeUndefined();
  });
});

describe('contactDisplayName', () => {
  it('prefers the full name, then first and last name, then email', () => {
    const base = v.parse(contactSchema, { id: 'c1', firstName: 'Ana', lastName: 'García', email: 'a@b.co' });
    expect(contactDisplayName(base)).toBe('Ana García');
    expect(contactDisplayName({ ...base, name: 'Ana G.' })).toBe('Ana G.');
    expect(contactDisplayName({ ...base, firstName: undefined, lastName: undefined })).toBe('a@b.co');
  });
});
