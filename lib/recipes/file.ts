/**
 * The recipes file: what "Export" writes and "Import" reads, and the value an admin ships under the managed
 * `recipes` key. An import is refused whole, with a typed error and a sentence in the agent's language; managed
 * recipes are taken one by one (readRecipeList), the bad ones left out and reported. Every check is bounded by
 * the file's size (64 kB, 50 recipes) and none hands page or file text to a regular-expression engine, so a
 * hostile file is refused in milliseconds.
 */
import * as v from 'valibot';
import { type MessageKey, t } from '../ui/i18n.ts';
import { recipeSchema } from './schema.ts';
import { LIMITS, RECIPE_FIELDS, RECIPE_FILE_KIND, type Recipe, type RecipeFile } from './types.ts';

export type RecipeErrorCode =
  | 'json'
  | 'size'
  | 'kind'
  | 'version'
  | 'count'
  | 'duplicate'
  | 'host'
  | 'regex'
  | 'pattern'
  | 'selector'
  | 'fields'
  | 'schema'
  | 'slow'
  /** Saving or importing over a recipe the admin ships (managed storage): those are read-only. */
  | 'managed';

export interface RecipeError {
  code: RecipeErrorCode;
  /** The recipe's position in the file (0-based), for errors about one recipe. */
  index?: number;
  /** The recipe's label or id when it has a readable one. */
  recipe?: string;
  /** Where in the recipe (`fields.email.css`). */
  path?: string;
}

export type RecipeFileResult = { ok: true; recipes: Recipe[] } | { ok: false; error: RecipeError };

const RECIPE_CODES = new Set<RecipeErrorCode>(['version', 'host', 'regex', 'pattern', 'selector', 'fields']);
/** Past this, something is wrong with the machine or the file: refuse rather than keep a page waiting. */
const TIME_BUDGET_MS = 1000;

function nameOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { label, id } = raw as { label?: unknown; id?: unknown };
  const name = typeof label === 'string' && label.trim() ? label : typeof id === 'string' ? id : undefined;
  return name?.slice(0, LIMITS.recipeLabel);
}

/** One recipe checked against the schema: the recipe, or the first reason it is refused. */
function checkRecipe(raw: unknown, index: number): { recipe: Recipe } | { error: RecipeError } {
  const result = v.safeParse(recipeSchema, raw, { abortEarly: true });
  if (result.success) return { recipe: result.output };
  const issue = result.issues[0];
  const message = issue.message as RecipeErrorCode;
  const error: RecipeError = { code: RECIPE_CODES.has(message) ? message : 'schema', index };
  const name = nameOf(raw);
  if (name) error.recipe = name;
  const path = v.getDotPath(issue);
  if (path) error.path = path;
  return { error };
}

function checkEnvelope(value: unknown): { list: unknown[] } | { error: RecipeError } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: { code: 'kind' } };
  const file = value as Partial<Record<keyof RecipeFile, unknown>>;
  if (file.kind !== RECIPE_FILE_KIND) return { error: { code: 'kind' } };
  if (file.version !== 1) return { error: { code: 'version' } };
  if (!Array.isArray(file.recipes)) return { error: { code: 'schema', path: 'recipes' } };
  if (file.recipes.length > LIMITS.recipes) return { error: { code: 'count' } };
  const keys = Object.keys(file).filter((key) => !['kind', 'version', 'recipes'].includes(key));
  if (keys.length > 0) return { error: { code: 'schema', path: keys[0] } };
  return { list: file.recipes };
}

/**
 * Recipes from a parsed file (or the managed value), each checked on its own: the valid ones, and why each of
 * the others was left out. A file of the wrong kind, version or size yields only that error.
 */
export function readRecipeList(value: unknown): { recipes: Recipe[]; rejected: RecipeError[] } {
  const started = performance.now();
  const envelope = checkEnvelope(value);
  if ('error' in envelope) return { recipes: [], rejected: [envelope.error] };
  const recipes: Recipe[] = [];
  const rejected: RecipeError[] = [];
  for (const [index, raw] of envelope.list.entries()) {
    if (performance.now() - started > TIME_BUDGET_MS) {
      rejected.push({ code: 'slow', index });
      break;
    }
    const checked = checkRecipe(raw, index);
    if ('error' in checked) rejected.push(checked.error);
    else if (recipes.some((recipe) => recipe.id === checked.recipe.id))
      rejected.push({ code: 'duplicate', index, recipe: checked.recipe.label });
    else recipes.push(checked.recipe);
  }
  return { recipes, rejected };
}

/** An imported file's recipes, or the first reason to refuse the whole file. */
export function parseRecipeFile(text: string): RecipeFileResult {
  if (typeof text !== 'string') return { ok: false, error: { code: 'json' } };
  if (text.length > LIMITS.fileBytes || new TextEncoder().encode(text).length > LIMITS.fileBytes)
    return { ok: false, error: { code: 'size' } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'json' } };
  }
  const { recipes, rejected } = readRecipeList(value);
  const [error] = rejected;
  return error ? { ok: false, error } : { ok: true, recipes };
}

/** The file of `recipes` (only their recipe fields, in a fixed order), as the agent downloads it. */
export function exportRecipes(recipes: readonly Recipe[]): string {
  const file: RecipeFile = {
    kind: RECIPE_FILE_KIND,
    version: 1,
    recipes: recipes.map((recipe) => {
      const fields: Recipe['fields'] = {};
      for (const field of RECIPE_FIELDS) {
        const selector = recipe.fields[field];
        if (selector)
          fields[field] = selector.label
            ? { css: selector.css, label: selector.label }
            : { css: selector.css };
      }
      const clean: Recipe = {
        version: 1,
        id: recipe.id,
        label: recipe.label,
        host: recipe.host,
        urlPattern: recipe.urlPattern,
        fields,
      };
      if (recipe.locationId) clean.locationId = recipe.locationId;
      return clean;
    }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const MESSAGES: Record<RecipeErrorCode, MessageKey> = {
  json: 'recipe_error_json',
  size: 'recipe_error_size',
  kind: 'recipe_error_kind',
  version: 'recipe_error_version',
  count: 'recipe_error_count',
  duplicate: 'recipe_error_duplicate',
  host: 'recipe_error_host',
  regex: 'recipe_error_regex',
  pattern: 'recipe_error_pattern',
  selector: 'recipe_error_selector',
  fields: 'recipe_error_fields',
  schema: 'recipe_error_schema',
  slow: 'recipe_error_slow',
  managed: 'recipe_error_managed',
};

/** The refusal as one sentence in the UI language, naming the recipe when it is about one. */
export function recipeErrorMessage(error: RecipeError): string {
  const sentence = t(MESSAGES[error.code], String(LIMITS.recipes), String(LIMITS.fileBytes / 1024));
  if (error.index === undefined) return sentence;
  return t('recipe_error_in', error.recipe ?? String(error.index + 1), sentence);
}
