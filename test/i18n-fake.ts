/** chrome.i18n for unit tests, from the real catalogues, in English unless a test asks for Spanish. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const LANGUAGES = { en: 'en-US', es: 'es-ES' } as const;
export type TestLanguage = keyof typeof LANGUAGES;

const catalogues = new Map<TestLanguage, Catalogue>();
let current: TestLanguage = 'en';

function catalogue(language: TestLanguage): Catalogue {
  let messages = catalogues.get(language);
  if (!messages) {
    messages = JSON.parse(
      readFileSync(join(process.cwd(), 'public/_locales', language, 'messages.json'), 'utf8'),
    ) as Catalogue;
    catalogues.set(language, messages);
  }
  return messages;
}

/** The language later getMessage/getUILanguage calls answer in; tests that switch switch back afterwards. */
export function setTestLanguage(language: TestLanguage): void {
  current = language;
}

export function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = catalogue(current)[key];
  if (!entry) return '';
  const subs = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
  return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => subs[Number(n) - 1] ?? '');
  });
}

export function getUILanguage(): string {
  return LANGUAGES[current];
}
