import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
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
      ...sourceFiles(join(root, 'components')),
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
