// @vitest-environment jsdom
/**
 * Options › Sites › recipes: the list (the admin's marked, without Delete), delete, export as a file, and an
 * import whose refusal is one sentence in the UI's language.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../lib/messaging/reply';
import { parseRecipeFile } from '../../../lib/recipes/file';
import type { Recipe } from '../../../lib/recipes/types';
import { setTestLanguage } from '../../../test/i18n-fake';
import { createRecipesState } from '../state';
import { RecipesSection } from './RecipesSection';

afterEach(() => {
  cleanup();
  setTestLanguage('en');
});

const recipe = (id: string, label: string): Recipe => ({
  version: 1,
  id,
  label,
  host: 'crm.gestioo.com',
  urlPattern: '/personas/detalle/:id',
  fields: { name: { css: 'dl > dd', label: 'Nombre completo' } },
});

function setup() {
  const entries = [
    { recipe: recipe('admin', 'Admin page'), managed: true },
    { recipe: recipe('mine', 'My page'), managed: false },
  ];
  const send = vi.fn(async (type: string, payload: unknown) => {
    if (type === 'recipes.list') return ok({ recipes: entries, rejected: [] });
    if (type === 'recipes.remove') {
      entries.splice(
        entries.findIndex((e) => e.recipe.id === (payload as { id: string }).id),
        1,
      );
      return ok(true);
    }
    if (type === 'recipes.import') {
      const parsed = parseRecipeFile((payload as { text: string }).text);
      return ok(parsed.ok ? { ok: true, count: parsed.recipes.length } : parsed);
    }
    throw new Error(type);
  });
  const state = createRecipesState(send as never);
  return { state, send };
}

describe('the recipes on the options page', () => {
  it("lists them, the admin's marked and not deletable; deletes the agent's", async () => {
    const { state, send } = setup();
    render(<RecipesSection state={state} />);
    await screen.findByText('My page');
    expect(screen.getByText('(set by your administrator)')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete Admin page' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete My page' }));
    await waitFor(() => expect(screen.queryByText('My page')).toBeNull());
    expect(send).toHaveBeenCalledWith('recipes.remove', { id: 'mine' });
  });

  it('exports what it lists as a recipes file', async () => {
    const { state } = setup();
    await state.refresh();
    const parsed = parseRecipeFile(state.exportText());
    expect(parsed.ok && parsed.recipes.map((r) => r.id)).toEqual(['admin', 'mine']);
  });

  it('says why a file was refused, in Spanish too', async () => {
    setTestLanguage('es');
    const { state } = setup();
    render(<RecipesSection state={state} />);
    await state.importText('not json');
    expect((await screen.findByTestId('recipes-notice')).textContent).toMatch(/JSON/);
    expect(screen.getByTestId('recipes-notice').getAttribute('role')).toBe('alert');
    expect(screen.getByText('Importar recetas')).toBeTruthy();
    await state.importText(
      JSON.stringify({ kind: 'highlevel-sidebar.recipes', version: 1, recipes: [recipe('x', 'X')] }),
    );
    expect((await screen.findByTestId('recipes-notice')).textContent).toBe('Importadas: 1.');
  });
});
