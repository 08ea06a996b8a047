// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setTestLanguage } from '../../test/i18n-fake';
import { exportRecipes, parseRecipeFile, readRecipeList, recipeErrorMessage } from './file.ts';
import { isSafeCss } from './schema.ts';
import type { Recipe } from './types.ts';

const recipe = (overrides: Partial<Recipe> & Record<string, unknown> = {}): Recipe =>
  ({
    version: 1,
    id: 'acme-client',
    label: 'Acme – client',
    host: '*.acme.com',
    urlPattern: '/clientes/:id',
    fields: {
      name: { css: 'h1' },
      email: { css: 'a[href^="mailto:"]' },
      phone: { css: 'dd', label: 'Teléfono' },
    },
    locationId: 'loc_1',
    ...overrides,
  }) as Recipe;

const file = (recipes: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ kind: 'highlevel-sidebar.recipes', version: 1, recipes, ...extra });

const refusal = (text: string) => {
  const result = parseRecipeFile(text);
  if (result.ok) throw new Error('accepted');
  return result.error;
};

afterEach(() => setTestLanguage('en'));

describe('parseRecipeFile', () => {
  it('round-trips an exported file', () => {
    const recipes = [
      recipe(),
      recipe({ id: 'b', host: 'app2.gleantap.com', urlPattern: '/#/c?contact=:id', locationId: undefined }),
    ];
    const text = exportRecipes(recipes);
    expect(JSON.parse(text).kind).toBe('highlevel-sidebar.recipes');
    expect(parseRecipeFile(text)).toEqual({ ok: true, recipes: JSON.parse(JSON.stringify(recipes)) });
  });

  it('exports only the recipe’s own fields', () => {
    const text = exportRecipes([
      { ...recipe(), managed: true, fields: { name: { css: 'h1', extra: 1 } } } as Recipe,
    ]);
    expect(JSON.parse(text).recipes[0]).toEqual({ ...recipe(), fields: { name: { css: 'h1' } } });
  });

  it('refuses what is not JSON, not a recipes file, or of another version', () => {
    expect(refusal('{ nope')).toEqual({ code: 'json' });
    expect(refusal('[]')).toEqual({ code: 'kind' });
    expect(refusal('null')).toEqual({ code: 'kind' });
    expect(refusal(JSON.stringify({ kind: 'other', version: 1, recipes: [] }))).toEqual({ code: 'kind' });
    expect(refusal(file([], { version: 2 }))).toEqual({ code: 'version' });
    expect(refusal(file([recipe({ version: 2 as 1 })]))).toMatchObject({ code: 'version', index: 0 });
    expect(refusal(file([], { extra: true }))).toEqual({ code: 'schema', path: 'extra' });
  });

  it('refuses oversized files and too many recipes', () => {
    expect(refusal(file([recipe({ label: 'x'.repeat(70_000) })]))).toEqual({ code: 'size' });
    expect(refusal(file([recipe({ label: 'é'.repeat(33_000) })]))).toEqual({ code: 'size' });
    expect(refusal(file(Array.from({ length: 51 }, (_, n) => recipe({ id: `r${n}` }))))).toEqual({
      code: 'count',
    });
  });

  it('refuses bad hosts, regular expressions and bad templates, naming the recipe', () => {
    expect(refusal(file([recipe({ host: '*' })]))).toEqual({
      code: 'host',
      index: 0,
      recipe: 'Acme – client',
      path: 'host',
    });
    expect(refusal(file([recipe({ host: 'https://acme.com' })])).code).toBe('host');
    expect(
      refusal(file([recipe(), recipe({ id: 'two', label: 'Two', urlPattern: '^/c/(?<id>.+)$' })])),
    ).toEqual({
      code: 'regex',
      index: 1,
      recipe: 'Two',
      path: 'urlPattern',
    });
    expect(refusal(file([recipe({ urlPattern: '/clientes/:cid' })])).code).toBe('pattern');
  });

  it('refuses selectors that do not parse, are too long or too complex', () => {
    for (const css of [
      'h1[',
      'a'.repeat(201),
      'div div div div div div div div div',
      ':has(a)',
      'div:is(.a, .b)',
      'a, b',
      'p:not(:not(.x))',
      'a::before',
      '\\61',
      '',
    ]) {
      expect(refusal(file([recipe({ fields: { name: { css } } })])), css).toMatchObject({
        code: 'selector',
        path: 'fields.name.css',
      });
    }
    expect(refusal(file([recipe({ fields: { name: { css: 'dd', label: '  ' } } })])).code).toBe('schema');
    expect(refusal(file([recipe({ fields: {} })])).code).toBe('fields');
  });

  it('refuses unknown entries, duplicate ids and bad location ids', () => {
    expect(refusal(file([recipe({ script: 'x' })])).code).toBe('schema');
    expect(refusal(file([recipe({ locationId: '../x' })]))).toMatchObject({
      code: 'schema',
      path: 'locationId',
    });
    expect(refusal(file([recipe(), recipe()]))).toEqual({
      code: 'duplicate',
      index: 1,
      recipe: 'Acme – client',
    });
  });

  it('refuses a hostile file of 50 recipes quickly', () => {
    const hostile = Array.from({ length: 50 }, (_, n) =>
      recipe({
        id: `r${n}`,
        label: 'a'.repeat(60),
        urlPattern: `/${'(a+)+'.repeat(40)}$`,
        fields: { name: { css: `${'div '.repeat(30)}*:not(${'a'.repeat(50)})` } },
      }),
    );
    const text = file(hostile);
    expect(text.length).toBeLessThan(64 * 1024);
    const started = performance.now();
    expect(refusal(text).code).toBe('regex');
    const lenient = readRecipeList(JSON.parse(text));
    expect(lenient.recipes).toEqual([]);
    expect(lenient.rejected).toHaveLength(50);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('checks 50 recipes of valid templates and hostile selectors quickly', () => {
    const hostile = Array.from({ length: 50 }, (_, n) =>
      recipe({
        id: `r${n}`,
        urlPattern: `/${Array.from({ length: 9 }, (_, i) => `a/:p${i}`).join('/')}/:id?k1=v&k2=v&k3=v&x=:x`,
        fields: {
          name: { css: `div${'[data-a="((((a+)+)+)+"]'.repeat(7)}`.slice(0, 200) },
          email: { css: `p:not(${'('.repeat(90)}` },
          phone: { css: `${'a '.repeat(99)}` },
          company: { css: `x${':nth-child(2n+1)'.repeat(11)}` },
        },
      }),
    );
    const text = file(hostile);
    const started = performance.now();
    const lenient = readRecipeList(JSON.parse(text));
    expect(performance.now() - started).toBeLessThan(50);
    expect(lenient.recipes).toEqual([]);
    expect(lenient.rejected.every((error) => error.code === 'selector')).toBe(true);
  });

  it('checks selectors without a document (a service worker) by their shape alone', () => {
    const original = document;
    vi.stubGlobal('document', undefined);
    expect(isSafeCss('dd')).toBe(true);
    expect(isSafeCss(':has(a)')).toBe(false);
    vi.stubGlobal('document', original);
    expect(isSafeCss('dd[')).toBe(false);
  });
});

describe('readRecipeList (managed recipes)', () => {
  it('keeps the valid recipes and reports each invalid one', () => {
    const result = readRecipeList({
      kind: 'highlevel-sidebar.recipes',
      version: 1,
      recipes: [recipe(), recipe({ id: 'bad', host: '*.com' }), 'nope', recipe({ id: 'ok2' })],
    });
    expect(result.recipes.map((r) => r.id)).toEqual(['acme-client', 'ok2']);
    expect(result.rejected).toEqual([
      { code: 'host', index: 1, recipe: 'Acme – client', path: 'host' },
      { code: 'schema', index: 2 },
    ]);
  });
});

describe('recipeErrorMessage', () => {
  it('says why in English and Spanish, naming the recipe', () => {
    expect(recipeErrorMessage({ code: 'count' })).toBe(
      'The file has too many recipes: at most 50 at a time.',
    );
    expect(recipeErrorMessage({ code: 'regex', index: 1, recipe: 'Two' })).toMatch(
      /^Recipe “Two”: .*regular expression/,
    );
    expect(recipeErrorMessage({ code: 'schema', index: 2 })).toMatch(/^Recipe “3”: /);
    setTestLanguage('es');
    expect(recipeErrorMessage({ code: 'size' })).toBe(
      'El archivo es demasiado grande: un archivo de recetas ocupa como máximo 64 kB.',
    );
    expect(recipeErrorMessage({ code: 'selector', index: 0, recipe: 'Uno' })).toMatch(
      /^Receta «Uno»: .*selector/,
    );
  });
});
