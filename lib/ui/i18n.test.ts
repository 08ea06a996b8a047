import { readdirSync, readFileSync, statSync } from 'node:fs';
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

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the message catalogues', () => {
  const en = catalogue('en');
  const es = catalogue('es');

  it('have the same keys in English and Spanish', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('contain every key the code asks for, including every error kind', () => {
    const used = new Set<string>();
    for (const file of [
      ...sourceFiles(join(root, 'features')),
      ...sourceFiles(join(root, 'lib')),
      ...sourceFiles(join(root, 'entrypoints')),
    ]) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([a-z_]+)'/g)) used.add(match[1] as string);
      // A count picks one of two forms by the language's plural rules: both must exist.
      for (const match of source.matchAll(/\btCount\(\s*'([a-z_]+)'/g)) {
        used.add(`${match[1]}_one`);
        used.add(`${match[1]}_other`);
      }
    }
    const kinds = readFileSync(join(root, 'lib/messaging/reply.ts'), 'utf8').match(/\| '([a-z.]+)'/g) ?? [];
    for (const kind of kinds) used.add(`error_${kind.slice(3, -1).replace('.', '_')}`);
    const missing = [...used].filter((key) => !(key in en));
    expect(missing).toEqual([]);
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
