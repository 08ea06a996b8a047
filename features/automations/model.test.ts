import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { pageEventSchema as automationEventSchema } from '../../lib/host-page/payloads.ts';
import { checkRule, parseRule, type Rule, SITE_TRIGGERS } from './model.ts';
import { PRESETS, presetCopy } from './presets.ts';

const rule = (over: Partial<Rule> = {}): Rule => ({
  id: 'r1',
  name: 'Tag VIPs',
  enabled: true,
  site: 'gleantap',
  locationId: 'site-default',
  triggers: ['contact.updated'],
  actions: [{ type: 'tags.add', tags: ['vip'] }],
  ...over,
});

const errors = (candidate: Rule) => checkRule(candidate).filter((issue) => issue.severity === 'error');

describe('the shipped workflows', () => {
  it('are well-formed, free of errors and warnings, and disabled', () => {
    for (const preset of PRESETS) {
      expect(parseRule(preset), preset.id).toMatchObject({ ok: true });
      expect(checkRule(preset), preset.id).toEqual([]);
      expect(preset.enabled).toBe(false);
    }
  });

  it('cover each CRM workflow promised: three for Gestioo, three for Gleantap', () => {
    const summary = PRESETS.map(
      (preset) =>
        `${preset.site}: ${preset.triggers.join('+')} → ${preset.actions.map((a) => a.type).join('+')}`,
    );
    expect(summary).toEqual([
      'gestioo: contact.opened+contact.updated → pull.contact',
      'gestioo: business.updated → business.report',
      'gestioo: contact.created → contact.upsert+task.create',
      'gleantap: contact.opened → pull.contact',
      'gleantap: contact.created+contact.updated → contact.upsert',
      'gleantap: task.created → task.create',
    ]);
  });

  it('are copied, so editing a copy leaves the shipped definition alone', () => {
    const copy = presetCopy('preset.gleantap.push') as Rule;
    copy.name = 'changed';
    expect(PRESETS.find((preset) => preset.id === 'preset.gleantap.push')?.name).not.toBe('changed');
  });
});

describe('parseRule', () => {
  it('rejects unknown fields, unknown action types and oversized lists', () => {
    expect(parseRule({ ...rule(), extra: 1 })).toMatchObject({ ok: false });
    expect(parseRule(rule({ actions: [{ type: 'contact.delete' } as never] }))).toMatchObject({
      ok: false,
      path: 'actions.0.type',
    });
    expect(
      parseRule(rule({ actions: Array.from({ length: 11 }, () => ({ type: 'pull.contact' as const })) })),
    ).toMatchObject({ ok: false, path: 'actions' });
    expect(parseRule(rule({ triggers: ['contact.updated', 'contact.updated'] }))).toMatchObject({
      ok: false,
      message: 'A trigger is listed twice.',
    });
  });

  it('rejects condition fields outside the catalogue', () => {
    const condition = {
      match: 'all' as const,
      clauses: [{ kind: 'field' as const, field: 'page.__proto__', op: 'is' as const, value: 'x' }],
    };
    expect(parseRule(rule({ condition }))).toMatchObject({ ok: false, path: 'condition.clauses.0.field' });
  });
});

describe('checkRule', () => {
  it('refuses triggers the site cannot notice', () => {
    expect(SITE_TRIGGERS.gleantap).not.toContain('business.updated');
    expect(errors(rule({ triggers: ['business.updated'] })).map((issue) => issue.message)).toContain(
      'Gleantap cannot notice "a company is updated".',
    );
  });

  it('refuses contact actions on company events, which carry no contact', () => {
    const candidate = rule({
      site: 'gestioo',
      triggers: ['business.updated'],
      actions: [{ type: 'pull.contact' }],
    });
    expect(errors(candidate)[0]).toMatchObject({ path: 'actions.0' });
  });

  it('refuses a task without title or due date and an upsert that identifies nobody', () => {
    const candidate = rule({
      actions: [
        { type: 'task.create', title: ' ', body: '', due: '' },
        { type: 'contact.upsert', fields: { companyName: '{{page.companyName}}' }, tags: [] },
      ],
    });
    expect(errors(candidate).map((issue) => issue.path)).toEqual([
      'actions.0.title',
      'actions.0.due',
      'actions.1.fields',
    ]);
  });

  it('refuses unknown variables and warns about variables this trigger leaves empty', () => {
    const candidate = rule({
      actions: [{ type: 'task.create', title: '{{task.title}} {{page.emial}}', body: '', due: '{{today}}' }],
    });
    expect(checkRule(candidate)).toEqual([
      { path: 'actions.0.title', message: 'Unknown variable "page.emial".', severity: 'error' },
      {
        path: 'actions.0.title',
        message: '{{task.title}} is empty for: a contact is updated.',
        severity: 'warning',
      },
    ]);
  });

  it('asks for the value of comparisons that need one', () => {
    const candidate = rule({
      condition: {
        match: 'all',
        clauses: [{ kind: 'field', field: 'page.email', op: 'contains', value: '' }],
      },
    });
    expect(errors(candidate)).toEqual([
      { path: 'condition.clauses.0', message: 'Give the value to compare with.', severity: 'error' },
    ]);
  });
});

describe('the host event schema', () => {
  const page = { site: 'gleantap', hostRecordId: 'gt_1', email: 'a@b.co' };

  it('accepts each event a content script may report', () => {
    for (const event of [
      { type: 'contact.opened', contact: page },
      { type: 'contact.updated', contact: page },
      { type: 'contact.created', contact: page },
      { type: 'business.updated', business: { id: '7', name: 'Acme' } },
      { type: 'task.created', contact: page, task: { title: 'Call', dueDate: '2026-03-01' } },
    ]) {
      expect(v.safeParse(automationEventSchema, event).success, event.type).toBe(true);
    }
  });

  it('refuses extra fields, unknown types and record ids that are not plain ids', () => {
    for (const event of [
      { type: 'contact.opened', contact: { ...page, injected: true } },
      { type: 'contact.deleted', contact: page },
      { type: 'contact.opened', contact: { ...page, hostRecordId: '../../x' } },
      { type: 'business.updated', business: { name: '   ' } },
      { type: 'task.created', contact: page, task: { title: '' } },
    ]) {
      expect(v.safeParse(automationEventSchema, event).success, JSON.stringify(event)).toBe(false);
    }
  });
});
