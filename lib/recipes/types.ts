/**
 * Site recipes: what an agent taught the extension about a CRM page it does not know — where the page is (its
 * host and a URL template) and where the person's fields are (one selector description each). Plain types and
 * limits, free of any library, so the code that reads a page with a recipe (read.ts, pattern.ts) can run in the
 * content script at the cost of a few hundred bytes; the schema that checks a recipe is in schema.ts.
 */

/** The fields a recipe can read; `company` is PageContact's `companyName`. */
export const RECIPE_FIELDS = ['name', 'email', 'phone', 'company'] as const;
export type RecipeField = (typeof RECIPE_FIELDS)[number];

/**
 * Where a field's value is. `css` selects the value's element (its text; a form control's value; for email and
 * phone, the address of a `mailto:`/`tel:` link in it). With `label`, only those of the elements `css` selects
 * whose label reads `label` count: the `dt` of a `dd`, the header cell before a cell, the `<label for>`, or the
 * label-like element just before it or its parent. Labels compare without case, accents, colons or stars.
 */
export interface FieldSelector {
  css: string;
  label?: string;
}

export interface Recipe {
  version: 1;
  /** Letters, digits, `_` and `-`: how imports and managed recipes replace one another. */
  id: string;
  /** What the agent calls the page ("Acme CRM – client"). */
  label: string;
  /** An exact host (`app2.gleantap.com`) or `*.domain` (the domain and every subdomain). */
  host: string;
  /** A URL template (pattern.ts): `/contacts/:id`, `/#/clientes/:id`, `/clientes/ficha?id=:id`. */
  urlPattern: string;
  fields: Partial<Record<RecipeField, FieldSelector>>;
  /** The HighLevel location the page's people belong to; absent: the agent's default location. */
  locationId?: string;
}

export const RECIPE_FILE_KIND = 'highlevel-sidebar.recipes';

/** The export and import file, and the managed `recipes` value. */
export interface RecipeFile {
  kind: typeof RECIPE_FILE_KIND;
  version: 1;
  recipes: Recipe[];
}

export const LIMITS = {
  /** A file, in UTF-8 bytes. */
  fileBytes: 64 * 1024,
  recipes: 50,
  urlPattern: 300,
  css: 200,
  /** Compound selectors in one `css` (`main > dl dd` is three). */
  cssCompounds: 8,
  label: 60,
  recipeLabel: 80,
  /** A value read off a page, in characters. */
  value: 200,
} as const;
