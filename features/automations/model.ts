/**
 * What a rule is: on which site, on which host events (triggers), under which condition, doing which actions.
 * Rules are plain data, checked twice: by shape (valibot, at every boundary: storage, messages) and by meaning
 * (checkRule: triggers the site has, actions that make sense for them, templates that name real variables).
 */
import * as v from 'valibot';
import type { PageEvent } from '../../lib/host-page/protocol.ts';
import { SITE_IDS } from '../../lib/host-page/sites/catalog.ts';
import { SITE_DEFINITIONS, type SiteDefinition } from '../../lib/host-page/sites/definitions.ts';
import type { HostTask, PageContact, SiteId } from '../../lib/host-page/sites/types.ts';
import { idSchema, siteSchema } from '../../lib/messaging/schemas.ts';
import { lazyLabels, t } from '../../lib/ui/i18n.ts';

export { siteSchema };

import { MAX_TEMPLATE_LENGTH, parseTemplate, templateVariables, VARIABLES } from './templates.ts';

export const SITES = SITE_IDS;

/** Each CRM's name, as its site definition gives it. */
export const SITE_LABELS = Object.fromEntries(
  SITE_DEFINITIONS.map((site) => [site.id, site.label]),
) as Record<SiteId, string>;

export const TRIGGERS = [
  'contact.opened',
  'contact.updated',
  'contact.created',
  'business.updated',
  'task.created',
] as const;
export type TriggerType = (typeof TRIGGERS)[number];

export const TRIGGER_LABELS = lazyLabels<TriggerType>({
  'contact.opened': () => t('auto_trigger_contact_opened'),
  'contact.updated': () => t('auto_trigger_contact_updated'),
  'contact.created': () => t('auto_trigger_contact_created'),
  'business.updated': () => t('auto_trigger_business_updated'),
  'task.created': () => t('auto_trigger_task_created'),
});

/** The same events as they read inside a sentence ("… is empty for: a contact is opened"). */
export const TRIGGER_PHRASES = lazyLabels<TriggerType>({
  'contact.opened': () => t('auto_trigger_phrase_contact_opened'),
  'contact.updated': () => t('auto_trigger_phrase_contact_updated'),
  'contact.created': () => t('auto_trigger_phrase_contact_created'),
  'business.updated': () => t('auto_trigger_phrase_business_updated'),
  'task.created': () => t('auto_trigger_phrase_task_created'),
});

/** What a CRM's adapter can notice: its contacts, and company pages and tasks where its definition has them. */
function triggersOf(site: SiteDefinition): TriggerType[] {
  return [
    'contact.opened',
    'contact.updated',
    'contact.created',
    ...(site.businessRoutes ? (['business.updated'] as const) : []),
    ...(site.tasks ? (['task.created'] as const) : []),
  ];
}

export const SITE_TRIGGERS = Object.fromEntries(
  SITE_DEFINITIONS.map((site): [SiteId, readonly TriggerType[]] => [site.id, triggersOf(site)]),
) as Record<SiteId, readonly TriggerType[]>;

/** Triggers whose event carries a contact of the page. */
export const CONTACT_TRIGGERS: readonly TriggerType[] = [
  'contact.opened',
  'contact.updated',
  'contact.created',
  'task.created',
];

/** HighLevel contact fields an action may fill from the page. */
export const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'name',
  'email',
  'phone',
  'companyName',
  'source',
  'website',
  'city',
  'postalCode',
  'country',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const CONTACT_FIELD_LABELS = lazyLabels<ContactField>({
  firstName: () => t('auto_field_first_name'),
  lastName: () => t('auto_field_last_name'),
  name: () => t('auto_field_name'),
  email: () => t('auto_field_email'),
  phone: () => t('auto_field_phone'),
  companyName: () => t('auto_field_company'),
  source: () => t('auto_field_source'),
  website: () => t('auto_field_website'),
  city: () => t('auto_field_city'),
  postalCode: () => t('auto_field_postal_code'),
  country: () => t('auto_field_country'),
});

export const FIELD_OPERATORS = [
  'is',
  'is-not',
  'contains',
  'not-contains',
  'is-empty',
  'is-not-empty',
] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

export const FIELD_OPERATOR_LABELS = lazyLabels<FieldOperator>({
  is: () => t('auto_op_is'),
  'is-not': () => t('auto_op_is_not'),
  contains: () => t('auto_op_contains'),
  'not-contains': () => t('auto_op_not_contains'),
  'is-empty': () => t('auto_op_is_empty'),
  'is-not-empty': () => t('auto_op_is_not_empty'),
});

