// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBusinessList } from '../business';
import type { ContactView, SidebarWrite, TaskView } from '../protocol';
import { tagMatches } from '../write-logic';
import { BusinessPanel, scrollToShow } from './BusinessPanel';
import { DeleteContact } from './ContactFromPage';
import { TagEditor } from './TagEditor';
import { QuickAddTask, TaskActions } from './TaskWrites';

afterEach(cleanup);

const contact = (over: Partial<ContactView> = {}): ContactView => ({
  id: 'c1',
  locationId: 'L1',
  name: 'Ana García',
  tags: ['vip'],
  customFields: [],
  assignedTo: 'UsrOwner',
  ...over,
});

/** A submit that records what the views send and says it was stored. */
const recorder = () => {
  const sent: SidebarWrite[] = [];
  const submit = vi.fn(async (write: SidebarWrite) => {
    sent.push(write);
    return true;
  });
  return { sent, submit };
};

/** Lets effects (focus moves) and async handlers settle. */
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

describe('the assignee picker in quick-add', () => {
  it('offers nobody, the owner, me and the users seen, starting on the owner', () => {
    const { submit } = recorder();
    render(
      <QuickAddTask
        contact={contact()}
        people={{ meId: 'UsrMe', seen: ['UsrOther'] }}
        submit={submit}
        disabled={false}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Assign to' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Nobody',
      "Contact's owner",
      'Me',
      'User UsrOther',
    ]);
    expect(select.value).toBe('UsrOwner');
  });

  it('sends the chosen assignee with the new task, and none for "Nobody"', async () => {
    const { sent, submit } = recorder();
    render(<QuickAddTask contact={contact()} people={{ meId: 'UsrMe' }} submit={submit} disabled={false} />);
    const title = screen.getByPlaceholderText('New task…');
    const select = screen.getByRole('combobox', { name: 'Assign to' });
    fireEvent.input(title, { target: { value: 'Call back' } });
    fireEvent.change(select, { target: { value: 'UsrMe' } });
    fireEvent.submit(title.closest('form') as HTMLFormElement);
    await settle();
    fireEvent.input(title, { target: { value: 'Nobody owns this' } });
    fireEvent.change(select, { target: { value: '' } });
    fireEvent.submit(title.closest('form') as HTMLFormElement);
    await settle();
    expect(sent.map((w) => (w.kind === 'task.create' ? w.input : null))).toEqual([
      expect.objectContaining({ title: 'Call back', assignedTo: 'UsrMe' }),
      expect.not.objectContaining({ assignedTo: expect.anything() }),
    ]);
  });
});

describe('editing a task', () => {
  const task: TaskView = { id: 't1', title: 'Call', completed: false, assignedTo: 'UsrOwner' };

  it('focuses the title, sends a changed assignee, and offers no "Nobody" for an assigned task', async () => {
    const { sent, submit } = recorder();
    render(
      <TaskActions
        task={task}
        contactId="c1"
        ownerId="UsrOwner"
        people={{ seen: ['UsrOther'] }}
        submit={submit}
        disabled={false}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Edit: Call' }));
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Task title' }));
    const select = screen.getByRole('combobox', { name: 'Assign to' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['UsrOwner', 'UsrOther']);
    fireEvent.change(select, { target: { value: 'UsrOther' } });
    fireEvent.submit(select.closest('form') as HTMLFormElement);
    await settle();
    expect(sent).toEqual([
      { kind: 'task.update', contactId: 'c1', taskId: 't1', patch: { assignedTo: 'UsrOther' } },
    ]);
  });

  it('closes on Escape without sending, and gives focus back to Edit', async () => {
    const { sent, submit } = recorder();
    render(<TaskActions task={task} contactId="c1" submit={submit} disabled={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit: Call' }));
    await settle();
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Task title' }), { key: 'Escape' });
    await settle();
    expect(screen.queryByRole('textbox', { name: 'Task title' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit: Call' }));
    expect(sent).toEqual([]);
  });

  it('moves focus to Undo after Delete, and back to Delete after Undo, sending nothing', async () => {
    const { sent, submit } = recorder();
    render(<TaskActions task={task} contactId="c1" submit={submit} disabled={false} />);
    const remove = screen.getByRole('button', { name: 'Delete: Call' });
    remove.focus();
    fireEvent.click(remove);
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo' }));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete: Call' }));
    expect(sent).toEqual([]);
  });
});

describe('the tag combobox', () => {
  it('suggests seen tags the contact lacks, prefix matches first', () => {
    expect(tagMatches(['member', 'vip', 'premium', 'lead'], 'em', ['vip'])).toEqual(['member', 'premium']);
    expect(tagMatches(['member', 'vip', 'mega'], 'me', [])).toEqual(['member', 'mega']);
    expect(tagMatches(['member', 'vip'], '', ['vip'])).toEqual(['member']);
  });

  it('moves through suggestions with the arrows, takes one with Enter, and closes on Escape', async () => {
    const { sent, submit } = recorder();
    render(
      <TagEditor
        contact={contact()}
        suggestions={['member', 'mentor', 'vip']}
        submit={submit}
        disabled={false}
      />,
    );
    const input = screen.getByRole('combobox', { name: 'Add a tag' }) as HTMLInputElement;
    fireEvent.input(input, { target: { value: 'me' } });
    expect(input.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    const active = input.getAttribute('aria-activedescendant');
    expect(document.getElementById(active ?? '')?.textContent).toBe('mentor');
    expect(document.getElementById(active ?? '')?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toBe('member');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(sent).toEqual([]);

    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    await settle();
    expect(sent).toEqual([{ kind: 'tags.add', contactId: 'c1', tags: ['member'] }]);
  });
});

describe('deleting a contact', () => {
  it('asks in a modal confirm that starts on Cancel, closes on Escape and returns focus to its button', async () => {
    const { sent, submit } = recorder();
    render(<DeleteContact contact={contact()} submit={submit} disabled={false} />);
    const trigger = screen.getByRole('button', { name: 'Delete contact' });
    trigger.focus();
    fireEvent.click(trigger);
    await settle();
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('Ana García');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(sent).toEqual([]);
  });
});

describe('the business list', () => {
  it('scrolls only as far as needed to show the row the keyboard moved to', () => {
    expect(scrollToShow(0, 0, 320, 44)).toBe(0);
    expect(scrollToShow(5, 0, 320, 44)).toBe(0);
    expect(scrollToShow(7, 0, 320, 44)).toBe(8 * 44 - 320);
    expect(scrollToShow(2, 400, 320, 44)).toBe(88);
  });

  it('makes a row the mouse focused the Tab stop, and arrows on from it', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, name: `Person ${i}` }));
    const send = vi.fn(async () => ({ ok: true as const, value: { rows, total: rows.length } }));
    const list = createBusinessList('gleantap', 'B1', send as never);
    const { container } = render(<BusinessPanel list={list} currentContactId="c0" />);
    await settle();
    const row = (i: number) => container.querySelector<HTMLElement>(`[data-index="${i}"]`);
    expect(row(0)?.tabIndex).toBe(0);
    row(3)?.focus();
    await settle();
    expect(row(3)?.tabIndex).toBe(0);
    expect(row(0)?.tabIndex).toBe(-1);
    fireEvent.keyDown(row(3) as HTMLElement, { key: 'ArrowDown' });
    await settle();
    expect(document.activeElement).toBe(row(4));
  });
});
