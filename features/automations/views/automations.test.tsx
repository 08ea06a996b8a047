// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { editorBackend, TEST_LOCATION } from '../../../test/support/automations-editor-backend';
import { createAutomationsEditorState } from '../editor-state';
import type { BusinessReport } from '../log';
import type { Rule } from '../model';
import type { AutomationSend } from '../protocol';
import { createReportState } from '../report-state';
import { AutomationsEditor } from './AutomationsEditor';
import { ReportPage } from './ReportPage';
import { ReportView } from './ReportView';

afterEach(cleanup);

const LOCATION = TEST_LOCATION;

/** The editor with a recorded send (see editor-backend.ts). */
function backend() {
  const made = editorBackend();
  return { ...made, send: vi.fn(made.send) as unknown as AutomationSend };
}

describe('the automations editor', () => {
  it('lists the shipped workflows off, and turns one on through the background', async () => {
    const { send, rules } = backend();
    render(<AutomationsEditor state={createAutomationsEditorState(send)} />);
    const toggle = await screen.findByRole('checkbox', { name: /Gleantap: push new or updated contacts/ });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    expect(
      screen.getAllByRole('listitem').filter((item) => item.classList.contains('auto-rule')),
    ).toHaveLength(6);
    fireEvent.click(toggle);
    await waitFor(async () => expect((await rules.get('preset.gleantap.push'))?.enabled).toBe(true));
    expect(
      await screen.findByText('Gleantap: push new or updated contacts to HighLevel (create or update): on.'),
    ).toBeTruthy();
  });

  it('builds a rule from menus, refuses it while broken, saves it, and edits it again', async () => {
    const { send, rules } = backend();
    render(<AutomationsEditor state={createAutomationsEditorState(send)} />);
    await screen.findByRole('list', { name: 'Rules' });
    fireEvent.change(screen.getByLabelText('Site of the new rule'), { target: { value: 'gleantap' } });
    fireEvent.click(screen.getByRole('button', { name: 'New rule' }));

    const form = screen.getByRole('form', { name: 'New rule' });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rule' }));
    expect(within(form).getByRole('alert').textContent).toContain('A rule needs a name.');

    fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Tag VIP members' } });
    fireEvent.click(within(form).getByLabelText('A task is created on a contact in Gleantap'));
    fireEvent.click(within(form).getByRole('button', { name: 'Remove action 1' }));
    fireEvent.change(within(form).getByLabelText('Action to add'), { target: { value: 'tags.add' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add action' }));
    fireEvent.input(within(form).getByLabelText('Tags to add'), {
      target: { value: 'vip\n{{page.companyName}}' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Add a condition' }));
    fireEvent.input(within(form).getByLabelText('Condition 1: value'), { target: { value: '@example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rule' }));

    await screen.findByText('Saved "Tag VIP members".');
    const saved = (await rules.list()).find((rule) => rule.name === 'Tag VIP members');
    expect(saved).toMatchObject({
      site: 'gleantap',
      enabled: true,
      triggers: ['contact.updated', 'task.created'],
      condition: {
        match: 'all',
        clauses: [{ kind: 'field', field: 'page.email', op: 'contains', value: '@example.com' }],
      },
      actions: [{ type: 'tags.add', tags: ['vip', '{{page.companyName}}'] }],
    });

    fireEvent.click(screen.getByRole('button', { name: 'Edit Tag VIP members' }));
    const again = screen.getByRole('form', { name: 'Edit “Tag VIP members”' });
    expect((within(again).getByLabelText('Name') as HTMLInputElement).value).toBe('Tag VIP members');
    expect((within(again).getByLabelText('Tags to add') as HTMLTextAreaElement).value).toBe(
      'vip\n{{page.companyName}}',
    );
  });

  it('inserts a variable into a template field from its menu', async () => {
    const { send } = backend();
    render(<AutomationsEditor state={createAutomationsEditorState(send)} />);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Edit Gleantap: task created on a contact → the matching HighLevel task',
      }),
    );
    fireEvent.change(screen.getByLabelText('Insert a variable into Task title'), {
      target: { value: '{{page.name}}' },
    });
    expect((screen.getByLabelText('Task title') as HTMLInputElement).value).toBe(
      '{{task.title}}{{page.name}}',
    );
  });

  it('dry-runs the rule being edited on a sample and shows the calls it would make, queueing nothing', async () => {
    const { send, box } = backend();
    render(<AutomationsEditor state={createAutomationsEditorState(send)} />);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Edit Gestioo: new client → create the HighLevel contact and a follow-up task',
      }),
    );
    fireEvent.input(screen.getByLabelText('Name on the page'), { target: { value: 'Nora Quintana' } });
    fireEvent.input(screen.getByLabelText('Email on the page'), { target: { value: 'nora@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    const result = await screen.findByTestId('dry-run-result');
    expect(result.textContent).toContain('POST /contacts/upsert');
    expect(result.textContent).toContain('POST /contacts/{id of the contact from write 1}/tasks');
    expect(result.textContent).toContain('"title": "Follow up with Nora Quintana"');
    expect(box.entries.size).toBe(0);
  });

  it('fills the dry-run sample from the contact last opened on the site', async () => {
    const { send, engine } = backend();
    await engine.onHostEvent('gleantap', {
      type: 'contact.opened',
      contact: { site: 'gleantap', hostRecordId: 'gt_1001', name: 'Ana García', email: 'ana@example.com' },
    });
    render(<AutomationsEditor state={createAutomationsEditorState(send)} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Edit Gleantap: quick view/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Use the Gleantap contact last opened' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Email on the page') as HTMLInputElement).value).toBe('ana@example.com'),
    );
    expect((screen.getByLabelText('Record id in the CRM') as HTMLInputElement).value).toBe('gt_1001');
  });

  it('shows runs with their receipts, rendering page data as inert text', async () => {
    const { send, rules, engine } = backend();
    await rules.save({ ...((await rules.get('preset.gleantap.push')) as Rule), enabled: true });
    const payload = '<img src=x onerror="window.__xss=1">';
    await engine.onHostEvent('gleantap', {
      type: 'contact.created',
      contact: { site: 'gleantap', hostRecordId: 'gt_7', name: payload, email: 'x@example.com' },
    });
    const { container } = render(<AutomationsEditor state={createAutomationsEditorState(send)} />);
    const runs = await screen.findByRole('region', { name: 'Recent runs' });
    await waitFor(() => expect(within(runs).getByText(/A new contact is created in Gleantap/)).toBeTruthy());
    expect(runs.textContent).toContain(payload);
    expect(runs.textContent).toContain('POST /contacts/upsert');
    expect(runs.textContent).toMatch(/outbox entry e1/);
    expect(container.querySelector('img, script')).toBeNull();
  });

  it('deletes a rule only after confirmation, and offers to restore a deleted shipped workflow', async () => {
    const { send, rules } = backend();
    render(<AutomationsEditor state={createAutomationsEditorState(send)} />);
    const name = 'Gleantap: push new or updated contacts to HighLevel (create or update)';
    fireEvent.click(await screen.findByRole('button', { name: `Delete ${name}` }));
    expect(await rules.get('preset.gleantap.push')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: `Confirm deleting ${name}` }));
    await screen.findByText('Rule deleted.');
    expect(await rules.get('preset.gleantap.push')).toBeNull();
    fireEvent.change(screen.getByLabelText('Shipped workflow'), {
      target: { value: 'preset.gleantap.push' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    await screen.findByText(`Restored "${name}" (off).`);
    expect((await rules.get('preset.gleantap.push'))?.enabled).toBe(false);
  });
});

const report: BusinessReport = {
  id: 'rep1',
  createdAt: new Date(2026, 2, 10).getTime(),
  site: 'gestioo',
  locationId: LOCATION,
  business: { name: '<svg onload="window.__xss=3">', businessIds: ['Biz'] },
  rows: [
    {
      contactId: 'a',
      name: 'Ana <b>García</b>',
      email: 'ana@example.com',
      openTasks: 3,
      overdueTasks: 2,
      nextDue: '2026-03-01',
    },
    { contactId: 'b', name: 'Ben', openTasks: 1, overdueTasks: 0 },
    { contactId: 'c', name: 'Cara', openTasks: null, overdueTasks: null },
  ],
  truncated: true,
  maxContacts: 3,
};

describe('the report view', () => {
  it('shows totals, a chart with a bar per contact with open tasks, and the table, all as text', () => {
    const { container } = render(<ReportView report={report} />);
    expect(screen.getByTestId('total-contacts').textContent).toBe('3');
    expect(screen.getByTestId('total-overdue').textContent).toBe('2');
    const chart = screen.getByRole('img', { name: /Open and overdue tasks per contact/ });
    expect(chart.querySelectorAll('g')).toHaveLength(2);
    expect(chart.querySelector('desc')?.textContent).toBe(
      'Ana <b>García</b>: 3 open, 2 overdue; Ben: 1 open, 0 overdue',
    );
    expect(screen.getAllByRole('row')).toHaveLength(4);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('<svg onload="window.__xss=3">');
    expect(container.querySelectorAll('b, svg[onload], script')).toHaveLength(0);
    expect(screen.getByText(/more contacts than this report's limit of 3/)).toBeTruthy();
    expect(screen.getByText(/tasks of 1 contact could not be read/)).toBeTruthy();
  });

  it('exports the rows as a CSV file through a Blob download', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:report';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    render(<ReportView report={report} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(clicked[0]?.download).toBe('report-svg-onload-window-xss-3-2026-03-10.csv');
    expect(clicked[0]?.href).toBe('blob:report');
    const text = await created[0]?.text();
    expect(text?.split('\r\n')[1]).toBe('Ana <b>García</b>,ana@example.com,,3,2,2026-03-01,,a');
    expect(await screen.findByRole('status')).toBeTruthy();
  });
});

describe('the report page', () => {
  it('builds a report by company name and lists it among the recent ones', async () => {
    const { send } = backend();
    vi.spyOn(history, 'replaceState').mockImplementation(() => undefined);
    render(<ReportPage state={createReportState(send)} initialId={null} />);
    await screen.findByText('No report yet.');
    fireEvent.input(screen.getByLabelText('Company name'), { target: { value: 'Gimnasio Sol' } });
    fireEvent.click(screen.getByRole('button', { name: 'Build report' }));
    expect(await screen.findByRole('heading', { name: 'Gimnasio Sol' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Ana García' })).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Gimnasio Sol' })).toBeTruthy();
  });

  it('says so when a report is no longer kept', async () => {
    const { send } = backend();
    render(<ReportPage state={createReportState(send)} initialId="gone" />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This report is no longer kept (the newest 10 are).',
    );
  });
});
