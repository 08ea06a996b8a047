/**
 * Where recipes live. The agent's own: a setting in the extension-origin IndexedDB (lib/storage/settings.ts), a
 * new key of the existing store, so no database version or migration is needed and nothing there changes; a
 * content script can neither read nor plant one (it gets the recipe for its page from the background). An
 * admin's: `storage.managed`, key `recipes`, in the file format (Chrome reads it from enterprise policy through
 * public/managed_schema.json; Firefox from a managed-storage manifest or its `3rdparty` policy). Managed recipes
 * win over local ones of the same id and are read-only; invalid managed entries are left out and reported.
 */
import { browser } from 'wxt/browser';
import { defineSetting } from '../storage/settings.ts';
import { parseRecipeFile, type RecipeError, type RecipeFileResult, readRecipeList } from './file.ts';
import { LIMITS, RECIPE_FILE_KIND, type Recipe } from './types.ts';

const localRecipesItem = defineSetting<Recipe[]>('siteRecipes', { fallback: [], version: 1 });

export interface RecipeEntry {
  recipe: Recipe;
  /** Shipped by the admin: shown, used, never edited or removed here. */
  managed: boolean;
}

export interface RecipeCatalogue {
  recipes: RecipeEntry[];
  /** Managed entries left out, and why (for the options page to show the admin's mistake). */
  rejected: RecipeError[];
}

const asFile = (recipes: unknown) => ({ kind: RECIPE_FILE_KIND, version: 1, recipes });

/** The admin's recipes: none when there is no policy (Firefox throws without a managed manifest). */
export async function readManagedRecipes(): Promise<{ recipes: Recipe[]; rejected: RecipeError[] }> {
  let value: unknown;
  try {
    value = (await browser.storage.managed.get('recipes')).recipes;
  } catch {
    return { recipes: [], rejected: [] };
  }
  if (value === undefined || value === null) return { recipes: [], rejected: [] };
  if (typeof value === 'string') {
    // A policy given as the file's text: a bad recipe in it must not hide the good ones.
    const parsed = parseRecipeFile(value);
    if (parsed.ok) return { recipes: parsed.recipes, rejected: [] };
    if (parsed.error.index === undefined) return { recipes: [], rejected: [parsed.error] };
    value = JSON.parse(value);
  }
  return readRecipeList(value);
}

/** Managed recipes first, then the local ones whose id no managed recipe takes. */
export function mergeRecipes(local: readonly Recipe[], managed: readonly Recipe[]): RecipeEntry[] {
  const managedIds = new Set(managed.map((recipe) => recipe.id));
  return [
    ...managed.map((recipe) => ({ recipe, managed: true })),
    ...local.filter((recipe) => !managedIds.has(recipe.id)).map((recipe) => ({ recipe, managed: false })),
  ];
}

/** The agent's recipes as stored, each checked again (a stored value is data, not a promise). */
async function readLocal(): Promise<Recipe[]> {
  return readRecipeList(asFile(await localRecipesItem.getValue())).recipes;
}

/** Every recipe in use: the admin's and the agent's, merged. */
export async function listRecipes(): Promise<RecipeCatalogue> {
  const [local, managed] = await Promise.all([readLocal(), readManagedRecipes()]);
  return { recipes: mergeRecipes(local, managed.recipes), rejected: managed.rejected };
}

type Saved = { ok: true; recipes: Recipe[] } | { ok: false; error: RecipeError };

/** Adds `incoming` to the local recipes (replacing those of the same id), unless one is the admin's. */
async function store(incoming: readonly Recipe[]): Promise<Saved> {
  const [local, managed] = await Promise.all([readLocal(), readManagedRecipes()]);
  const managedIds = new Set(managed.recipes.map((recipe) => recipe.id));
  const clash = incoming.find((recipe) => managedIds.has(recipe.id));
  if (clash) return { ok: false, error: { code: 'managed', recipe: clash.label } };
  const ids = new Set(incoming.map((recipe) => recipe.id));
  const next = [...local.filter((recipe) => !ids.has(recipe.id)), ...incoming];
  if (next.length > LIMITS.recipes) return { ok: false, error: { code: 'count' } };
  await localRecipesItem.setValue(next);
  return { ok: true, recipes: next };
}

/** Saves one recipe (new, or replacing the one of its id) after checking it. */
export async function saveRecipe(recipe: Recipe): Promise<Saved> {
  const checked = readRecipeList(asFile([recipe]));
  const [error] = checked.rejected;
  return error ? { ok: false, error } : store(checked.recipes);
}

/** Imports a file's recipes, all or none. */
export async function importRecipes(text: string): Promise<RecipeFileResult> {
  const parsed = parseRecipeFile(text);
  if (!parsed.ok) return parsed;
  const saved = await store(parsed.recipes);
  return saved.ok ? { ok: true, recipes: parsed.recipes } : saved;
}

/** Removes one of the agent's recipes; false when there is none of that id. */
export async function removeRecipe(id: string): Promise<boolean> {
  const stored = await localRecipesItem.getValue();
  const next = stored.filter((recipe) => recipe.id !== id);
  if (next.length === stored.length) return false;
  await localRecipesItem.setValue(next);
  return true;
}
