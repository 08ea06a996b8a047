import { describe, expect, it } from 'vitest';
import type { Note, Task } from '../api/schemas.ts';
import { sameNote, sameTask } from './verify.ts';

const task = (fields: Partial<Task>): Task => ({ id: 't', title: 'Call back', completed: false, ...fields });
const input = { title: 'Call back', dueDate: '2024-05-01T10:00:00Z', body: 'About the renewal' };

describe('recognising our own record', () => {
  it('matches a task with the same title, body and due instant, whatever the date format', () => {
    expect(sameTask(task({ body: 'About the renewal', dueDate: '2024-05-01T10:00:00.000Z' }), input)).toBe(
      true,
    );
    expect(sameTask(task({ body: 'About the renewal', dueDate: '2024-05-01T12:00:00+02:00' }), input)).toBe(
      true,
    );
    // A zone-less wall time with the digits we sent in UTC.
    expect(sameTask(task({ body: 'About the renewal', dueDate: '2024-05-01T10:00:00' }), input)).toBe(true);
  });

  it('does not match a task that differs in due date, title or body', () => {
    expect(sameTask(task({ body: 'About the renewal', dueDate: '2024-05-02T10:00:00Z' }), input)).toBe(false);
    expect(sameTask(task({ title: 'Email', body: 'About the renewal', dueDate: input.dueDate }), input)).toBe(
      false,
    );
    expect(sameTask(task({ body: 'Other', dueDate: input.dueDate }), input)).toBe(false);
    expect(sameTask(task({ body: 'About the renewal' }), input)).toBe(false);
  });

  it('matches a note by its text, even when HighLevel wraps it in markup', () => {
    const note = (body: string): Note => ({ id: 'n', body });
    expect(sameNote(note('<p>Prefers  mornings</p>'), { body: 'Prefers mornings' })).toBe(true);
    expect(sameNote(note('Prefers evenings'), { body: 'Prefers mornings' })).toBe(false);
  });
});
