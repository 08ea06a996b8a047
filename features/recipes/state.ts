/** The options page's recipes: the list as the background reports it, and importing, exporting, deleting. */
import { signal } from '@preact/signals';
import { type ErrorView, settle } from '../../lib/messaging/reply';
import { exportRecipes, recipeErrorMessage } from '../../lib/recipes/file';
import type { RecipeCatalogue } from '../../lib/recipes/store';
import { t } from '../../lib/ui/i18n';
import { sendRecipeMessage } from './messenger';
import type { RecipesProtocol } from './protocol';

type Send = <K extends keyof RecipesProtocol>(
  type: K,
  payload: Parameters<RecipesProtocol[K]>[0],
) => Promise<ReturnType<RecipesProtocol[K]>>;

export function createRecipesState(send: Send = sendRecipeMessage as Send) {
  const catalogue = signal<RecipeCatalogue | null>(null);
  const error = signal<ErrorView | null>(null);
  /** The last import's outcome, as a sentence: how many, or why the file was refused. */
  const notice = signal<{ ok: boolean; text: string } | null>(null);

  async function refresh() {
    const reply = await settle(send('recipes.list', undefined));
    if (reply.ok) {
      catalogue.value = reply.value;
      error.value = null;
    } else error.value = reply.error;
  }

  async function importText(text: string) {
    const reply = await settle(send('recipes.import', { text }));
    if (!reply.ok) {
      error.value = reply.error;
      return;
    }
    const result = reply.value;
    notice.value = result.ok
      ? { ok: true, text: t('recipes_imported', String(result.count)) }
      : { ok: false, text: recipeErrorMessage(result.error) };
    await refresh();
  }

  async function remove(id: string) {
    await settle(send('recipes.remove', { id }));
    await refresh();
  }

  /** The file of every recipe in use (the admin's too: a file to share is a file of what works here). */
  const exportText = () => exportRecipes(catalogue.value?.recipes.map((entry) => entry.recipe) ?? []);

  return { catalogue, error, notice, refresh, importText, remove, exportText };
}

export type RecipesState = ReturnType<typeof createRecipesState>;
