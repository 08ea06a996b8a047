/**
 * Who a HighLevel contact is, as far as matching goes: its emails, phone numbers and names, normalised, and when
 * two phone numbers are the same. The sidebar's match (match.ts) and the outbox's check for a contact it already
 * created (lib/outbox/verify.ts) both decide by these, so they agree on who is who.
 */
import type { Contact } from './schemas.ts';

export function normalizeEmail(email: string | undefined | null): string | null {
  const clean = email
    ?.trim()
    .toLowerCase()
    .replace(/^mailto:/, '');
  return clean && /^[^\s@]+@[^\s@]+$/.test(clean) ? clean : null;
}

/** Every email a contact has, normalised. */
export function emailsOf(contact: Contact): string[] {
  const extra = contact.additionalEmails.map((item) =>
    typeof item === 'string' ? item : (item as { email?: unknown } | null)?.email,
  );
  return [contact.email, ...extra]
    .map((value) => (typeof value === 'string' ? normalizeEmail(value) : null))
    .filter((value): value is string => value !== null);
}

/** Digits, plus an E.164 form when the page's number carries its country code (`+34…` or `0034…`). */
export function phoneKey(phone: string | undefined | null): { digits: string; e164: string | null } | null {
  if (!phone) return null;
  const trimmed = phone.trim().replace(/^tel:/i, '');
  let digits = trimmed.replace(/\D/g, '');
  if (digits.length < 7) return null;
  let international = trimmed.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  return { digits, e164: international ? `+${digits}` : null };
}

/** The digits of every phone number a contact has (seven digits at least). */
export function phonesOf(contact: Contact): string[] {
  const extra = contact.additionalPhones.map((item) =>
    typeof item === 'string' ? item : (item as { phone?: unknown } | null)?.phone,
  );
  return [contact.phone, ...extra]
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.replace(/\D/g, ''))
    .filter((value) => value.length >= 7);
}

/** Same number when one is the other with a country code in front (HighLevel stores E.164; pages often omit it). */
export function samePhone(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.endsWith(short) && short.length >= 7 && long.length - short.length <= 3;
}

/** Lowercase, accents removed, whitespace collapsed: "José  GARCÍA" and "jose garcia" are the same name. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every form of a contact's name HighLevel keeps, as name keys. */
export function namesOf(contact: Contact): string[] {
  const names = [
    [contact.firstName, contact.lastName].filter(Boolean).join(' '),
    [contact.firstNameLowerCase, contact.lastNameLowerCase].filter(Boolean).join(' '),
    contact.fullNameLowerCase ?? '',
    contact.name ?? '',
    contact.contactName ?? '',
  ];
  return names.map(nameKey).filter((name) => name.length > 0);
}
