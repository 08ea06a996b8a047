import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeSettings, connectionsItem } from '../storage/settings.ts';
import { exportRecipes } from './file.ts';
import {
  importRecipes,
  listRecipes,
  mergeRecipes,
  readManagedRecipes,
  removeRecipe,
  saveRecipe,
} from './store.ts';
import type { Recipe } from './types.ts';

const recipe = (id: string, overrides: Partial<Recipe> = {}): Recipe => ({
  version: 1,
  id,
  label: `Recipe ${id}`,
  host: 'crm.acme.com',
  urlPattern: '/clientes/:id',
  fields: { name: { css: 'h1' } },
  ...overrides,
});

const managedFile = (recipes: unknown[]) => ({ kind: 'highlevel-sidebar.recipes', version: 1, recipes });

beforeEach(async () => {
  await closeSettings();
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
});

describe('mergeRecipes', () => {
  it('puts the admin’s first and lets them win on an id clash', () => {
    const local = [recipe('a'), recipe('b', { label: 'mine' })];
    const managed = [recipe('b', { label: 'admin' }), recipe('c')];
    expect(mergeRecipes(local, managed)).toEqual([
      { recipe: managed[0], managed: true },
      { recipe: managed[1], managed: true },
      { recipe: local[0], managed: false },
    ]);
  });
});

describe('the recipes store', () => {
  it('saves, replaces by id and removes the agent’s recipes in IndexedDB, beside the other settings', async () => {
    await connectionsItem.setValue([{ locationId: 'loc1', mode: 'pit', scopes: [], connectedAt: 1 }]);
    expect(await saveRecipe(recipe('a'))).toMatchObject({ ok: true });
    expect(await saveRecipe(recipe('a', { label: 'renamed' }))).toMatchObject({ ok: true });
    await closeSettings();
    const { recipes } = await listRecipes();
    expect(recipes).toEqual([{ recipe: recipe('a', { label: 'renamed' }), managed: false }]);
    expect(await connectionsItem.getValue()).toHaveLength(1);
    expect(await removeRecipe('a')).toBe(true);
    expect(await removeRecipe('a')).toBe(false);
    expect((await listRecipes()).recipes).toEqual([]);
  });

  it('refuses to save an invalid recipe', async () => {
    expect(await saveRecipe(recipe('a', { urlPattern: '/(.*)' }))).toEqual({
      ok: false,
      error: { code: 'regex', index: 0, recipe: 'Recipe a', path: 'urlPattern' },
    });
  });

  it('merges the managed recipes, reporting and leaving out the invalid ones', async () => {
    await saveRecipe(recipe('a'));
    await saveRecipe(recipe('b', { label: 'mine' }));
    await fakeBrowser.storage.managed.set({
      recipes: managedFile([recipe('b', { label: 'admin' }), recipe('bad', { host: '*' })]),
    });
    const catalogue = await listRecipes();
    expect(catalogue.recipes).toEqual([
      { recipe: recipe('b', { label: 'admin' }), managed: true },
      { recipe: recipe('a'), managed: false },
    ]);
    expect(catalogue.rejected).toEqual([{ code: 'host', index: 1, recipe: 'Recipe bad', path: 'host' }]);
  });

  it('keeps managed recipes read-only: no save or import over one', async () => {
    await fakeBrowser.storage.managed.set({ recipes: managedFile([recipe('m')]) });
    expect(await saveRecipe(recipe('m', { label: 'mine' }))).toEqual({
      ok: false,
      error: { code: 'managed', recipe: 'mine' },
    });
    expect(await importRecipes(exportRecipes([recipe('x'), recipe('m')]))).toMatchObject({
      ok: false,
      error: { code: 'managed' },
    });
    expect((await listRecipes()).recipes.map((entry) => entry.recipe.id)).toEqual(['m']);
  });

  it('imports a file all or none, within the limit of recipes', async () => {
    expect(await importRecipes('{')).toEqual({ ok: false, error: { code: 'json' } });
    await saveRecipe(recipe('a'));
    const many = Array.from({ length: 50 }, (_, n) => recipe(`n${n}`));
    expect(await importRecipes(exportRecipes(many))).toEqual({ ok: false, error: { code: 'count' } });
    expect(await importRecipes(exportRecipes([recipe('a', { label: 'new' }), recipe('b')]))).toMatchObject({
      ok: true,
    });
    expect((await listRecipes()).recipes.map((entry) => entry.recipe.label)).toEqual(['new', 'Recipe b']);
  });

  it('reads a managed value given as the file’s text, keeping its valid recipes', async () => {
    await fakeBrowser.storage.managed.set({
      recipes: JSON.stringify(managedFile([recipe('m'), recipe('x', { fields: {} })])),
    });
    expect(await readManagedRecipes()).toEqual({
      recipes: [recipe('m')],
      rejected: [{ code: 'fields', index: 1, recipe: 'Recipe x', path: 'fields' }],
    });
    await fakeBrowser.storage.managed.set({ recipes: '{"kind":"other"}' });
    expect(await readManagedRecipes()).toEqual({ recipes: [], rejected: [{ code: 'kind' }] });
  });

  it('reads no managed recipes where the browser has no managed storage (Firefox without a policy)', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(
      new Error('Managed storage manifest not found'),
    );
    await saveRecipe(recipe('a'));
    expect(await listRecipes()).toEqual({ recipes: [{ recipe: recipe('a'), managed: false }], rejected: [] });
  });

  it('leaves out a stored recipe that no longer passes the checks', async () => {
    await saveRecipe(recipe('a'));
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('hl-sidebar-settings');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = database.transaction('settings', 'readwrite');
      tx.objectStore('settings').put({ version: 1, value: [recipe('a'), { id: 'planted' }] }, 'siteRecipes');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    database.close();
    expect((await listRecipes()).recipes.map((entry) => entry.recipe.id)).toEqual(['a']);
  });
});
