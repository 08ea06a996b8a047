import { describe, expect, it } from 'vitest';
import { contactOf } from '../../test/support/automations-fakes.ts';
import { conditionNeedsContact, evaluateCondition } from './conditions.ts';
import type { Condition } from './model.ts';
import type { TemplateContext } from './templates.ts';

const context: TemplateContext = {
  now: 0,
  page: {
    site: 'gleantap',
    hostRecordId: 'gt_1',
    name: 'José García',
    email: 'Jose.Garcia@Example.com',
    phone: '+34 612-345-678',
  },
  contact: contactOf({ id: 'c1', tags: ['VIP', 'member'] }),
};

const one = (clause: Condition['clauses'][number]): Condition => ({ match: 'all', clauses: [clause] });

describe('evaluateCondition', () => {
  it('is met when there is no condition', () => {
    expect(evaluateCondition(undefined, context)).toEqual({ met: true, clauses: [] });
  });

  it('compares text ignoring case, accents and surrounding spaces', () => {
    expect(
      evaluateCondition(one({ kind: 'field', field: 'page.name', op: 'is', value: ' jose garcia ' }), context)
        .met,
    ).toBe(true);
    expect(
      evaluateCondition(
        one({ kind: 'field', field: 'page.email', op: 'contains', value: '@EXAMPLE.com' }),
        context,
      ).met,
    ).toBe(true);
    expect(
      evaluateCondition(
        one({ kind: 'field', field: 'page.email', op: 'not-contains', value: 'example' }),
        context,
      ).met,
    ).toBe(false);
    expect(
      evaluateCondition(
        one({ kind: 'field', field: 'page.name', op: 'is-not', value: 'José García' }),
        context,
      ).met,
    ).toBe(false);
  });

  it('compares phone fields by their digits', () => {
    expect(
      evaluateCondition(one({ kind: 'field', field: 'page.phone', op: 'is', value: '+34612345678' }), context)
        .met,
    ).toBe(true);
  });

  it('tells empty from filled fields', () => {
    expect(
      evaluateCondition(one({ kind: 'field', field: 'page.companyName', op: 'is-empty' }), context).met,
    ).toBe(true);
    expect(
      evaluateCondition(one({ kind: 'field', field: 'page.email', op: 'is-not-empty' }), context).met,
    ).toBe(true);
    expect(evaluateCondition(one({ kind: 'field', field: 'task.title', op: 'is-empty' }), context).met).toBe(
      true,
    );
  });

  it('reads tags from the HighLevel contact, case-insensitively; an unknown person has none', () => {
    expect(evaluateCondition(one({ kind: 'tag', op: 'has', tag: 'vip' }), context).met).toBe(true);
    expect(evaluateCondition(one({ kind: 'tag', op: 'lacks', tag: 'lead' }), context).met).toBe(true);
    expect(
      evaluateCondition(one({ kind: 'tag', op: 'has', tag: 'vip' }), { ...context, contact: null }).met,
    ).toBe(false);
  });

  it('combines clauses with all or any, reporting each outcome and the value tested', () => {
    const clauses: Condition['clauses'] = [
      { kind: 'field', field: 'page.email', op: 'contains', value: 'example.com' },
      { kind: 'tag', op: 'has', tag: 'lead' },
    ];
    const all = evaluateCondition({ match: 'all', clauses }, context);
    expect(all.met).toBe(false);
    expect(all.clauses.map((clause) => [clause.met, clause.actual])).toEqual([
      [true, 'Jose.Garcia@Example.com'],
      [false, 'VIP, member'],
    ]);
    expect(evaluateCondition({ match: 'any', clauses }, context).met).toBe(true);
  });

  it('knows when it needs the HighLevel contact', () => {
    expect(conditionNeedsContact(one({ kind: 'field', field: 'page.email', op: 'is-empty' }))).toBe(false);
    expect(conditionNeedsContact(one({ kind: 'field', field: 'contact.email', op: 'is-empty' }))).toBe(true);
    expect(conditionNeedsContact(one({ kind: 'tag', op: 'has', tag: 'x' }))).toBe(true);
  });
});
