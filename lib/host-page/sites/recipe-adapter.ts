/**
 * A site's adapter with the agent's recipes for its host (lib/recipes): a record page the built-in routes do not
 * recognise is one when a recipe's URL template matches it, and its person is what the recipe reads on the page.
 * The built-in routes come first; the recipes are the background's answer for this page's host.
 */

import { recordIdAt } from '../../recipes/pattern';
import { readWithRecipe } from '../../recipes/read';
import type { Recipe } from '../../recipes/types';
import type { PageContact, SiteAdapter } from './types';

/** The first recipe that names a record at `url`, and that record's id. */
export function recipeAt(
  recipes: readonly Recipe[],
  url: URL,
): { recipe: Recipe; hostRecordId: string } | null {
  for (const recipe of recipes) {
    const hostRecordId = recordIdAt(recipe, url);
    if (hostRecordId) return { recipe, hostRecordId };
  }
  return null;
}

export function withRecipes(adapter: SiteAdapter, recipes: () => readonly Recipe[]): SiteAdapter {
  return {
    ...adapter,
    matchContactPage(url, overrides) {
      const builtIn = adapter.matchContactPage(url, overrides);
      if (builtIn) return builtIn;
      const found = recipeAt(recipes(), url);
      return found ? { hostRecordId: found.hostRecordId } : null;
    },
    extractContact(doc, url, overrides) {
      if (adapter.matchContactPage(url, overrides)) return adapter.extractContact(doc, url, overrides);
      const found = recipeAt(recipes(), url);
      if (!found) return null;
      const reading = readWithRecipe(found.recipe, doc);
      const contact: PageContact = { site: adapter.id, hostRecordId: found.hostRecordId };
      if (reading.name) contact.name = reading.name;
      if (reading.email) contact.email = reading.email;
      if (reading.phone) contact.phone = reading.phone;
      if (reading.company) contact.companyName = reading.company;
      return contact;
    },
  };
}
