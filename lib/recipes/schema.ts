/**
 * The schema of a recipe (valibot, as every other payload): structure and limits, plus three checks of our own
 * whose message is the refusal's code — `host`, `regex`/`pattern` (pattern.ts compiles the template; nothing is
 * ever handed to a regular-expression engine) and `selector` (safeCss). file.ts turns the first issue into a
 * typed error.
 */
import * as v from 'valibot';
import { highLevelIdSchema } from '../api/ids.ts';
import { compileUrlPattern, isRecipeHost } from './pattern.ts';
import { LIMITS, type Recipe } from './types.ts';

/** Pseudo-classes a selector may use: positions and simple negation, nothing that searches (`:has`, `:is`). */
const PSEUDO = new Set([
  'first-child',
  'last-child',
  'only-child',
  'first-of-type',
  'last-of-type',
  'only-of-type',
  'nth-child',
  'nth-of-type',
  'nth-last-child',
  'nth-last-of-type',
  'not',
]);

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Whether a selector is one a recipe may carry: at most LIMITS.css characters and LIMITS.cssCompounds
 * compound selectors, one selector (no list), no escapes, no nesting deeper than `:not(.x)`, only positional
 * pseudo-classes, and — where a document exists (not in Chrome's service worker) — one the browser parses.
 */
export function isSafeCss(css: string): boolean {
  if (!css.trim() || css.length > LIMITS.css || CONTROL.test(css) || /[\\,{};]|::/.test(css)) return false;
  const bare = css.replace(/"[^"]*"|'[^']*'/g, '""');
  if (/\([^()]*\(/.test(bare)) return false;
  for (const match of bare.matchAll(/:([\w-]+)/g))
    if (!PSEUDO.has(match[1]?.toLowerCase() ?? '')) return false;
  const compounds = bare
    .replace(/\[[^\]]*\]|\([^)]*\)/g, '')
    .trim()
    .split(/\s*[>+~]\s*|\s+/);
  if (compounds.length > LIMITS.cssCompounds || compounds.some((part) => part === '')) return false;
  const doc = (globalThis as { document?: Document }).document;
  if (!doc) return true;
  try {
    doc.createDocumentFragment().querySelector(css);
    return true;
  } catch {
    return false;
  }
}

const textSchema = (max: number) =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(max),
    v.check((text) => !CONTROL.test(text) && text.trim() === text),
  );

const fieldSelectorSchema = v.strictObject({
  css: v.pipe(v.string(), v.check(isSafeCss, 'selector')),
  label: v.optional(
    v.pipe(
      textSchema(LIMITS.label),
      v.check((label) => /\p{L}/u.test(label), 'selector'),
    ),
  ),
});

export const recipeSchema = v.strictObject({
  version: v.literal(1, 'version'),
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  label: textSchema(LIMITS.recipeLabel),
  host: v.pipe(v.string(), v.check(isRecipeHost, 'host')),
  urlPattern: v.pipe(
    v.string(),
    v.check((source) => {
      const compiled = compileUrlPattern(source);
      return compiled.ok || compiled.problem !== 'regex';
    }, 'regex'),
    v.check((source) => compileUrlPattern(source).ok, 'pattern'),
  ),
  fields: v.pipe(
    v.strictObject({
      name: v.optional(fieldSelectorSchema),
      email: v.optional(fieldSelectorSchema),
      phone: v.optional(fieldSelectorSchema),
      company: v.optional(fieldSelectorSchema),
    }),
    v.check((fields) => Object.values(fields).some(Boolean), 'fields'),
  ),
  locationId: v.optional(highLevelIdSchema),
});

// The schema's output is a Recipe (and a Recipe passes it): the two stay one shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<v.InferOutput<typeof recipeSchema>, Recipe> = true;
void sameShape;
