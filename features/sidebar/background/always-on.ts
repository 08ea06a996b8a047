/**
 * "Always on for this site": once the agent granted a site's origin (asked from a gesture on an extension page:
 * the popup, the options page — Firefox gives the sidebar's frame no permissions API), the background registers
 * the app script for that origin (`scripting.registerContentScripts`), so the sidebar comes with the page without
 * a click, and stores a minimal site recipe for the host (lib/recipes/store.ts, checked with the recipe schema),
 * which recognition of taught pages takes from there. It does nothing for an origin the browser has not granted.
 */
import { refusalFor } from '../../../lib/any-app/person';
import { generaliseUrl } from '../../../lib/recipes/generalise';
import type { Recipe } from '../../../lib/recipes/types';

/** The script `scripting.registerContentScripts` takes (Chrome's and Firefox's common part). */
export interface AppScript {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

export interface AlwaysOnDeps {
  /** `permissions.contains({ origins })`. */
  granted(origins: string[]): Promise<boolean>;
  /** The ids of the scripts registered already. */
  registeredIds(): Promise<string[]>;
  register(scripts: AppScript[]): Promise<void>;
  saveRecipe(recipe: Recipe): Promise<{ ok: boolean }>;
}

/** The app script's bundle (entrypoints/any-app.ts: not written yet, and nothing calls enable() yet). */
export const APP_SCRIPT = 'any-app.js';

export type AlwaysOnOutcome =
  | { status: 'on'; origin: string; recipe: boolean }
  | { status: 'page.unscriptable' | 'page.crm' | 'permission.missing'; origin?: string };

/** The origin pattern a site's permission is asked for: https only, the exact host. */
export function originPattern(url: string): string | null {
  if (refusalFor(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' ? `https://${parsed.hostname}/*` : null;
}

/** A minimal recipe for the host: the page's URL as a template, the person's email from a mailto link. */
export function minimalRecipe(url: string): Recipe | null {
  const general = generaliseUrl(url);
  if (!general) return null;
  return {
    version: 1,
    id: `app-${general.host.replace(/[^a-z0-9-]/g, '-')}`.slice(0, 64),
    label: general.host,
    host: general.host,
    urlPattern: general.urlPattern,
    fields: { email: { css: 'a[href^="mailto:"]' } },
  };
}

export function createAlwaysOn(deps: AlwaysOnDeps) {
  return {
    async enable(url: string): Promise<AlwaysOnOutcome> {
      const refusal = refusalFor(url);
      if (refusal) return { status: refusal };
      const origin = originPattern(url);
      if (!origin) return { status: 'page.unscriptable' };
      if (!(await deps.granted([origin]))) return { status: 'permission.missing', origin };
      const id = `app-${new URL(url).hostname}`;
      if (!(await deps.registeredIds()).includes(id))
        await deps.register([
          { id, matches: [origin], js: [APP_SCRIPT], runAt: 'document_idle', persistAcrossSessions: true },
        ]);
      const recipe = minimalRecipe(url);
      const saved = recipe ? await deps.saveRecipe(recipe) : { ok: false };
      return { status: 'on', origin, recipe: saved.ok };
    },
  };
}
