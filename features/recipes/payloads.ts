/**
 * The recipes' message payloads (the options page's Sites section; the content script's question is lib/host-page's 'recipes.forPage'), each defined
 * once as the schema its route checks (background/routes.ts).
 */
import * as v from 'valibot';
import { recipeSchema } from '../../lib/recipes/schema';
import { LIMITS } from '../../lib/recipes/types';

export const RECIPE_PAYLOADS = {
  'recipes.list': v.undefined(),
  /** A file's text; its checks are parseRecipeFile's (a refusal is a typed error, not a payload error). */
  'recipes.import': v.strictObject({ text: v.pipe(v.string(), v.maxLength(LIMITS.fileBytes * 4)) }),
  /** One recipe, new or replacing the agent's of its id: checked here with the recipe schema, then by the store. */
  'recipes.save': v.strictObject({ recipe: recipeSchema }),
  'recipes.remove': v.strictObject({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)) }),
} as const;
