import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listRecipes, saveRecipe } from '../../../lib/recipes/store';
import { closeSettings } from '../../../lib/storage/settings';
import { type AlwaysOnDeps, createAlwaysOn, minimalRecipe, originPattern } from './always-on';

beforeEach(async () => {
  await closeSettings();
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
});

function setup(granted: boolean, registered: string[] = []) {
  const deps: AlwaysOnDeps = {
    granted: vi.fn(async () => granted),
    registeredIds: vi.fn(async () => registered),
    register: vi.fn(async () => undefined),
    saveRecipe,
  };
  return { deps, alwaysOn: createAlwaysOn(deps) };
}

const NOTE = 'https://app.acme-notes.com/notes/7';

describe('always on for this site', () => {
  it('with the origin granted: registers the app script for it and stores a recipe that passes the schema', async () => {
    const { deps, alwaysOn } = setup(true);
    expect(await alwaysOn.enable(NOTE)).toEqual({
      status: 'on',
      origin: 'https://app.acme-notes.com/*',
      recipe: true,
    });
    expect(deps.register).toHaveBeenCalledWith([
      {
        id: 'app-app.acme-notes.com',
        matches: ['https://app.acme-notes.com/*'],
        js: ['any-app.js'],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
    const { recipes } = await listRecipes();
    expect(recipes.map((entry) => entry.recipe)).toEqual([
      {
        version: 1,
        id: 'app-app-acme-notes-com',
        label: 'app.acme-notes.com',
        host: 'app.acme-notes.com',
        urlPattern: '/notes/:id',
        fields: { email: { css: 'a[href^="mailto:"]' } },
      },
    ]);
  });

  it('registers once', async () => {
    const { deps, alwaysOn } = setup(true, ['app-app.acme-notes.com']);
    await alwaysOn.enable(NOTE);
    expect(deps.register).not.toHaveBeenCalled();
  });

  it('without the grant: registers and stores nothing, and names the origin to ask for', async () => {
    const { deps, alwaysOn } = setup(false);
    expect(await alwaysOn.enable(NOTE)).toEqual({
      status: 'permission.missing',
      origin: 'https://app.acme-notes.com/*',
    });
    expect(deps.register).not.toHaveBeenCalled();
    expect((await listRecipes()).recipes).toEqual([]);
  });

  it('refuses browser pages, CRM pages and plain http', async () => {
    const { deps, alwaysOn } = setup(true);
    expect(await alwaysOn.enable('chrome://settings/')).toEqual({ status: 'page.unscriptable' });
    expect(await alwaysOn.enable('https://app.gleantap.com/contacts/1')).toEqual({ status: 'page.crm' });
    expect(await alwaysOn.enable('http://intranet.example/notes/7')).toEqual({ status: 'page.unscriptable' });
    expect(deps.granted).not.toHaveBeenCalled();
    expect(originPattern('http://intranet.example/')).toBeNull();
  });

  it('a page whose URL names no record: the script, and no recipe', async () => {
    const { alwaysOn } = setup(true);
    expect(minimalRecipe('https://app.acme-notes.com/')).toBeNull();
    expect(await alwaysOn.enable('https://app.acme-notes.com/')).toMatchObject({
      status: 'on',
      recipe: false,
    });
  });
});