/** Variables a condition may test: those naming a piece of data (dates and labels are not data). */
export const CONDITION_FIELDS: readonly string[] = VARIABLES.filter((variable) =>
  ['page', 'contact', 'task', 'business'].includes(variable.group),
).map((variable) => variable.name);

export type Clause =
  | { kind: 'field'; field: string; op: FieldOperator; value?: string }
  | { kind: 'tag'; op: 'has' | 'lacks'; tag: string };

export interface Condition {
  match: 'all' | 'any';
  clauses: Clause[];
}

export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  site: SiteId;
  /** A connected location, or the one the site reads from (its binding in the options page). */
  locationId: string;
  triggers: TriggerType[];
  condition?: Condition;
  actions: Action[];
  /** The shipped workflow this rule came from, if any. */
  preset?: string;
  updatedAt?: number;
}

export const SITE_DEFAULT_LOCATION = 'site-default';

export const MAX_RULES = 50;
export const MAX_ACTIONS = 10;
export const MAX_CLAUSES = 10;
export const MAX_TAGS = 20;
export const REPORT_MAX_CONTACTS = 1000;
export const REPORT_DEFAULT_CONTACTS = 200;

/** What a rule reacts to: a host event, or the content script saying the page shows a contact. */
export type AutomationEvent = PageEvent;

// ---------------------------------------------------------------------------------------------------------
// Shapes

const ID = idSchema;
const TEMPLATE = v.pipe(v.string(), v.maxLength(MAX_TEMPLATE_LENGTH));
const TAG_TEMPLATE = v.pipe(v.string(), v.maxLength(200));

const clauseSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('field'),
    field: v.picklist(CONDITION_FIELDS as [string, ...string[]]),
    op: v.picklist(FIELD_OPERATORS),
    value: v.optional(v.pipe(v.string(), v.maxLength(512))),
  }),
  v.strictObject({
    kind: v.literal('tag'),
    op: v.picklist(['has', 'lacks']),
    tag: v.pipe(v.string(), v.maxLength(200)),
  }),
]);

const conditionSchema = v.strictObject({
  match: v.picklist(['all', 'any']),
  clauses: v.pipe(v.array(clauseSchema), v.minLength(1), v.maxLength(MAX_CLAUSES)),
});

const contactFieldsSchema = v.strictObject(
  Object.fromEntries(CONTACT_FIELDS.map((field) => [field, v.optional(TEMPLATE)])) as Record<
    ContactField,
    v.OptionalSchema<typeof TEMPLATE, undefined>
  >,
);

/**
 * Every action, defined once: the schema of its settings, its label, its phrase inside a sentence ("… → fetch the
 * HighLevel contact, then …"), and whether it writes to HighLevel (then it needs contacts.write and goes through
 * the outbox). The action types, their order in the menus, `Action` and its schema all follow from this list; what
 * an action does, the calls a dry run lists and its form are switches the compiler checks (actions.ts, calls.ts,
 * editor-state.ts, views/RuleEditor.tsx).
 */
const ACTIONS = {
  'pull.contact': {
    settings: {},
    label: () => t('auto_action_pull_contact'),
    phrase: () => t('auto_action_phrase_pull_contact'),
    writes: false,
  },
  'contact.upsert': {
    settings: { fields: contactFieldsSchema, tags: v.pipe(v.array(TAG_TEMPLATE), v.maxLength(MAX_TAGS)) },
    label: () => t('auto_action_contact_upsert'),
    phrase: () => t('auto_action_phrase_contact_upsert'),
    writes: true,
  },
  'task.create': {
    settings: { title: TEMPLATE, body: TEMPLATE, due: TEMPLATE },
    label: () => t('auto_action_task_create'),
    phrase: () => t('auto_action_phrase_task_create'),
    writes: true,
  },
  'tags.add': {
    settings: { tags: v.pipe(v.array(TAG_TEMPLATE), v.maxLength(MAX_TAGS)) },
    label: () => t('auto_action_tags_add'),
    phrase: () => t('auto_action_phrase_tags_add'),
    writes: true,
  },
  'business.report': {
    settings: {
      maxContacts: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(REPORT_MAX_CONTACTS)),
    },
    label: () => t('auto_action_business_report'),
    phrase: () => t('auto_action_phrase_business_report'),
    writes: false,
  },
} as const;

