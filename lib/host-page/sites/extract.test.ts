// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  findEmail,
  findPhone,
  isBusinessForm,
  isContactForm,
  isPlaceholder,
  isTaskForm,
  labelKey,
  mainHeading,
  normalizeText,
  parseDueDate,
  phoneDigits,
  readBusinessName,
  readContact,
  readLabelledFields,
  readTaskForm,
  recordIdFromUrl,
  splitName,
} from './extract.ts';
import { matchRoutes } from './url.ts';

function page(html: string): Document {
  const doc = document.implementation.createHTMLDocument('test');
  doc.body.innerHTML = html;
  return doc;
}

function form(html: string): HTMLFormElement {
  return page(`<form>${html}</form>`).forms[0] as HTMLFormElement;
}

const read = (doc: Document, overrides = {}) =>
  readContact(doc, {
    site: 'gleantap',
    hostRecordId: 'x1',
    overrides,
    companyIdAt: (url) => matchRoutes(url, ['/companies/:id'])?.id ?? null,
  });

describe('text normalisation', () => {
  it('collapses whitespace, non-breaking spaces and zero-width characters', () => {
    expect(normalizeText('  Ana\u00a0\u00a0García\u200b \n ')).toBe('Ana García');
  });

  it('reduces labels to lowercase words without accents, colons, stars or parentheses', () => {
    expect(labelKey(' Teléfono (móvil) *: ')).toBe('telefono');
    expect(labelKey('E-mail:')).toBe('e-mail');
  });

  it('finds a lowercased email inside text', () => {
    expect(findEmail('Write to Ana.Garcia@Example.COM today')).toBe('ana.garcia@example.com');
    expect(findEmail('no email here')).toBeUndefined();
  });

  it('finds a phone as shown, with at least five digits', () => {
    expect(findPhone('Mobile: +1 (555) 123-4567 (work)')).toBe('+1 (555) 123-4567');
    expect(findPhone('612 34 56 78')).toBe('612 34 56 78');
    expect(findPhone('ext 12')).toBeUndefined();
    expect(phoneDigits('+34 612 34 56 78')).toBe('34612345678');
  });

  it('treats dashes and "no value" words as empty', () => {
    for (const text of ['—', '-', 'N/A', 'n/d', 'Sin email', 'Not set', '— Sin empresa —', '']) {
      expect(isPlaceholder(text), text).toBe(true);
    }
    expect(isPlaceholder('Gimnasio Sol')).toBe(false);
  });
});

describe('splitting a full name', () => {
  it.each([
    ['Ana García', { firstName: 'Ana', lastName: 'García' }],
    ['Ana García López', { firstName: 'Ana', lastName: 'García López' }],
    ['Smith, John', { firstName: 'John', lastName: 'Smith' }],
    ['Dr. Jane Doe', { firstName: 'Jane', lastName: 'Doe' }],
    ['Cher', { firstName: 'Cher' }],
    ['Sr. Martínez', { lastName: 'Martínez' }],
    ['', {}],
  ])('%j → %j', (name, expected) => {
    expect(splitName(name)).toEqual(expected);
  });
});

describe('due dates', () => {
  it('keeps ISO dates and turns local date-times into UTC instants', () => {
    expect(parseDueDate('2026-02-03')).toBe('2026-02-03');
    expect(parseDueDate('2026-02-03T10:30')).toBe(
      new Date('2026-02-03T10:30').toISOString().replace('.000Z', 'Z'),
    );
    expect(parseDueDate('2026-02-03T10:30:00+02:00')).toBe('2026-02-03T08:30:00Z');
  });

  it('reads day-first dates only on Spanish pages, and refuses impossible dates', () => {
    expect(parseDueDate('03/02/2026', 'es-ES')).toBe('2026-02-03');
    expect(parseDueDate('03/02/2026', 'en')).toBeUndefined();
    expect(parseDueDate('2026-02-30')).toBeUndefined();
    expect(parseDueDate('31/02/2026', 'es')).toBeUndefined();
    expect(parseDueDate('tomorrow')).toBeUndefined();
  });
});

