// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageContact } from '../../../lib/host-page/sites/types';
import { ok } from '../../../lib/messaging/reply';
import { Section } from '../../../lib/ui/Section';
import type { StatusView } from '../../settings/protocol';
import type { sendMessage } from '../messenger';
import type { ContactView, NoteView, TaskView } from '../protocol';
import { createSidebarState } from '../state';
import { ContactCard } from './ContactCard';
import { NoteList } from './NoteList';
import { Sidebar } from './Sidebar';
import { groupTasks, TaskList } from './TaskList';

afterEach(cleanup);

const contact = (over: Partial<ContactView> = {}): ContactView => ({
  id: 'c1',
  locationId: 'L1',
  name: 'Ana García',
  email: 'ana@example.com',
  phone: '+34 612 345 678',
  tags: ['vip'],
  customFields: [],
  ...over,
});

describe('ContactCard', () => {
  it('renders markup in contact fields as inert text, creating no element from data', () => {
    const payload = '<img src=x onerror="window.__xss=1">';
    const { container } = render(
      <ContactCard
        contact={contact({
          name: payload,
          tags: ['<b onmouseover="x()">t</b>'],
          companyName: '<svg onload=1>',
        })}
      />,
    );
    expect(container.querySelector('img, svg, b, script')).toBeNull();
    expect(screen.getByText(payload)).toBeTruthy();
  });

  it('offers a call link with digits only, and an Open in HighLevel link on https', () => {
    const { container } = render(
      <ContactCard contact={contact({ phone: '+34 612 345 678 javascript:alert(1)' })} />,
    );
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(hrefs).toContain('tel:+346123456781');
    expect(
      hrefs.some((h) => h.startsWith('https://app.gohighlevel.com/v2/location/L1/contacts/detail/c1')),
    ).toBe(true);
    expect(hrefs.every((h) => h.startsWith('https:') || h.startsWith('tel:'))).toBe(true);
  });
});

describe('TaskList', () => {
  const now = new Date('2026-11-24T12:00:00');
  const tasks: TaskView[] = [
    { id: 'a', title: 'Past due', dueDate: '2026-11-20T09:00:00', completed: false },
    { id: 'b', title: 'Later today', dueDate: '2026-11-24T18:00:00', completed: false },
    { id: 'c', title: 'Next week', dueDate: '2026-12-01T09:00:00', completed: false },
    { id: 'd', title: 'Done', dueDate: '2026-11-01T09:00:00', completed: true },
    { id: 'e', title: 'Someday', completed: false },
  ];

  it('puts open tasks first by urgency, and completed ones apart', () => {
    const { groups, completed } = groupTasks(tasks, now);
    expect(groups.overdue.map((t) => t.id)).toEqual(['a']);
    expect(groups.today.map((t) => t.id)).toEqual(['b']);
    expect(groups.upcoming.map((t) => t.id)).toEqual(['c']);
    expect(groups.noDate.map((t) => t.id)).toEqual(['e']);
    expect(completed.map((t) => t.id)).toEqual(['d']);
  });

  it('collapses completed tasks and highlights overdue ones', () => {
    const { container } = render(<TaskList tasks={tasks} />);
    const done = container.querySelector('details[data-group="completed"]');
    expect(done?.hasAttribute('open')).toBe(false);
    expect(container.querySelector('.hls-task-overdue')?.textContent).toContain('Past due');
  });
});

describe('NoteList', () => {
  it('shows newest first and expands a long note on demand', () => {
    const notes: NoteView[] = [
      { id: 'old', body: 'Old note', dateAdded: '2026-01-01T00:00:00Z' },
      { id: 'new', body: `${'Long text. '.repeat(40)}END`, dateAdded: '2026-11-01T00:00:00Z' },
    ];
    const { container } = render(<NoteList notes={notes} />);
    const items = container.querySelectorAll('.hls-note');
    expect(items[0]?.getAttribute('data-note-id')).toBe('new');
    expect(items[0]?.textContent).not.toContain('END');
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(container.querySelector('[data-note-id="new"]')?.textContent).toContain('END');
  });
});

describe('Section', () => {
  const base = {
    id: 'tasks',
    title: 'Tasks',
    emptyText: 'No tasks.',
    isEmpty: (v: string[]) => v.length === 0,
  };

  it('shows a skeleton while loading, the empty text when empty, and marks stale data', () => {
    const view = (data: Parameters<typeof Section<string[]>>[0]['data']) =>
      render(
        <Section<string[]> {...base} data={data} onRetry={() => undefined}>
          {(v) => <p>{v.join(',')}</p>}
        </Section>,
      );
    expect(view({ state: 'loading' }).container.querySelector('.hls-skeleton')).not.toBeNull();
    cleanup();
    expect(view({ state: 'ready', value: [], stale: false }).getByText('No tasks.')).toBeTruthy();
    cleanup();
    const stale = view({ state: 'ready', value: ['x'], stale: true });
    expect(stale.getByText('x')).toBeTruthy();
    expect(stale.container.querySelector('.hls-stale')).not.toBeNull();
  });

  it('explains an error in one sentence and retries on request', () => {
    let retried = 0;
    render(
      <Section<string[]>
        {...base}
        data={{ state: 'error', error: { kind: 'server' } }}
        onRetry={() => retried++}
      >
        {(v) => <p>{v.join(',')}</p>}
      </Section>,
    );
    expect(screen.getByRole('alert').textContent).toContain('HighLevel had a problem answering');
    fireEvent.click(screen.getByRole('button'));
    expect(retried).toBe(1);
  });
});

describe('Sidebar: nobody matched', () => {
  const status: StatusView = {
    connections: [{ locationId: 'L1', mode: 'pit', scopes: ['contacts.readonly'], connectedAt: 0 }],
    locationId: 'L1',
    canWrite: false,
    oauthReady: false,
  };
  const send = (async (type: string) => {
    if (type === 'status.get') return ok(status);
    if (type === 'contact.match') return ok({ status: 'none', locationId: 'L1', candidates: [] });
    return ok([]);
  }) as unknown as typeof sendMessage;
  const shown = async (page: PageContact) => {
    const state = createSidebarState('gleantap', send);
    await state.loadStatus();
    state.openPage(page, true);
    await new Promise((done) => setTimeout(done, 0));
    let opened = 0;
    render(<Sidebar state={state} onClose={() => undefined} onOpenOptions={() => opened++} />);
    return { opened: () => opened };
  };

  it('says nobody matches a person the page showed', async () => {
    await shown({ site: 'gleantap', hostRecordId: 'gt_1', name: 'Nora Quinn', email: 'nora@example.com' });
    expect(screen.getByText('No HighLevel contact matches this person.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /page recognition/ })).toBeNull();
  });

  it('says when the page showed nobody to look for, with the way to page recognition', async () => {
    const view = await shown({ site: 'gleantap', hostRecordId: 'gt_1' });
    expect(
      screen.getByText('This page shows no name, email or phone to look for in HighLevel yet.'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /page recognition/ }));
    expect(view.opened()).toBe(1);
  });
});