export type ActionType = keyof typeof ACTIONS;
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];
export const ACTION_LABELS = lazyLabels<ActionType>(
  Object.fromEntries(ACTION_TYPES.map((type) => [type, ACTIONS[type].label])) as Record<
    ActionType,
    () => string
  >,
);
export const ACTION_PHRASES = lazyLabels<ActionType>(
  Object.fromEntries(ACTION_TYPES.map((type) => [type, ACTIONS[type].phrase])) as Record<
    ActionType,
    () => string
  >,
);
/** Actions that write to HighLevel (they need contacts.write and go through the outbox). */
export const WRITE_ACTIONS: readonly ActionType[] = ACTION_TYPES.filter((type) => ACTIONS[type].writes);

type Settings<K extends ActionType> = (typeof ACTIONS)[K]['settings'];
type Parsed<S> = S extends v.GenericSchema ? v.InferOutput<S> : never;
/** An action: its type and its settings, as its schema reads them. */
export type Action = {
  [K in ActionType]: { type: K } & { -readonly [P in keyof Settings<K>]: Parsed<Settings<K>[P]> };
}[ActionType];

// Built from ACTIONS at run time; what it parses to is `Action` (the compiler cannot follow the map).
const actionSchema = v.variant(
  'type',
  ACTION_TYPES.map((type) => v.strictObject({ type: v.literal(type), ...ACTIONS[type].settings })),
) as unknown as v.GenericSchema<unknown, Action>;

export const ruleSchema = v.strictObject({
  id: ID,
  name: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, () => t('auto_issue_name')),
    v.maxLength(120),
  ),
  enabled: v.boolean(),
  site: siteSchema,
  locationId: v.union([v.literal(SITE_DEFAULT_LOCATION), ID]),
  triggers: v.pipe(
    v.array(v.picklist(TRIGGERS)),
    v.minLength(1, () => t('auto_issue_trigger')),
    v.maxLength(TRIGGERS.length),
    v.check(
      (list) => new Set(list).size === list.length,
      () => t('auto_issue_trigger_twice'),
    ),
  ),
  condition: v.optional(conditionSchema),
  actions: v.pipe(
    v.array(actionSchema),
    v.minLength(1, () => t('auto_issue_action')),
    v.maxLength(MAX_ACTIONS),
  ),
  preset: v.optional(ID),
  updatedAt: v.optional(v.number()),
});

// The schemas above are the source of truth for storage and messages: keep the types in step with them.
type Assert<T extends true> = T;
/** @public A compile-time check, not used at run time. */
export type RuleSchemaMatches = Assert<v.InferOutput<typeof ruleSchema> extends Rule ? true : false>;

// ---------------------------------------------------------------------------------------------------------
// Meaning

export interface RuleIssue {
  /** Where in the rule: `name`, `triggers`, `actions.1.title`, `condition.clauses.0`… */
  path: string;
  message: string;
  /** Errors stop a save; warnings are shown and allowed. */
  severity: 'error' | 'warning';
}

/** Variable groups each trigger's event can fill. `contact` needs a HighLevel lookup but is possible. */
function groupsFor(trigger: TriggerType): Set<string> {
  const groups = new Set(['general']);
  if (CONTACT_TRIGGERS.includes(trigger)) {
    groups.add('page');
    groups.add('contact');
  }
  if (trigger === 'task.created') groups.add('task');
  if (trigger === 'business.updated') groups.add('business');
  return groups;
}

/** Events named in a sentence: "a contact is opened, a contact is updated". */
function triggerList(triggers: readonly TriggerType[]): string {
  return triggers.map((trigger) => TRIGGER_PHRASES[trigger]).join(', ');
}

const GROUP_OF = new Map(VARIABLES.map((variable) => [variable.name, variable.group]));

function templateIssues(source: string, path: string, triggers: readonly TriggerType[]): RuleIssue[] {
  const issues: RuleIssue[] = parseTemplate(source).problems.map((message) => ({
    path,
    message,
    severity: 'error' as const,
  }));
  for (const name of templateVariables(source)) {
    const group = GROUP_OF.get(name) ?? 'general';
    const missing = triggers.filter((trigger) => !groupsFor(trigger).has(group));
    if (missing.length > 0) {
      issues.push({
        path,
        message: t('auto_issue_variable_empty_for', `{{${name}}}`, triggerList(missing)),
        severity: 'warning',
      });
    }
  }
  return issues;
}

