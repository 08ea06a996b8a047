/**
 * What the sidebar's write views compute without rendering: due-date presets, tag suggestions, and a page
 * contact's fields against HighLevel's. Plain functions, so they are tested without a DOM.
 */
import type { PageContact } from '../../lib/host-page/sites/types';
import { type MessageKey, t } from '../../lib/ui/i18n';
import type { ContactFieldsInput, ContactView } from './protocol';

/** Due-date presets, as local times. */
export function duePreset(preset: string, now = new Date()): string {
  const at = (days: number, hour: number) =>
    new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, hour, 0, 0).toISOString();
  switch (preset) {
    case 'today':
      return at(0, 17);
    case 'tomorrow':
      return at(1, 9);
    case 'in3':
      return at(3, 9);
    default:
      return at(7, 9);
  }
}

const MAX_TAG_SUGGESTIONS = 8;

/** Suggestions for what is typed: tags seen in this location that the contact lacks, prefix matches first. */
export function tagMatches(suggestions: string[], typed: string, existing: string[]): string[] {
  const query = typed.trim().toLowerCase();
  const open = suggestions.filter((s) => !existing.includes(s));
  if (!query) return open.slice(0, MAX_TAG_SUGGESTIONS);
  const starts = open.filter((s) => s.toLowerCase().startsWith(query));
  const contains = open.filter((s) => !s.toLowerCase().startsWith(query) && s.toLowerCase().includes(query));
  return [...starts, ...contains].slice(0, MAX_TAG_SUGGESTIONS);
}

/**
 * The contact's fields as the page shows them, empty ones left out. Without a first or last name of its own, a
 * full name gives them: its first word, and the words after it.
 */
export function fieldsFromPage(page: PageContact): ContactFieldsInput {
  const [first, ...rest] = (page.name ?? '').trim().split(/\s+/);
  const fields: ContactFieldsInput = {
    firstName: page.firstName ?? first ?? undefined,
    lastName: page.lastName ?? (rest.join(' ') || undefined),
    email: page.email,
    phone: page.phone,
    companyName: page.companyName,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v)) as ContactFieldsInput;
}

/** Each field and its label key, in the order the create form and the diff show them. */
export const FIELD_LABEL: Record<keyof ContactFieldsInput, MessageKey> = {
  firstName: 'field_first_name',
  lastName: 'field_last_name',
  email: 'card_email',
  phone: 'card_phone',
  companyName: 'card_company',
};

/** The page's fields against HighLevel's, one by one: the agent ticks what to copy over. */
export function contactDiff(contact: ContactView, page: PageContact) {
  const fromPage = fieldsFromPage(page);
  const current: ContactFieldsInput = {
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    companyName: contact.companyName,
  };
  const norm = (key: keyof ContactFieldsInput, value: string | undefined) =>
    key === 'phone' ? (value ?? '').replace(/\D/g, '') : (value ?? '').trim().toLowerCase();
  return (Object.keys(FIELD_LABEL) as (keyof ContactFieldsInput)[])
    .filter((key) => fromPage[key] && norm(key, fromPage[key]) !== norm(key, current[key]))
    .map((key) => ({
      key,
      label: t(FIELD_LABEL[key]),
      highLevel: current[key] ?? '',
      page: fromPage[key] ?? '',
    }));
}
