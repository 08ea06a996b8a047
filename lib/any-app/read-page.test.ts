// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readPagePerson } from './read-page.ts';

function page(html: string): Document {
  const doc = document.implementation.createHTMLDocument('test');
  doc.body.innerHTML = html;
  return doc;
}

const ONE = `
  <header><a href="mailto:help@acme-notes.com">Help</a></header>
  <nav>Call sales 900 123 456</nav>
  <main><h1>Meeting notes</h1><p>Spoke with Ana (Ana.Garcia@Example.com) about the renewal on 2026-12-06.</p></main>
  <footer>support@acme-notes.com · +1 (555) 010-9999</footer>`;

describe('readPagePerson', () => {
  it('takes the selected email, phone or name first', () => {
    const doc = page(ONE);
    expect(readPagePerson(doc, '  bob@example.com ')).toEqual({
      kind: 'email',
      value: 'bob@example.com',
      from: 'selection',
    });
    expect(readPagePerson(doc, 'call +34 612 345 678')).toEqual({
      kind: 'phone',
      value: '+34 612 345 678',
      from: 'selection',
    });
    expect(readPagePerson(doc, 'María  José\nO’Neill')).toEqual({
      kind: 'name',
      value: 'María José O’Neill',
      from: 'selection',
    });
  });

  it('reads past a selection that names nobody (a sentence, several emails, a date)', () => {
    const doc = page(ONE);
    const fromPage = { kind: 'email', value: 'ana.garcia@example.com', from: 'page' };
    expect(readPagePerson(doc, 'the renewal is due next month, as agreed!')).toEqual(fromPage);
    expect(readPagePerson(doc, 'a@example.com, b@example.com')).toEqual(fromPage);
    expect(readPagePerson(doc, '2026-12-06')).toEqual(fromPage);
    expect(readPagePerson(doc, 'x'.repeat(300))).toEqual(fromPage);
  });

  it('reads the one email of the main content, leaving out header, nav and footer', () => {
    expect(readPagePerson(page(ONE), '')).toEqual({
      kind: 'email',
      value: 'ana.garcia@example.com',
      from: 'page',
    });
  });

  it('reads the body when there is no main, still without nav and footer; mailto links count', () => {
    const doc = page(
      '<nav>a@b.com</nav><p>Write to <a href="mailto:Lee%40Example.org?subject=x">Lee</a></p>',
    );
    expect(readPagePerson(doc, '')).toEqual({ kind: 'email', value: 'lee@example.org', from: 'page' });
  });

  it('the same email twice is one person', () => {
    const doc = page(
      '<main><p>ana@example.com</p><a href="mailto:ana@example.com">ana@example.com</a></main>',
    );
    expect(readPagePerson(doc, '')).toMatchObject({ kind: 'email', value: 'ana@example.com' });
  });

  it('a single phone when there is no email; dates are not phones', () => {
    const doc = page(
      '<main><p>Due 2026-12-06. Call <a href="tel:+34612345678">+34 612 345 678</a></p></main>',
    );
    expect(readPagePerson(doc, '')).toEqual({ kind: 'phone', value: '+34 612 345 678', from: 'page' });
  });

  it('several people, or none: the search box', () => {
    expect(readPagePerson(page('<main>a@example.com and b@example.com</main>'), '')).toEqual({
      kind: 'none',
      reason: 'several',
    });
    expect(readPagePerson(page('<main>+34 612 345 678 or +34 699 000 111</main>'), '')).toEqual({
      kind: 'none',
      reason: 'several',
    });
    expect(readPagePerson(page('<main>Nothing here</main><footer>x@example.com</footer>'), '')).toEqual({
      kind: 'none',
      reason: 'nothing',
    });
  });

  it('hidden text and scripts are not read', () => {
    const doc = page(
      '<main><p hidden>a@example.com</p><script>"b@example.com"</script><span aria-hidden="true">c@example.com</span>d@example.com</main>',
    );
    expect(readPagePerson(doc, '')).toMatchObject({ kind: 'email', value: 'd@example.com' });
  });
});

describe('readPagePerson, injected as its source', () => {
  it('needs nothing outside itself: rebuilt from its text, it reads the document and selection it runs in', () => {
    document.body.innerHTML =
      '<main><p>Ana: <span id="who">ana@example.com</span>, Bob: bob@example.com</p></main>';
    // What scripting.executeScript({ func }) does: the function's text, evaluated in the page, called bare.
    const injected = new Function(`return (${readPagePerson.toString()})();`) as () => unknown;
    expect(injected()).toEqual({ kind: 'none', reason: 'several' });
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('who') as Node);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    expect(injected()).toEqual({ kind: 'email', value: 'ana@example.com', from: 'selection' });
  });
});
