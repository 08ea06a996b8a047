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

/**
 * A message that counts something: `${key}_one` or `${key}_other`, chosen by the language's plural rules
 * (chrome.i18n has none). The count is the first substitution, formatted; English and Spanish need only
 * these two forms.
 */
export function tCount(key: string, count: number, ...substitutions: string[]): string {
  const form = formats().plural.select(count) === 'one' ? 'one' : 'other';
  return t(`${key}_${form}`, formatNumber(count), ...substitutions);
}

export function uiLanguage(): string {
  return i18n()?.getUILanguage() || globalThis.navigator?.language || 'en';
}

/**
 * Labels read at the moment they are shown, so that a table of labels defined at module load speaks the
 * language of the moment (and needs no catalogue to be loaded).
 */
export function lazyLabels<K extends string>(source: Record<K, () => string>): Readonly<Record<K, string>> {
  const labels = {} as Record<K, string>;
  for (const key of Object.keys(source) as K[]) {
    Object.defineProperty(labels, key, { get: source[key], enumerable: true });
  }
  return labels;
}

interface Formats {
  language: string;
  date: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
  plural: Intl.PluralRules;
  and: Intl.ListFormat;
  or: Intl.ListFormat;
}

let cached: Formats | undefined;

// Built once per language: Intl formatters are costly to create and the language rarely changes.
function formats(): Formats {
  const language = uiLanguage();
  if (cached?.language === language) return cached;
  cached = {
    language,
    date: new Intl.DateTimeFormat(language, { dateStyle: 'medium' }),
    dateTime: new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }),
    time: new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }),
    number: new Intl.NumberFormat(language),
    plural: new Intl.PluralRules(language),
    and: new Intl.ListFormat(language, { type: 'conjunction' }),
    or: new Intl.ListFormat(language, { type: 'disjunction' }),
  };
  return cached;
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formats().date.format(date);
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formats().dateTime.format(date);
}

export function formatNumber(value: number): string {
  return formats().number.format(value);
}

/** "a, b and c" / "a, b or c" in the UI language. */
export function formatList(items: readonly string[], type: 'and' | 'or' = 'and'): string {
  return formats()[type].format(items);
}

/** A time of day ("17:00", "5:00 PM") in the UI language. */
export function formatTime(hour: number, minute = 0): string {
  return formats().time.format(new Date(2000, 0, 1, hour, minute));
}
