import { describe, expect, it } from 'vitest';
import {
  apiDateTime,
  createContactBody,
  createTaskBody,
  noteBody,
  searchBody,
  tagsBody,
  updateContactBody,
  updateTaskBody,
  upsertContactBody,
} from './requests.ts';

describe('request bodies', () => {
  it('send a task’s dueDate as ISO without milliseconds and completed false by default', () => {
    const body = createTaskBody({ title: 'Call', dueDate: new Date('2024-05-01T09:30:12.345Z') });
    expect(body).toEqual({ title: 'Call', dueDate: '2024-05-01T09:30:12Z', completed: false });
  });

  it('drop fields the operation does not declare, even when a caller smuggles them in', () => {
    const smuggled = { title: 'x', dueDate: '2024-05-01T10:00:00Z', id: 't1', contactId: 'c1', extra: 1 };
    expect(Object.keys(createTaskBody(smuggled)).sort()).toEqual(['completed', 'dueDate', 'title']);
    const contact = {
      firstName: 'Ana',
      tags: ['vip'],
      companyName: 'Acme',
      id: 'c1',
      dateAdded: 'x',
      locationId: 'L',
    };
    expect(updateContactBody(contact)).toEqual({ firstName: 'Ana' });
    expect(noteBody({ body: 'hi', id: 'n1', dateAdded: 'x' } as never)).toEqual({ body: 'hi' });
  });

  it('put the location in create and upsert bodies, and never tags in an upsert', () => {
    expect(createContactBody('L1', { email: 'a@b.co', tags: ['new'] })).toEqual({
      email: 'a@b.co',
      tags: ['new'],
      locationId: 'L1',
    });
    expect(upsertContactBody('L1', { email: 'a@b.co', tags: ['x'] } as never)).toEqual({
      email: 'a@b.co',
      locationId: 'L1',
    });
  });

  it('send custom field values as text or lists of text', () => {
    const body = updateContactBody({
      customFields: [
        { id: 'f1', value: 42 },
        { id: 'f2', key: 'colors', value: ['red', 'blue'] },
      ],
    });
    expect(body.customFields).toEqual([
      { id: 'f1', field_value: '42' },
      { id: 'f2', key: 'colors', field_value: ['red', 'blue'] },
    ]);
  });

  it('resend title and dueDate on a task update', () => {
    expect(updateTaskBody({ title: 'Call', dueDate: '2024-05-01 10:00:00', completed: true })).toEqual({
      title: 'Call',
      dueDate: apiDateTime('2024-05-01T10:00:00'),
      completed: true,
    });
  });

  it('refuses a date it cannot read with a validation error', () => {
    expect(() => createTaskBody({ title: 'x', dueDate: 'tomorrow-ish' })).toThrowError(
      expect.objectContaining({ kind: 'validation' }),
    );
  });

  it('trim, de-duplicate and drop empty tags', () => {
    expect(tagsBody([' vip ', 'vip', '', 'lead'])).toEqual({ tags: ['vip', 'lead'] });
  });

  it('build a search with the location and only known keys', () => {
    expect(searchBody('L1', { pageLimit: 10, query: 'ana', junk: true } as never)).toEqual({
      locationId: 'L1',
      pageLimit: 10,
      query: 'ana',
    });
  });
});