describe('a record open in a dialog over a list', () => {
  const LIST =
    '<main><h1>Clientes</h1><table><tr><td>Row Person</td><td><a href="mailto:row@example.com">row@example.com</a></td></tr></table></main>';
  const DIALOG =
    '<div role="dialog" aria-modal="true"><h2>Ana García</h2><dl><dt>Correo electrónico</dt><dd>ana.garcia@example.com</dd></dl></div>';
  const inDialog = (doc: Document) =>
    readContact(doc, { site: 'gestioo', hostRecordId: '4512', inDialog: true });

  it("reads the dialog's person, not the list under it", () => {
    expect(inDialog(page(LIST + DIALOG))).toMatchObject({
      hostRecordId: '4512',
      name: 'Ana García',
      email: 'ana.garcia@example.com',
    });
  });

  it('shows nobody while the dialog is not open (loading, closed, or hidden)', () => {
    expect(inDialog(page(LIST))).toEqual({ site: 'gestioo', hostRecordId: '4512' });
    expect(inDialog(page(`${LIST}<dialog><h2>Ana García</h2></dialog>`))).toEqual({
      site: 'gestioo',
      hostRecordId: '4512',
    });
    expect(inDialog(page(`${LIST}<div hidden>${DIALOG}</div>`))).toEqual({
      site: 'gestioo',
      hostRecordId: '4512',
    });
    expect(inDialog(page(`${LIST}<dialog open><h2>Ana García</h2></dialog>`))).toMatchObject({
      name: 'Ana García',
    });
  });
});

