// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Recipe } from '../../recipes/types.ts';
import { SITE_ADAPTERS } from './index.ts';
import { withRecipes } from './recipe-adapter.ts';

const gestioo = SITE_ADAPTERS.find((adapter) => adapter.id === 'gestioo');
if (!gestioo) throw new Error('no gestioo adapter');
const recipe: Recipe = {
  version: 1,
  id: 'crm',
  label: 'Gestioo personas',
  host: 'crm.gestioo.com',
  urlPattern: '/personas/detalle/:id',
  fields: {
    name: { css: 'dl.datos > dd', label: 'Nombre completo' },
    email: { css: 'dl.datos > dd', label: 'Correo electrónico' },
  },
};

function page(name: string, email: string): Document {
  const doc = document.implementation.createHTMLDocument('x');
  doc.body.innerHTML = `<dl class="datos"><dt>Nombre completo</dt><dd>${name}</dd><dt>Correo electrónico</dt><dd>${email}</dd></dl>`;
  return doc;
}

describe('a site adapter with recipes', () => {
  const adapter = withRecipes(gestioo, () => [recipe]);

  it('recognises a record the built-in routes do not, and reads its person with the recipe', () => {
    const url = new URL('https://crm.gestioo.com/personas/detalle/4512');
    expect(gestioo.matchContactPage(url)).toBeNull();
    expect(adapter.matchContactPage(url)).toEqual({ hostRecordId: '4512' });
    expect(adapter.extractContact(page('Ana García', 'ana.garcia@example.com'), url)).toEqual({
      site: 'gestioo',
      hostRecordId: '4512',
      name: 'Ana García',
      email: 'ana.garcia@example.com',
    });
  });

  it("leaves other hosts, other paths and the built-in routes' pages to the built-in adapter", () => {
    expect(adapter.matchContactPage(new URL('https://app.gestioo.com/personas/detalle/4512'))).toBeNull();
    expect(adapter.matchContactPage(new URL('https://crm.gestioo.com/personas'))).toBeNull();
    const builtIn = new URL('https://crm.gestioo.com/clientes/4512');
    expect(adapter.matchContactPage(builtIn)).toEqual(gestioo.matchContactPage(builtIn));
  });
});
