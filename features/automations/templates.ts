/**
 * The template language of rule fields: plain text with `{{variable}}` holes, nothing else. A hole names a
 * variable from a fixed catalogue (`page.email`, `contact.firstName`, `task.title`, …) or a date (`today`,
 * `today+2d`, `now+3h`), and may list fallbacks (`{{task.dueDate || today+1d}}`: the first non-empty wins).
 * There is no evaluation of any kind: a name is looked up in a table, so a template cannot run code, read
 * anything outside its context, or loop. Unknown names render as nothing and say so in a warning.
 */
import type { Contact } from '../../lib/api/schemas.ts';
import { normalizeDate } from '../../lib/api/schemas.ts';
import type { HostTask, PageContact } from '../../lib/host-page/sites/types.ts';
import { formatNumber, t } from '../../lib/ui/i18n.ts';

export type VariableGroup = 'page' | 'contact' | 'task' | 'business' | 'general';

export interface VariableInfo {
  name: string;
  group: VariableGroup;
  label: string;
}

/** A catalogue entry whose label is read in the language of the moment it is shown. */
function variable(name: string, group: VariableGroup, label: () => string): VariableInfo {
  return {
    name,
    group,
    get label() {
      return label();
    },
  };
}

/** Every variable a template may name, in the order the editor's helper lists them. */
export const VARIABLES: readonly VariableInfo[] = [
  variable('page.name', 'page', () => t('auto_var_page_name')),
  variable('page.firstName', 'page', () => t('auto_var_page_first_name')),
  variable('page.lastName', 'page', () => t('auto_var_page_last_name')),
  variable('page.email', 'page', () => t('auto_var_page_email')),
  variable('page.phone', 'page', () => t('auto_var_page_phone')),
  variable('page.companyName', 'page', () => t('auto_var_page_company_name')),
  variable('page.id', 'page', () => t('auto_var_page_id')),
  variable('contact.id', 'contact', () => t('auto_var_contact_id')),
  variable('contact.name', 'contact', () => t('auto_var_contact_name')),
  variable('contact.firstName', 'contact', () => t('auto_var_contact_first_name')),
  variable('contact.lastName', 'contact', () => t('auto_var_contact_last_name')),
  variable('contact.email', 'contact', () => t('auto_var_contact_email')),
  variable('contact.phone', 'contact', () => t('auto_var_contact_phone')),
  variable('contact.companyName', 'contact', () => t('auto_var_contact_company_name')),
  variable('task.title', 'task', () => t('auto_var_task_title')),
  variable('task.description', 'task', () => t('auto_var_task_description')),
  variable('task.dueDate', 'task', () => t('auto_var_task_due_date')),
  variable('business.name', 'business', () => t('auto_var_business_name')),
  variable('business.id', 'business', () => t('auto_var_business_id')),
  variable('site', 'general', () => t('auto_var_site')),
  variable('rule.name', 'general', () => t('auto_var_rule_name')),
  variable('today', 'general', () => t('auto_var_today')),
  variable('now', 'general', () => t('auto_var_now')),
];

const VARIABLE_NAMES = new Set(VARIABLES.map((variable) => variable.name));

export const MAX_TEMPLATE_LENGTH = 2000;
/** A rendered value longer than this is cut: templates feed API fields, not documents. */
export const MAX_RENDERED_LENGTH = 5000;

const DATE_TERM = /^(today|now)(?:([+-])(\d{1,4})([mhdw]))?$/;
const NAME_TERM = /^[a-z]+(?:\.[a-zA-Z]+)?$/;

export type Term =
  | { kind: 'variable'; name: string }
  | { kind: 'date'; base: 'today' | 'now'; amount: number; unit: 'm' | 'h' | 'd' | 'w' }
  | { kind: 'unknown'; source: string };

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'hole'; source: string; terms: Term[] };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Problems found while reading the template (unknown names, unclosed holes). */
  problems: string[];
}