describe('URL patterns', () => {
  const url = (path: string) => new URL(`https://crm.example${path}`);

  it('takes the named group id, else the first group, from pathname + hash, decoded, when it is a valid id', () => {
    expect(recordIdFromUrl(url('/people/a%2Db/view'), /^\/people\/(?<id>[^/]+)/)).toBe('a-b');
    expect(recordIdFromUrl(url('/people/a%20b/view'), /^\/people\/(?<id>[^/]+)/)).toBeNull();
    expect(recordIdFromUrl(url('/people/42'), /^\/people\/(\d+)$/)).toBe('42');
    expect(recordIdFromUrl(url('/app#/contact/77'), /#\/contact\/(?<id>\d+)/)).toBe('77');
    expect(recordIdFromUrl(url('/people'), /^\/people\/(\d+)$/)).toBeNull();
  });

  it('tries pathname + search + hash when pathname + hash does not match', () => {
    expect(recordIdFromUrl(url('/ficha?id=42'), /ficha\?id=(\d+)/)).toBe('42');
    expect(compilePattern('(')).toBeNull();
  });
});

describe('labelled fields', () => {
  it('reads a definition list', () => {
    const doc = page(
      '<dl><dt>Email</dt><dd><a href="mailto:Ana@Example.com?subject=Hi">write</a></dd><dt>Phone</dt><dd>+34 612 34 56 78</dd><dt>Company</dt><dd>Gimnasio Sol</dd></dl>',
    );
    expect(readLabelledFields(doc.body, { includeControls: true })).toEqual({
      email: 'ana@example.com',
      phone: '+34 612 34 56 78',
      company: 'Gimnasio Sol',
    });
  });

  it('reads table rows with header cells, and two-cell rows', () => {
    const doc = page(
      '<table><tr><th>E-mail:</th><td>ana@example.com</td></tr><tr><td>Teléfono</td><td>612 34 56 78</td></tr></table>',
    );
    expect(readLabelledFields(doc.body, { includeControls: true })).toEqual({
      email: 'ana@example.com',
      phone: '612 34 56 78',
    });
  });

  it('does not take a column header row for a label and its value', () => {
    const doc = page(
      '<table><tr><th>Name</th><th>Email</th></tr><tr><td>Ana</td><td>ana@example.com</td></tr></table>',
    );
    expect(readLabelledFields(doc.body, { includeControls: true }).name).toBeUndefined();
  });

  it('reads label/value rows, inline "Label: value" text and aria-labels', () => {
    const doc = page(
      '<div class="row"><span>Móvil</span><span>+34 699 88 77 66</span></div><p><b>Correo electrónico:</b> nora@example.com</p><span aria-label="Empresa">Clínica Sonrisa</span>',
    );
    expect(readLabelledFields(doc.body, { includeControls: true })).toEqual({
      phone: '+34 699 88 77 66',
      email: 'nora@example.com',
      company: 'Clínica Sonrisa',
    });
  });

  it('reads form controls by label, placeholder, autocomplete or name, only when asked to', () => {
    const doc = page(
      '<label for="f">First name</label><input id="f" value="Ana"><input placeholder="Last name" value="García"><input autocomplete="email" value="ana@example.com"><input name="phone_number" value="612345678"><select name="company"><option value="">— Select —</option></select>',
    );
    expect(readLabelledFields(doc.body, { includeControls: true })).toEqual({
      firstName: 'Ana',
      lastName: 'García',
      email: 'ana@example.com',
      phone: '612345678',
    });
    expect(readLabelledFields(doc.body, { includeControls: false })).toEqual({});
  });

  it('ignores menus, footers and hidden parts, and placeholder values', () => {
    const doc = page(
      '<nav><dl><dt>Email</dt><dd>agent@crm.example</dd></dl></nav><div hidden><dl><dt>Phone</dt><dd>555 000 111</dd></dl></div><dl><dt>Phone</dt><dd>—</dd><dt>Company</dt><dd>N/A</dd></dl><footer>Email: support@crm.example</footer>',
    );
    expect(readLabelledFields(doc.body, { includeControls: true })).toEqual({});
  });
});

describe('reading a contact', () => {
  it('reads the name from the main heading when the page has nothing else', () => {
    const doc = page(
      '<header><h1>Acme CRM</h1></header><main><h1>Contacts</h1><h2>Ana García <span>VIP</span></h2></main>',
    );
    expect(read(doc)).toEqual({
      site: 'gleantap',
      hostRecordId: 'x1',
      name: 'Ana García',
      firstName: 'Ana',
      lastName: 'García',
    });
  });

  it('takes an email-only heading as the email, not the name', () => {
    expect(read(page('<main><h1>ana@example.com</h1></main>'))).toEqual({
      site: 'gleantap',
      hostRecordId: 'x1',
      email: 'ana@example.com',
    });
  });

  it('falls back to mailto:/tel: links of the main area, preferring the one with more digits', () => {
    const doc = page(
      '<main><h1>Ana García</h1><a href="mailto:ana@example.com">Email Ana</a><a href="tel:+34612345678">612 34 56 78</a></main><footer><a href="mailto:help@crm.example">Help</a></footer>',
    );
    expect(read(doc)).toMatchObject({ email: 'ana@example.com', phone: '+34612345678' });
    const same = page('<main><a href="tel:+34612345678">+34 612 34 56 78</a></main>');
    expect(read(same).phone).toBe('+34 612 34 56 78');
  });

  it('does not take the support address in a footer for the contact’s email', () => {
    expect(
      read(page('<main><h1>Ana</h1></main><footer><a href="mailto:help@crm.example">Help</a></footer>'))
        .email,
    ).toBeUndefined();
  });

  it('reads Spanish "Nombre" as the first name when "Apellidos" is there, and as the full name otherwise', () => {
    const split = page(
      '<main><div><span>Nombre</span><span>Ana</span></div><div><span>Primer apellido</span><span>García</span></div><div><span>Segundo apellido</span><span>López</span></div></main>',
    );
    expect(read(split)).toMatchObject({
      name: 'Ana García López',
      firstName: 'Ana',
      lastName: 'García López',
    });
    const whole = page('<main><div><span>Nombre</span><span>Ana García</span></div></main>');
    expect(read(whole)).toMatchObject({ name: 'Ana García', firstName: 'Ana', lastName: 'García' });
  });

  it('reads the company id from the company link', () => {
    const doc = page(
      '<main><dl><dt>Company</dt><dd><a href="/companies/301">Gimnasio Sol</a></dd></dl></main>',
    );
    expect(read(doc)).toMatchObject({ companyName: 'Gimnasio Sol', companyId: '301' });
  });

  it('lets matching selector overrides win, and ignores invalid or unmatched ones', () => {
    const doc = page(
      '<main><h1>Profile</h1><div class="who">Mary Ann Smith</div><div class="contact">Email: mary@example.com</div><dl><dt>Email</dt><dd>old@example.com</dd><dt>Phone</dt><dd>555 123 4567</dd></dl></main>',
    );
    expect(
      read(doc, {
        selectors: { name: '.who', email: '.contact', phone: '.missing', companyName: '[[invalid' },
      }),
    ).toEqual({
      site: 'gleantap',
      hostRecordId: 'x1',
      name: 'Mary Ann Smith',
      firstName: 'Mary',
      lastName: 'Ann Smith',
      email: 'mary@example.com',
      phone: '555 123 4567',
    });
    expect(read(doc, { selectors: { firstName: '.who', lastName: 'h1' } })).toMatchObject({
      firstName: 'Mary Ann Smith',
      lastName: 'Profile',
    });
  });

  it('returns script payloads as the literal text the page shows, creating nothing', () => {
    const doc = page('<main><h1></h1><dl><dt>Company</dt><dd></dd></dl></main>');
    (doc.querySelector('h1') as HTMLElement).textContent =
      '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>';
    (doc.querySelector('dd') as HTMLElement).textContent = '<svg onload="window.__xss=3">';
    const contact = read(doc);
    expect(contact.name).toBe('<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>');
    expect(contact.companyName).toBe('<svg onload="window.__xss=3">');
    expect(doc.querySelector('img, script, svg')).toBeNull();
  });

  it('finds the heading of the main area, skipping generic titles and headings inside forms', () => {
    expect(
      mainHeading(page('<main><form><h1>Ana</h1></form><h1>Editar cliente</h1><h2>Ana García</h2></main>')),
    ).toBe('Ana García');
    expect(mainHeading(page('<main><h1>Loading…</h1></main>'))).toBeUndefined();
  });
});

describe('forms', () => {
  it('tells contact, company and task forms apart', () => {
    const contact = form(
      '<label for="a">First name</label><input id="a"><label for="b">Email</label><input id="b">',
    );
    const empresa = form(
      '<label for="a">Razón social</label><input id="a"><label for="b">CIF</label><input id="b">',
    );
    const task = form(
      '<label for="t">Title</label><input id="t"><label for="d">Due date</label><input id="d" type="date">',
    );
    const search = form('<label for="s">Search contacts</label><input id="s" type="search">');
    expect([isContactForm(contact), isBusinessForm(empresa), isTaskForm(task)]).toEqual([true, true, true]);
    expect([isContactForm(empresa), isTaskForm(contact), isContactForm(search), isTaskForm(search)]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads the task a task form is about to create', () => {
    const task = form(
      '<label for="t">Title</label><input id="t" value=" Call Ana "><label for="d">Due date</label><input id="d" type="date" value="2026-02-03"><label for="n">Description</label><textarea id="n">Line one\nline two</textarea>',
    );
    expect(readTaskForm(task)).toEqual({
      title: 'Call Ana',
      dueDate: '2026-02-03',
      description: 'Line one\nline two',
    });
    expect(readTaskForm(form('<label for="t">Title</label><input id="t" value="">'))).toBeNull();
  });

  it('reads a company’s name from its labelled name, else its heading', () => {
    expect(
      readBusinessName(
        page('<main><h1>Ficha</h1><div><span>Razón social</span><span>Gimnasio Sol</span></div></main>'),
      ),
    ).toBe('Gimnasio Sol');
    expect(readBusinessName(page('<main><h1>Northwind Traders</h1></main>'))).toBe('Northwind Traders');
  });
});
