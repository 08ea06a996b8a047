/** Localised strings from _locales (English and Spanish), and Intl formatting in the browser's language. */

interface I18nApi {
  getMessage(key: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

// The i18n API is the same, synchronous, in every context and browser (Firefox has `chrome` too): no polyfill
// needed, which keeps this module free to load in unit tests.
const i18n = (): I18nApi | undefined => (globalThis as { chrome?: { i18n?: I18nApi } }).chrome?.i18n;

/** The messages of _locales, by key: English is the reference (i18n.test.ts checks Spanish has every key). */
type Messages = typeof import('../../public/_locales/en/messages.json');
export type MessageKey = Extract<keyof Messages, string>;
/** Keys of counted messages, whose `_one` and `_other` forms both exist. */
export type CountKey = {
  [K in MessageKey]: K extends `${infer Base}_one`
    ? `${Base}_other` extends MessageKey
      ? Base
      : never
    : never;
}[MessageKey];

/** `a.b` → `a_b`, in the type as at run time: message keys built from dotted kinds (`write_kind_task_create`). */
export type Underscored<S extends string> = S extends `${infer A}.${infer B}` ? `${A}_${Underscored<B>}` : S;
export function underscored<S extends string>(value: S): Underscored<S> {
  return value.replaceAll('.', '_') as Underscored<S>;
}

/** A message from _locales; the key itself when missing (the type checker knows every key). */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return i18n()?.getMessage(key, substitutions) || key;
}

/**
 * A message that counts something: `${key}_one` or `${key}_other`, chosen by the language's plural rules
 * (chrome.i18n has none). The count is the first substitution, formatted; English and Spanish need only
 * these two forms.
 */
export function tCount(key: CountKey, count: number, ...substitutions: string[]): string {
  const form = format('plural').select(count) === 'one' ? 'one' : 'other';
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

const FORMATS = {
  date: (language: string) => new Intl.DateTimeFormat(language, { dateStyle: 'medium' }),
  dateTime: (language: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }),
  time: (language: string) => new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }),
  number: (language: string) => new Intl.NumberFormat(language),
  plural: (language: string) => new Intl.PluralRules(language),
  and: (language: string) => new Intl.ListFormat(language, { type: 'conjunction' }),
  or: (language: string) => new Intl.ListFormat(language, { type: 'disjunction' }),
};
type Formats = { [K in keyof typeof FORMATS]: ReturnType<(typeof FORMATS)[K]> };

let cached: { language: string; built: Partial<Formats> } | undefined;

/**
 * One formatter, built on first use and kept for the language: Intl formatters are costly to create (the first
 * ones load the language's data), and a view that shows a date should not pay for lists and plurals too.
 */
function format<K extends keyof Formats>(kind: K): Formats[K] {
  const language = uiLanguage();
  if (cached?.language !== language) cached = { language, built: {} };
  const built = cached.built;
  built[kind] ??= FORMATS[kind](language) as Formats[K];
  return built[kind] as Formats[K];
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return format('date').format(date);
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return format('dateTime').format(date);
}

export function formatNumber(value: number): string {
  return format('number').format(value);
}

/** "a, b and c" / "a, b or c" in the UI language. */
export function formatList(items: readonly string[], type: 'and' | 'or' = 'and'): string {
  return format(type).format(items);
}

/** A time of day ("17:00", "5:00 PM") in the UI language. */
export function formatTime(hour: number, minute = 0): string {
  return format('time').format(new Date(2000, 0, 1, hour, minute));
}
