/** Localised strings from _locales (English and Spanish), and Intl formatting in the browser's language. */

interface I18nApi {
  getMessage(key: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

// The i18n API is the same, synchronous, in every context and browser (Firefox has `chrome` too): no polyfill
// needed, which keeps this module free to load in unit tests.
const i18n = (): I18nApi | undefined => (globalThis as { chrome?: { i18n?: I18nApi } }).chrome?.i18n;

/** A message from _locales; the key itself when missing (keys are checked by i18n.test.ts). */
export function t(key: string, ...substitutions: string[]): string {
  return i18n()?.getMessage(key, substitutions) || key;
}

export function uiLanguage(): string {
  return i18n()?.getUILanguage() || globalThis.navigator?.language || 'en';
}

let dateFormat: Intl.DateTimeFormat | undefined;
let dateTimeFormat: Intl.DateTimeFormat | undefined;

export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  dateFormat ??= new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium' });
  return dateFormat.format(date);
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  dateTimeFormat ??= new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
  return dateTimeFormat.format(date);
}
