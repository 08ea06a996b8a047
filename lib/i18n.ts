/** Localised strings from _locales (English and Spanish), and Intl formatting in the browser's language. */
import { browser } from 'wxt/browser';

export function t(key: string, ...substitutions: string[]): string {
  // Keys are checked against the English catalogue in i18n.test.ts; the cast spares WXT's generated key union.
  const message = browser.i18n?.getMessage?.(key as never, substitutions);
  return message || key;
}

export function uiLanguage(): string {
  return browser.i18n?.getUILanguage?.() || navigator.language || 'en';
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
