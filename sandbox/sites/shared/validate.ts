/** Field checks shared by the demo CRMs' JSON APIs; messages come from each site, in its language. */

export type FieldErrors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]+$/;

/** A trimmed string, null for empty or absent, undefined when `value` is not a string at all. */
export function optionalText(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/\s+/g, ' ');
  return text === '' ? null : text;
}

export function isEmail(value: string): boolean {
  return EMAIL.test(value) && value.length <= 254;
}

export function isPhone(value: string): boolean {
  return PHONE.test(value) && value.replace(/\D/g, '').length >= 6 && value.length <= 32;
}