/** Problems a valid-shaped rule still has. An empty list means the rule can be saved and will do something. */
export function checkRule(rule: Rule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const error = (path: string, message: string) => issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string) => issues.push({ path, message, severity: 'warning' });
  const available = SITE_TRIGGERS[rule.site];
  const triggers = rule.triggers;

  if (!rule.name.trim()) error('name', t('auto_issue_name'));
  if (triggers.length === 0) error('triggers', t('auto_issue_trigger'));
  for (const trigger of triggers) {
    if (!available.includes(trigger)) {
      error(
        'triggers',
        t('auto_issue_trigger_unavailable', SITE_LABELS[rule.site], TRIGGER_PHRASES[trigger]),
      );
    }
  }
  if (rule.actions.length === 0) error('actions', t('auto_issue_action'));
  const withoutContact = triggers.filter((trigger) => !CONTACT_TRIGGERS.includes(trigger));

  rule.actions.forEach((action, index) => {
    const path = `actions.${index}`;
    if (action.type !== 'business.report' && withoutContact.length > 0) {
      error(
        path,
        t('auto_issue_needs_contact', ACTION_LABELS[action.type], TRIGGER_PHRASES['business.updated']),
      );
    }
    switch (action.type) {
      case 'contact.upsert': {
        const filled = Object.entries(action.fields).filter(([, value]) => value?.trim());
        if (filled.length === 0) error(`${path}.fields`, t('auto_issue_map_field'));
        const identifying = ['email', 'phone', 'name', 'firstName', 'lastName'];
        if (!filled.some(([field]) => identifying.includes(field))) {
          error(`${path}.fields`, t('auto_issue_map_identity'));
        }
        for (const [field, value] of filled) {
          issues.push(...templateIssues(value as string, `${path}.fields.${field}`, triggers));
        }
        action.tags.forEach((tag, at) => {
          issues.push(...templateIssues(tag, `${path}.tags.${at}`, triggers));
        });
        break;
      }
      case 'task.create':
        if (!action.title.trim()) error(`${path}.title`, t('auto_issue_task_title'));
        if (!action.due.trim()) error(`${path}.due`, t('auto_issue_task_due', '{{today+2d}}'));
        issues.push(...templateIssues(action.title, `${path}.title`, triggers));
        issues.push(...templateIssues(action.body, `${path}.body`, triggers));
        issues.push(...templateIssues(action.due, `${path}.due`, triggers));
        break;
      case 'tags.add':
        if (action.tags.every((tag) => !tag.trim())) error(`${path}.tags`, t('auto_issue_tag'));
        action.tags.forEach((tag, at) => {
          issues.push(...templateIssues(tag, `${path}.tags.${at}`, triggers));
        });
        break;
      case 'business.report':
        if (triggers.some((trigger) => trigger !== 'business.updated')) {
          warn(path, t('auto_issue_report_company'));
        }
        break;
      case 'pull.contact':
        break;
    }
  });

  rule.condition?.clauses.forEach((clause, index) => {
    const path = `condition.clauses.${index}`;
    if (clause.kind === 'tag') {
      if (!clause.tag.trim()) error(path, t('auto_issue_clause_tag'));
      if (withoutContact.length > 0) warn(path, t('auto_issue_clause_no_tags'));
      return;
    }
    const needsValue = !['is-empty', 'is-not-empty'].includes(clause.op);
    if (needsValue && !clause.value?.trim()) error(path, t('auto_issue_clause_value'));
    const group = GROUP_OF.get(clause.field) ?? 'general';
    const missing = triggers.filter((trigger) => !groupsFor(trigger).has(group));
    if (missing.length > 0) {
      warn(path, t('auto_issue_variable_empty_for', clause.field, triggerList(missing)));
    }
  });

  return issues;
}

/** The rule if it is well-formed, else the first problem with its path. */
export function parseRule(
  value: unknown,
): { ok: true; rule: Rule } | { ok: false; path: string; message: string } {
  const parsed = v.safeParse(ruleSchema, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return { ok: false, path: v.getDotPath(issue) ?? '$', message: issue.message };
  }
  return { ok: true, rule: parsed.output as Rule };
}

/** The host record an event is about, for keys and loop guards (`business:` for company events). */
export function recordIdOf(event: AutomationEvent): string {
  if (event.type === 'business.updated') {
    return `business:${event.business.id ?? event.business.name.trim().toLowerCase()}`;
  }
  return event.contact.hostRecordId;
}

export function pageOf(event: AutomationEvent): PageContact | undefined {
  return event.type === 'business.updated' ? undefined : event.contact;
}

export function taskOf(event: AutomationEvent): HostTask | undefined {
  return event.type === 'task.created' ? event.task : undefined;
}

export function needsWrite(rule: Rule): boolean {
  return rule.actions.some((action) => WRITE_ACTIONS.includes(action.type));
}
