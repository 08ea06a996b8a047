/**
 * The recipes' messages: the options page lists, imports and removes them (the content script's question for those of
 * its own host is lib/host-page/protocol.ts's 'recipes.forPage') (lib/recipes/types.ts: what a recipe is). Payload types come from payloads.ts (types only).
 */
import type { Messages } from '../../lib/messaging/messages';
import type { RecipeError } from '../../lib/recipes/file';
import type { RecipeCatalogue } from '../../lib/recipes/store';
import type { RECIPE_PAYLOADS } from './payloads';

/** An import: how many recipes it added or replaced, or why the whole file was refused. */
export type ImportView = { ok: true; count: number } | { ok: false; error: RecipeError };

interface RecipeResults {
  'recipes.list': RecipeCatalogue;
  'recipes.import': ImportView;
  /** Saved, or why not (a recipe of the admin's id; too many recipes). */
  'recipes.save': { ok: true } | { ok: false; error: RecipeError };
  /** False: no recipe of the agent's has that id (managed ones cannot be removed). */
  'recipes.remove': boolean;
}

export type RecipesProtocol = Messages<typeof RECIPE_PAYLOADS, RecipeResults>;