function parseTerm(raw: string): Term {
  const source = raw.replace(/\s+/g, '');
  const date = DATE_TERM.exec(source);
  if (date) {
    const [, base, sign, amount, unit] = date as unknown as [
      string,
      'today' | 'now',
      string?,
      string?,
      string?,
    ];
    if (!sign) return { kind: 'date', base, amount: 0, unit: 'd' };
    const value = Number(amount) * (sign === '-' ? -1 : 1);
    const kind = unit as 'm' | 'h' | 'd' | 'w';
    // Today is a calendar day: adding hours to it has no meaning (now+3h does).
    if (base === 'today' && (kind === 'm' || kind === 'h')) return { kind: 'unknown', source };
    return { kind: 'date', base, amount: value, unit: kind };
  }
  if (NAME_TERM.test(source) && VARIABLE_NAMES.has(source)) return { kind: 'variable', name: source };
  return { kind: 'unknown', source: raw.trim() };
}

export function parseTemplate(source: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const problems: string[] = [];
  let at = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') last.text += text;
    else parts.push({ kind: 'text', text });
  };
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open < 0) {
      pushText(source.slice(at));
      break;
    }
    pushText(source.slice(at, open));
    const close = source.indexOf('}}', open + 2);
    if (close < 0) {
      problems.push(t('auto_template_unclosed', '{{', '}}'));
      pushText(source.slice(open));
      break;
    }
    const inner = source.slice(open + 2, close);
    const terms = inner.split('||').map(parseTerm);
    for (const term of terms) {
      if (term.kind === 'unknown') {
        problems.push(
          term.source ? t('auto_template_unknown', term.source) : t('auto_template_empty', '{{ }}'),
        );
      }
    }
    parts.push({ kind: 'hole', source: inner.trim(), terms });
    at = close + 2;
  }
  return { parts, problems };
}

/** The variables a template names (dates as `today`/`now`), for checks and for knowing what to look up. */
export function templateVariables(source: string): string[] {
  const names = new Set<string>();
  for (const part of parseTemplate(source).parts) {
    if (part.kind !== 'hole') continue;
    for (const term of part.terms) {
      if (term.kind === 'variable') names.add(term.name);
      else if (term.kind === 'date') names.add(term.base);
    }
  }
  return [...names];
}

export interface TemplateContext {
  now: number;
  page?: PageContact | undefined;
  task?: HostTask | undefined;
  business?: { id?: string | undefined; name: string } | undefined;
  /** The HighLevel contact: undefined when not looked up, null when HighLevel has no such contact. */
  contact?: Contact | null | undefined;
  siteLabel?: string | undefined;
  ruleName?: string | undefined;
}

function splitName(page: PageContact): { first?: string; last?: string } {
  const words = (page.name ?? '').trim().split(/\s+/).filter(Boolean);
  return {
    first: page.firstName?.trim() || words[0],
    last: page.lastName?.trim() || (words.length > 1 ? words.slice(1).join(' ') : undefined),
  };
}

function contactName(contact: Contact): string | undefined {
  return (
    contact.name?.trim() ||
    [contact.firstName, contact.lastName].filter(Boolean).join(' ').trim() ||
    contact.contactName?.trim() ||
    undefined
  );
}

const pad = (value: number, size = 2) => String(Math.abs(value)).padStart(size, '0');

/** `YYYY-MM-DD` of the local calendar day. */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** ISO 8601 local date-time with its offset, to the second (`2025-03-01T14:05:00+01:00`). */
export function localDateTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}

function dateValue(term: Extract<Term, { kind: 'date' }>, now: number): string {
  const date = new Date(now);
  // Calendar arithmetic, not milliseconds: "+1d" across a daylight-saving change is still the next day.
  if (term.unit === 'd') date.setDate(date.getDate() + term.amount);
  else if (term.unit === 'w') date.setDate(date.getDate() + term.amount * 7);
  else if (term.unit === 'h') date.setHours(date.getHours() + term.amount);
  else date.setMinutes(date.getMinutes() + term.amount);
  return term.base === 'today' ? localDate(date) : localDateTime(date);
}

export type Resolution = { value: string } | { unavailable: string };

