import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setTestLanguage } from '../../test/i18n-fake';
import { formatList, formatNumber, formatTime, lazyLabels, t, tCount } from './i18n';

const root = join(__dirname, '../..');
const catalogue = (lang: string) =>
  JSON.parse(readFileSync(join(root, 'public/_locales', lang, 'messages.json'), 'utf8')) as Record<
    string,
    { message: string }
  >;

// Every key the code asks for is checked by the type checker (MessageKey, from the English catalogue).
describe('the message catalogues', () => {
  const en = catalogue('en');
  const es = catalogue('es');

  it('have the same keys in English and Spanish', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });
});

describe('formatting in the UI language', () => {
  afterEach(() => setTestLanguage('en'));

  it('chooses the singular or plural message by the language’s plural rules, with the count formatted', () => {
    expect(tCount('report_contacts', 1)).toBe('1 contact');
    expect(tCount('report_contacts', 0)).toBe('0 contacts');
    expect(tCount('report_contacts', 12_500)).toBe('12,500 contacts');
    setTestLanguage('es');
    expect(tCount('report_contacts', 1)).toBe('1 contacto');
    expect(tCount('report_contacts', 12_500)).toBe('12.500 contactos');
  });

  it('formats numbers, lists and times for the language of the moment', () => {
    expect(formatList(['a', 'b', 'c'], 'or')).toBe('a, b, or c');
    expect(formatTime(17)).toMatch(/^5:00\sPM$/);
    setTestLanguage('es');
    expect(formatNumber(1_234_567.5)).toBe('1.234.567,5');
    expect(formatList(['a', 'b', 'c'], 'or')).toBe('a, b o c');
    expect(formatTime(17)).toBe('17:00');
  });

  it('reads lazy labels when they are shown, not when they are defined', () => {
    const labels = lazyLabels({ site: () => t('auto_site') });
    expect(labels.site).toBe('Site');
    setTestLanguage('es');
    expect(labels.site).toBe('Sitio');
    expect(Object.keys(labels)).toEqual(['site']);
  });
});
