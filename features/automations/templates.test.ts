import { describe, expect, it } from 'vitest';
import { contactOf } from '../../test/support/automations-fakes.ts';
import {
  dueDateFrom,
  localDateTime,
  parseTemplate,
  renderTemplate,
  type TemplateContext,
  templateVariables,
} from './templates.ts';

const NOW = new Date(2026, 2, 10, 9, 30, 15).getTime();
const context = (over: Partial<TemplateContext> = {}): TemplateContext => ({
  now: NOW,
  page: { site: 'gestioo', hostRecordId: '4516', name: 'Nora Quintana', email: 'nora@example.com' },
  siteLabel: 'Gestioo',
  ruleName: 'New clients',
  ...over,
});

describe('renderTemplate', () => {
  it('fills page variables and leaves plain text as it is', () => {
    expect(renderTemplate('Hi {{page.firstName}} <{{ page.email }}> from {{site}}', context())).toEqual({
      text: 'Hi Nora <nora@example.com> from Gestioo',
      warnings: [],
    });
  });

  it('splits a full name into first and last name when the page has no separate fields', () => {
    const rendered = renderTemplate(
      '{{page.lastName}}, {{page.firstName}}',
      context({ page: { site: 'gestioo', hostRecordId: '1', name: 'María José de la Vega' } }),
    );
    expect(rendered.text).toBe('José de la Vega, María');
  });

  it('computes today and now with calendar arithmetic in local time', () => {
    expect(renderTemplate('{{today}}|{{today+2d}}|{{today-1w}}', context()).text).toBe(
      '2026-03-10|2026-03-12|2026-03-03',
    );
    expect(renderTemplate('{{now+3h}}', context()).text).toBe(
      localDateTime(new Date(2026, 2, 10, 12, 30, 15)),
    );
    expect(renderTemplate('{{now+30m}}', context()).text).toBe(
      localDateTime(new Date(2026, 2, 10, 10, 0, 15)),
    );
  });

  it('renders an unknown variable as nothing, with a warning naming it', () => {
    expect(renderTemplate('A{{page.nickname}}B{{constructor}}C', context())).toEqual({
      text: 'ABC',
      warnings: ['Unknown variable "page.nickname".', 'Unknown variable "constructor".'],
    });
  });

  it('never evaluates: expressions, prototype names and code are unknown variables', () => {
    for (const source of [
      '{{1+1}}',
      '{{page.__proto__}}',
      '{{alert(1)}}',
      '{{page["email"]}}',
      '{{today+3h}}',
    ]) {
      const rendered = renderTemplate(source, context());
      expect(rendered.text).toBe('');
      expect(rendered.warnings[0]).toMatch(/^Unknown variable/);
    }
  });

  it('takes the first non-empty alternative of a fallback chain, without warning about the gaps', () => {
    const task = { title: 'Call' };
    expect(renderTemplate('{{task.dueDate || today+1d}}', context({ task }))).toEqual({
      text: '2026-03-11',
      warnings: [],
    });
    expect(
      renderTemplate('{{task.dueDate || today+1d}}', context({ task: { title: 'x', dueDate: '2026-04-01' } }))
        .text,
    ).toBe('2026-04-01');
  });

  it('warns when a variable has no value for this event (no task, HighLevel contact not known)', () => {
    expect(renderTemplate('{{task.title}}', context()).warnings[0]).toMatch(
      /only "task created" events carry a task/,
    );
    expect(renderTemplate('{{contact.firstName}}', context()).warnings[0]).toMatch(/not known yet/);
    expect(renderTemplate('{{contact.firstName}}', context({ contact: null })).warnings[0]).toMatch(
      /not in HighLevel/,
    );
  });

  it('reads HighLevel contact fields when the contact is known', () => {
    const contact = contactOf({ id: 'c1', firstName: 'Ana', lastName: 'García', email: 'ana@example.com' });
    expect(renderTemplate('{{contact.name}} ({{contact.id}})', context({ contact })).text).toBe(
      'Ana García (c1)',
    );
  });

  it('keeps an unclosed hole as text and says so', () => {
    expect(renderTemplate('Hello {{page.name', context())).toEqual({
      text: 'Hello {{page.name',
      warnings: ['A "{{" is never closed with "}}"; it is kept as text.'],
    });
  });

  it('inserts values verbatim: markup from a page stays text for the API, it is never interpreted', () => {
    const page = {
      site: 'gestioo' as const,
      hostRecordId: '1',
      name: '<img src=x onerror=alert(1)> {{page.email}}',
      email: 'e@x.com',
    };
    expect(renderTemplate('{{page.name}}', context({ page })).text).toBe(
      '<img src=x onerror=alert(1)> {{page.email}}',
    );
  });
});

describe('template analysis', () => {
  it('lists the variables a template names, dates by their base', () => {
    expect(templateVariables('{{page.email}} {{today+2d}} {{task.dueDate || now+1h}} {{nope}}')).toEqual([
      'page.email',
      'today',
      'task.dueDate',
      'now',
    ]);
  });

  it('reports problems while parsing', () => {
    expect(parseTemplate('{{ }} {{page.emial}}').problems).toEqual([
      'An empty "{{ }}" has no variable.',
      'Unknown variable "page.emial".',
    ]);
  });
});

describe('dueDateFrom', () => {
  it('reads a date alone as that day at 17:00 local time, in UTC without milliseconds', () => {
    expect(dueDateFrom('2026-03-12')).toBe(new Date(2026, 2, 12, 17, 0, 0).toISOString().replace('.000', ''));
  });

  it('keeps date-times, local or zoned', () => {
    expect(dueDateFrom('2026-03-12T08:15:00+01:00')).toBe('2026-03-12T07:15:00Z');
    expect(dueDateFrom('2026-03-12 08:15')).toBe(
      new Date(2026, 2, 12, 8, 15, 0).toISOString().replace('.000', ''),
    );
  });

  it('refuses what is not a date', () => {
    for (const text of ['', 'tomorrow', '2026-02-30', '12/03/2026']) expect(dueDateFrom(text)).toBeNull();
  });
});
