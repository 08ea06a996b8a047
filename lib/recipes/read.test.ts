// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { labelKey, previewOnPages, readWithRecipe, selectAll, textOf } from './read.ts';
import type { Recipe } from './types.ts';

function page(html: string): Document {
  const doc = document.implementation.createHTMLDocument('test');
  doc.body.innerHTML = html;
  return doc;
}

const recipe: Recipe = {
  version: 1,
  id: 'acme',
  label: 'Acme CRM',
  host: 'crm.acme.com',
  urlPattern: '/clientes/:id',
  fields: {
    name: { css: 'h1.client-name' },
    email: { css: 'a[href^="mailto:"]' },
    phone: { css: 'dd', label: 'Teléfono' },
    company: { css: 'td', label: 'Empresa' },
  },
};

const ANA = `
  <h1 class="client-name"> Ana   García <script>alert(1)</script></h1>
  <a href="mailto:Ana%40Example.com?subject=hi">write</a>
  <dl><dt>Correo</dt><dd>x</dd><dt>Teléfono:</dt><dd>+34 612 345 678</dd></dl>
  <table><tr><th>Empresa</th><td>Talleres <b>Ruiz</b></td></tr></table>`;

describe('readWithRecipe', () => {
  it('reads each field as text: mailto addresses, labelled values, whitespace collapsed, scripts left out', () => {
    expect(readWithRecipe(recipe, page(ANA))).toEqual({
      name: 'Ana García',
      email: 'ana@example.com',
      phone: '+34 612 345 678',
      company: 'Talleres Ruiz',
    });
  });

  it('leaves out what is missing, placeholders, non-emails and numbers too short for a phone', () => {
    const doc = page(`<h1 class="client-name">—</h1><a href="mailto:">no email</a>
      <dl><dt>Teléfono</dt><dd>12</dd></dl>`);
    expect(readWithRecipe(recipe, doc)).toEqual({});
  });

  it('caps long values and never reads markup', () => {
    const doc = page(`<h1 class="client-name">${'A'.repeat(5000)}<img src=x onerror=alert(1)></h1>`);
    const { name } = readWithRecipe(recipe, doc);
    expect(name).toHaveLength(200);
    expect(name).not.toContain('<');
  });

  it('reads form controls by their value, and tel: links when the text has no number', () => {
    const doc = page(`<input name="email" value=" ana@example.com ">
      <span class="phone"><a href="tel:+34612345678">Call</a></span>
      <select name="co"><option value="">—</option><option value="1" selected>Ruiz SL</option></select>`);
    expect(
      readWithRecipe(
        {
          fields: {
            email: { css: 'input[name="email"]' },
            phone: { css: 'span.phone' },
            company: { css: 'select' },
          },
        },
        doc,
      ),
    ).toEqual({ email: 'ana@example.com', phone: '+34612345678', company: 'Ruiz SL' });
  });

  it('reads nothing for a selector that throws', () => {
    expect(readWithRecipe({ fields: { name: { css: 'h1[' } } }, page('<h1>Ana</h1>'))).toEqual({});
  });
});

describe('labels', () => {
  it('compare without case, accents, colons or stars', () => {
    expect(labelKey(' Teléfono móvil: * ')).toBe('telefono movil');
    const doc = page(`<div><span class="k">TELEFONO:</span><span class="v">600 100 200</span></div>
      <div><span class="k">Email</span><span class="v">a@b.co</span></div>`);
    expect(selectAll({ css: 'span.v', label: 'teléfono' }, doc).map((element) => textOf(element))).toEqual([
      '600 100 200',
    ]);
  });

  it('find the label of a value wrapped in its own container', () => {
    const doc = page(`<div class="row"><div class="label">Company</div><div><span>Acme</span></div></div>`);
    expect(selectAll({ css: 'span', label: 'Company' }, doc)).toHaveLength(1);
  });
});

describe('previewOnPages', () => {
  it('says, page by page, the record id the template finds and what the selectors read', () => {
    const preview = previewOnPages(recipe, [
      { url: 'https://crm.acme.com/clientes/12', doc: page(ANA) },
      { url: 'https://crm.acme.com/facturas/3', doc: page('<h1 class="client-name">Factura 3</h1>') },
      { url: 'not a url', doc: page('') },
    ]);
    expect(preview[0]).toMatchObject({ recordId: '12', missing: [] });
    expect(preview[1]).toEqual({
      url: 'https://crm.acme.com/facturas/3',
      recordId: null,
      reading: { name: 'Factura 3' },
      missing: ['email', 'phone', 'company'],
    });
    expect(preview[2]?.recordId).toBeNull();
  });
});