/** The value of a catalogue variable in `context`, or why it has none here. */
export function resolveVariable(name: string, context: TemplateContext): Resolution {
  const [group, field] = name.split('.') as [string, string | undefined];
  switch (group) {
    case 'page': {
      const page = context.page;
      if (!page) return { unavailable: t('auto_template_no_page', name) };
      const names = splitName(page);
      const values: Record<string, string | undefined> = {
        name: page.name?.trim() || [names.first, names.last].filter(Boolean).join(' ') || undefined,
        firstName: names.first,
        lastName: names.last,
        email: page.email,
        phone: page.phone,
        companyName: page.companyName,
        id: page.hostRecordId,
      };
      return { value: values[field ?? '']?.trim() ?? '' };
    }
    case 'contact': {
      const contact = context.contact;
      if (contact === undefined) {
        return { unavailable: t('auto_template_contact_unknown', name) };
      }
      if (contact === null) return { unavailable: t('auto_template_contact_none', name) };
      const values: Record<string, string | undefined> = {
        id: contact.id,
        name: contactName(contact),
        firstName: contact.firstName,
        lastName: contact.lastName,
        email: contact.email,
        phone: contact.phone,
        companyName: contact.companyName,
      };
      return { value: values[field ?? '']?.trim() ?? '' };
    }
    case 'task': {
      const task = context.task;
      if (!task) return { unavailable: t('auto_template_no_task', name) };
      const values: Record<string, string | undefined> = {
        title: task.title,
        description: task.description,
        dueDate: task.dueDate,
      };
      return { value: values[field ?? '']?.trim() ?? '' };
    }
    case 'business': {
      const business = context.business;
      if (!business) {
        return { unavailable: t('auto_template_no_business', name) };
      }
      return { value: (field === 'id' ? business.id : business.name)?.trim() ?? '' };
    }
    case 'site':
      return { value: context.siteLabel ?? '' };
    case 'rule':
      return { value: context.ruleName ?? '' };
    default:
      return { unavailable: t('auto_template_unknown', name) };
  }
}

export interface Rendered {
  text: string;
  warnings: string[];
}

/** Fills a template in. Never throws: whatever cannot be filled becomes empty text and a warning. */
export function renderTemplate(source: string, context: TemplateContext): Rendered {
  const { parts, problems } = parseTemplate(source);
  const warnings = [...problems];
  let text = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      text += part.text;
      continue;
    }
    let filled = '';
    const reasons: string[] = [];
    for (const term of part.terms) {
      if (term.kind === 'unknown') continue;
      if (term.kind === 'date') {
        filled = dateValue(term, context.now);
        break;
      }
      const resolved = resolveVariable(term.name, context);
      if ('unavailable' in resolved) reasons.push(resolved.unavailable);
      else if (resolved.value) {
        filled = resolved.value;
        break;
      }
    }
    // A fallback that filled the hole makes the earlier gaps expected, not worth a warning.
    if (!filled) warnings.push(...reasons);
    text += filled;
  }
  if (text.length > MAX_RENDERED_LENGTH) {
    warnings.push(t('auto_template_cut', formatNumber(MAX_RENDERED_LENGTH)));
    text = text.slice(0, MAX_RENDERED_LENGTH);
  }
  return { text, warnings: [...new Set(warnings)] };
}

/** Hour of the day a date-only due date means: due on a day is due by the end of its working day. */
export const DATE_ONLY_DUE_HOUR = 17;

/**
 * A rendered due date as HighLevel wants it (UTC ISO without milliseconds), or null when it is not a date.
 * Accepts `YYYY-MM-DD` (that day at 17:00 local time), local date-times and ISO with a zone.
 */
export function dueDateFrom(text: string): string | null {
  const normalized = normalizeDate(text.trim());
  if (normalized === null) return null;
  let date: Date;
  if (normalized.length === 10) {
    const [year, month, day] = normalized.split('-').map(Number) as [number, number, number];
    date = new Date(year, month - 1, day, DATE_ONLY_DUE_HOUR, 0, 0);
  } else {
    date = new Date(normalized);
  }
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
