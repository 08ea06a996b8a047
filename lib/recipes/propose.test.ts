// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isStableToken, proposeSelector } from './propose.ts';
import { readWithRecipe } from './read.ts';

function page(html: string): Document {
  const doc = document.implementation.createHTMLDocument('test');
  doc.body.innerHTML = html;
  return doc;
}

function at(doc: Document, css: string): Element {
  const element = doc.querySelector(css);
  if (!element) throw new Error(css);
  return element;
}

describe('proposeSelector', () => {
  it('prefers the mailto:/tel: link for email and phone, even when the agent clicks inside it', () => {
    const doc = page(`<dl><dt>Email</dt><dd><a href="mailto:ana@x.com"><span>ana@x.com</span></a></dd>
      <dt>Phone</dt><dd><a href="tel:+1555123456">+1 555 123 456</a></dd></dl>`);
    expect(proposeSelector(at(doc, 'a span'), doc.body, 'email')).toEqual({
      selector: { css: 'a[href^="mailto:"]' },
      basis: 'link',
    });
    expect(proposeSelector(at(doc, 'a[href^="tel:"]'), doc.body, 'phone')).toEqual({
      selector: { css: 'a[href^="tel:"]' },
      basis: 'link',
    });
  });

  it('names the link by its label when the page has several', () => {
    const doc = page(`<div><span>Correo</span><a href="mailto:ana@x.com">ana@x.com</a></div>
      <footer><a href="mailto:soporte@crm.com">Soporte</a></footer>`);
    expect(proposeSelector(at(doc, 'div a'), doc.body, 'email')).toEqual({
      selector: { css: 'a[href^="mailto:"]', label: 'Correo' },
      basis: 'link',
    });
  });

  it('uses definition lists and table rows by their label', () => {
    const doc = page(`<dl><dt>Nombre</dt><dd>Ana García</dd><dt>Teléfono:</dt><dd>612 345 678</dd></dl>
      <table><tr><th>Empresa</th><td>Talleres Ruiz</td></tr><tr><th>Ciudad</th><td>Vigo</td></tr></table>`);
    expect(proposeSelector(at(doc, 'dd:nth-of-type(2)'), doc.body)).toEqual({
      selector: { css: 'dd', label: 'Teléfono' },
      basis: 'label',
    });
    expect(proposeSelector(at(doc, 'td'), doc.body)).toEqual({
      selector: { css: 'td', label: 'Empresa' },
      basis: 'label',
    });
  });

  it('uses a label/value pair of spans in English or Spanish, and reads it back on another contact', () => {
    const shape = (name: string, phone: string) => `<div class="card">
      <div class="row"><span class="label">Nombre</span><span class="value">${name}</span></div>
      <div class="row"><span class="label">Teléfono</span><span class="value">${phone}</span></div></div>`;
    const doc = page(shape('Ana García', '612 345 678'));
    const proposal = proposeSelector(at(doc, '.row:nth-child(2) .value'), doc.body, 'phone');
    expect(proposal).toEqual({ selector: { css: 'span', label: 'Teléfono' }, basis: 'label' });
    const other = page(shape('Luis Pérez', '699 000 111'));
    expect(readWithRecipe({ fields: { phone: proposal?.selector } }, other)).toEqual({
      phone: '699 000 111',
    });
  });

  it('does not take a neighbouring value for a label', () => {
    const doc = page(`<p><span>Ana</span><span>García</span></p><p><span>Otra</span><span>Cosa</span></p>`);
    expect(proposeSelector(at(doc, 'p span:nth-child(2)'), doc.body)?.basis).toBe('path');
  });

  it('uses stable attributes next, on the element or its wrapper that shows the same text', () => {
    const doc = page(`<div data-testid="contact-company"><span>Talleres Ruiz</span></div>
      <span itemprop="name">Ana</span><span id="client-city">Vigo</span>`);
    expect(proposeSelector(at(doc, '[data-testid] span'), doc.body)).toEqual({
      selector: { css: 'div[data-testid="contact-company"]' },
      basis: 'attribute',
    });
    expect(proposeSelector(at(doc, '[itemprop]'), doc.body)).toEqual({
      selector: { css: 'span[itemprop="name"]' },
      basis: 'attribute',
    });
    expect(proposeSelector(at(doc, '#client-city'), doc.body)).toEqual({
      selector: { css: '#client-city' },
      basis: 'attribute',
    });
  });

  it('passes over generated ids and classes for a short path from a stable ancestor', () => {
    const doc = page(
      `<section id="profile"><div id=":r3:" class="css-1x2y3z"><p>Acme</p><p id="ember1234">Ana</p></div></section>`,
    );
    expect(proposeSelector(at(doc, '#ember1234'), doc.body)).toEqual({
      selector: { css: '#profile > div > p:nth-of-type(2)' },
      basis: 'path',
    });
  });

  it('takes a stable class, and a lone heading by its tag', () => {
    const doc = page(`<main><h1>Ana García</h1><p class="client-email">ana@x.com</p><p>x</p></main>`);
    expect(proposeSelector(at(doc, 'h1'), doc.body)).toEqual({ selector: { css: 'h1' }, basis: 'path' });
    expect(proposeSelector(at(doc, '.client-email'), doc.body, 'email')).toEqual({
      selector: { css: 'p.client-email' },
      basis: 'class',
    });
  });

  it('verifies every proposal picks exactly the clicked element, else gives null', () => {
    const deep = `${'<div>'.repeat(12)}<span>x</span>${'</div>'.repeat(12)}`;
    const doc = page(deep + deep);
    expect(proposeSelector(at(doc, 'span'), doc.body)).toBeNull();
  });
});

describe('isStableToken', () => {
  it('keeps hand-written names, refuses generated ones', () => {
    for (const token of ['contact-email', 'client_phone', 'h1', 'step2', 'name'])
      expect(isStableToken(token), token).toBe(true);
    for (const token of [':r3:', 'ember1234', 'css-1x2y3z', 'sc-bdVaJa', 'field-1234', 'a8f3k2', 'x"y', ''])
      expect(isStableToken(token), token).toBe(false);
  });
});
