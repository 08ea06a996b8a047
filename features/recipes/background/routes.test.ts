import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Route } from '../../../lib/messaging/router.ts';
import type { RecipeEntry } from '../../../lib/recipes/store.ts';
import type { Recipe } from '../../../lib/recipes/types.ts';
import { createRecipeRoutes, type RecipeStore } from './routes.ts';

const self = {
  id: 'ourextensionidourextensionidabcd',
  baseUrl: 'chrome-extension://ourextensionidourextensionidabcd/',
};
const optionsPage = { id: self.id, url: `${self.baseUrl}options.html` };
const contentScript = (url: string) => ({ id: self.id, url, frameId: 0, tab: { id: 9, url } });

const recipe = (id: string, host: string): Recipe => ({
  version: 1,
  id,
  label: id,
  host,
  urlPattern: '/personas/detalle/:id',
  fields: { name: { css: 'dd', label: 'Nombre completo' } },
});
const entries: RecipeEntry[] = [
  { recipe: recipe('crm', 'crm.gestioo.com'), managed: false },
  { recipe: recipe('all', '*.gestioo.com'), managed: true },
  { recipe: recipe('other', 'app.gleantap.com'), managed: false },
];

function setup() {
  const store: RecipeStore = {
    list: vi.fn(async () => ({ recipes: entries, rejected: [] })),
    import: vi.fn(async () => ({ ok: false as const, error: { code: 'json' as const } })),
    save: vi.fn(async () => ({ ok: true as const })),
    remove: vi.fn(async () => true),
  };
  const routes = createRecipeRoutes(store);
  const dispatch = createDispatcher(routes as unknown as Record<string, Route<unknown, unknown>>, {
    self,
    grantedScopes: async () => null,
  });
  return { dispatch, store };
}

describe('recipe routes', () => {
  it("gives a content script its own page's host's recipes only, whatever it asks", async () => {
    const { dispatch } = setup();
    const reply = await dispatch(
      'recipes.forPage',
      undefined,
      contentScript('https://crm.gestioo.com/personas/detalle/4512'),
    );
    expect(reply).toEqual({ ok: true, value: { recipes: [entries[0]?.recipe, entries[1]?.recipe] } });
    const other = await dispatch(
      'recipes.forPage',
      undefined,
      contentScript('https://app.gestioo.com/clientes'),
    );
    expect(other).toEqual({ ok: true, value: { recipes: [entries[1]?.recipe] } });
    // A payload naming another host is refused, not followed.
    const named = await dispatch(
      'recipes.forPage',
      { host: 'app.gleantap.com' },
      contentScript('https://crm.gestioo.com/'),
    );
    expect(named.ok).toBe(false);
  });

  it('refuses a content script listing, importing or removing recipes', async () => {
    const { dispatch, store } = setup();
    const sender = contentScript('https://crm.gestioo.com/');
    for (const [type, payload] of [
      ['recipes.list', undefined],
      ['recipes.import', { text: '{}' }],
      ['recipes.remove', { id: 'crm' }],
      ['recipes.save', { recipe: recipe('crm', 'crm.gestioo.com') }],
    ] as const)
      expect(await dispatch(type, payload, sender)).toEqual({ ok: false, error: { kind: 'sender.denied' } });
    expect(store.import).not.toHaveBeenCalled();
    expect(store.remove).not.toHaveBeenCalled();
    expect(store.save).not.toHaveBeenCalled();
  });

  it('saves only a recipe the schema accepts', async () => {
    const { dispatch, store } = setup();
    const good = recipe('crm', 'crm.gestioo.com');
    expect(await dispatch('recipes.save', { recipe: good }, optionsPage)).toEqual({
      ok: true,
      value: { ok: true },
    });
    expect(store.save).toHaveBeenCalledWith(good);
    const bad: Record<string, unknown>[] = [
      { ...good, urlPattern: '/personas/(.*)' },
      { ...good, urlPattern: '/personas/detalle' },
      { ...good, host: '127.0.0.1' },
      { ...good, fields: {} },
      { ...good, fields: { name: { css: 'dd:has(script)' } } },
      { ...good, extra: true },
    ];
    for (const candidate of bad) {
      const reply = await dispatch('recipes.save', { recipe: candidate }, optionsPage);
      expect(reply.ok).toBe(false);
    }
    expect(store.save).toHaveBeenCalledTimes(1);
  });

  it('lists, imports and removes for the options page; a refused file is a typed error', async () => {
    const { dispatch, store } = setup();
    expect(await dispatch('recipes.list', undefined, optionsPage)).toEqual({
      ok: true,
      value: { recipes: entries, rejected: [] },
    });
    expect(await dispatch('recipes.import', { text: 'nope' }, optionsPage)).toEqual({
      ok: true,
      value: { ok: false, error: { code: 'json' } },
    });
    expect(await dispatch('recipes.remove', { id: 'crm' }, optionsPage)).toEqual({ ok: true, value: true });
    expect(store.remove).toHaveBeenCalledWith('crm');
    expect((await dispatch('recipes.remove', { id: '../x' }, optionsPage)).ok).toBe(false);
  });
});
