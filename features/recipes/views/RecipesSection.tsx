/**
 * The options page's recipes (inside "Sites"): what the agent taught by pointing or imported, the admin's marked
 * and read-only; delete, export (a file download) and import (a file; a refused file says why, in the UI's
 * language, and changes nothing).
 */
import { useEffect, useState } from 'preact/hooks';
import { recipeErrorMessage } from '../../../lib/recipes/file';
import { errorSentence } from '../../../lib/ui/errors';
import { t } from '../../../lib/ui/i18n';
import { createRecipesState, type RecipesState } from '../state';

export function RecipesSection({ state: given }: { state?: RecipesState }) {
  const [state] = useState(() => given ?? createRecipesState());
  useEffect(() => {
    void state.refresh();
  }, [state]);
  const catalogue = state.catalogue.value;
  const notice = state.notice.value;
  const error = state.error.value;

  const download = () => {
    const url = URL.createObjectURL(new Blob([state.exportText()], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'highlevel-sidebar-recipes.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const onFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    await state.importText(await file.text());
    input.value = '';
  };

  return (
    <div class="opt-recipes" data-testid="recipes">
      <h3 id="recipes-heading">{t('recipes_heading')}</h3>
      {error ? <p role="alert">{errorSentence(error)}</p> : null}
      {catalogue?.rejected.length ? (
        <p role="alert">{t('recipes_rejected', catalogue.rejected.map(recipeErrorMessage).join(' '))}</p>
      ) : null}
      {catalogue && catalogue.recipes.length === 0 ? (
        <p data-testid="no-recipes">{t('recipes_none')}</p>
      ) : null}
      {catalogue?.recipes.length ? (
        <ul class="opt-list" aria-labelledby="recipes-heading">
          {catalogue.recipes.map(({ recipe, managed }) => (
            <li key={recipe.id} data-recipe={recipe.id}>
              <strong>{recipe.label}</strong> <code>{recipe.host}</code> <code>{recipe.urlPattern}</code>
              {managed ? (
                <em> ({t('recipes_managed')})</em>
              ) : (
                <button type="button" onClick={() => void state.remove(recipe.id)}>
                  {t('recipes_delete', recipe.label)}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <button
          type="button"
          data-testid="recipes-export"
          disabled={!catalogue?.recipes.length}
          onClick={download}
        >
          {t('recipes_export')}
        </button>{' '}
        <label>
          {t('recipes_import')}{' '}
          <input type="file" accept=".json,application/json" data-testid="recipes-import" onChange={onFile} />
        </label>
      </p>
      {notice ? (
        <p role={notice.ok ? 'status' : 'alert'} data-testid="recipes-notice">
          {notice.text}
        </p>
      ) : null}
    </div>
  );
}
