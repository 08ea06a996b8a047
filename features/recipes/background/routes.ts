/**
 * The recipes' routes. A content script gets the recipes of its own page's host only — the host is read from
 * the sender's URL (which the browser sets), never from the payload — so a page learns nothing of what the agent
 * taught about other sites. Listing, importing and removing are the extension pages' alone.
 */
import { HOST_PAGE_PAYLOADS } from '../../../lib/host-page/payloads';
import type { HostPageProtocol } from '../../../lib/host-page/protocol';
import { ok } from '../../../lib/messaging/reply';
import type { RouteTable } from '../../../lib/messaging/router';
import type { RecipeError, RecipeFileResult } from '../../../lib/recipes/file';
import { hostMatches } from '../../../lib/recipes/pattern';
import type { RecipeCatalogue } from '../../../lib/recipes/store';
import type { Recipe } from '../../../lib/recipes/types';
import { RECIPE_PAYLOADS } from '../payloads';
import type { RecipesProtocol } from '../protocol';

export interface RecipeStore {
  list(): Promise<RecipeCatalogue>;
  import(text: string): Promise<RecipeFileResult>;
  save(recipe: Recipe): Promise<{ ok: true } | { ok: false; error: RecipeError }>;
  remove(id: string): Promise<boolean>;
}

export function createRecipeRoutes(
  store: RecipeStore,
): RouteTable<RecipesProtocol & Pick<HostPageProtocol, 'recipes.forPage'>> {
  return {
    'recipes.forPage': {
      from: ['content-script'],
      payload: HOST_PAGE_PAYLOADS['recipes.forPage'],
      async handle(_payload, sender) {
        if (sender.kind !== 'content-script') return ok({ recipes: [] });
        let hostname: string;
        try {
          hostname = new URL(sender.url).hostname;
        } catch {
          return ok({ recipes: [] });
        }
        const { recipes } = await store.list();
        return ok({
          recipes: recipes
            .map((entry) => entry.recipe)
            .filter((recipe) => hostMatches(recipe.host, hostname)),
        });
      },
    },
    'recipes.list': {
      from: ['extension-page'],
      payload: RECIPE_PAYLOADS['recipes.list'],
      handle: async () => ok(await store.list()),
    },
    'recipes.import': {
      from: ['extension-page'],
      payload: RECIPE_PAYLOADS['recipes.import'],
      async handle({ text }) {
        const result = await store.import(text);
        return ok(result.ok ? { ok: true as const, count: result.recipes.length } : result);
      },
    },
    'recipes.save': {
      from: ['extension-page'],
      payload: RECIPE_PAYLOADS['recipes.save'],
      async handle({ recipe }) {
        const saved = await store.save(recipe);
        return ok(saved.ok ? { ok: true as const } : saved);
      },
    },
    'recipes.remove': {
      from: ['extension-page'],
      payload: RECIPE_PAYLOADS['recipes.remove'],
      handle: async ({ id }) => ok(await store.remove(id)),
    },
  };
}
