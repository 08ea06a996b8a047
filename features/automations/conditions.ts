/**
 * Evaluating a rule's condition. Text comparisons ignore case, accents and surrounding spaces ("García" is
 * "garcia"); phone fields compare digits only. Tags are the HighLevel contact's: a person HighLevel does not
 * have carries no tags.
 */
import type { Clause, Condition } from './model.ts';
import { resolveVariable, type TemplateContext } from './templates.ts';

export interface ClauseOutcome {
  clause: Clause;
  met: boolean;
  /** The value that was tested, for the dry run and the run log. */
  actual: string;
}

export interface ConditionOutcome {
  met: boolean;
  clauses: ClauseOutcome[];
}

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const digits = (text: string) => text.replace(/\D/g, '');

function compare(field: string, actual: string, op: Clause & { kind: 'field' }): boolean {
  const isPhone = field.endsWith('.phone');
  const norm = (text: string) => (isPhone ? digits(text) : fold(text));
  const left = norm(actual);
  const right = norm(op.value ?? '');
  switch (op.op) {
    case 'is':
      return left === right;
    case 'is-not':
      return left !== right;
    case 'contains':
      return right !== '' && left.includes(right);
    case 'not-contains':
      return right === '' || !left.includes(right);
    case 'is-empty':
      return left === '';
    case 'is-not-empty':
      return left !== '';
  }
}

function evaluateClause(clause: Clause, context: TemplateContext): ClauseOutcome {
  if (clause.kind === 'tag') {
    const tags = context.contact?.tags ?? [];
    const wanted = fold(clause.tag);
    const has = tags.some((tag) => fold(tag) === wanted);
    return { clause, met: clause.op === 'has' ? has : !has, actual: tags.join(', ') };
  }
  const resolved = resolveVariable(clause.field, context);
  const actual = 'value' in resolved ? resolved.value : '';
  return { clause, met: compare(clause.field, actual, clause), actual };
}

/** No condition: always met. */
export function evaluateCondition(
  condition: Condition | undefined,
  context: TemplateContext,
): ConditionOutcome {
  if (!condition || condition.clauses.length === 0) return { met: true, clauses: [] };
  const clauses = condition.clauses.map((clause) => evaluateClause(clause, context));
  const met =
    condition.match === 'all'
      ? clauses.every((outcome) => outcome.met)
      : clauses.some((outcome) => outcome.met);
  return { met, clauses };
}

/** Whether evaluating needs the HighLevel contact (a tag, or a contact.* field). */
export function conditionNeedsContact(condition: Condition | undefined): boolean {
  return (condition?.clauses ?? []).some(
    (clause) => clause.kind === 'tag' || clause.field.startsWith('contact.'),
  );
}
