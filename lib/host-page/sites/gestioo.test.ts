// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGestiooSite } from '../../../sandbox/sites/gestioo/app.ts';
import { type MountOptions, mountGestioo, type Skin } from '../../../sandbox/sites/gestioo/client.ts';
import {
  fakeTimers,
  type MountedDemo,
  mountDemo,
  shown,
  staticPage,
  typeInto,
} from '../../../sandbox/sites/testing.ts';
import { adapterFor } from './index.ts';
import type { HostEvent, SiteAdapter } from './types.ts';

const gestioo = adapterFor('gestioo') as SiteAdapter;

const at = (path: string) => new URL(`https://app.gestioo.com${path}`);
const here = () => new URL(location.href);

let demo: MountedDemo | null = null;
let controller = new AbortController();

beforeEach(() => {
  sessionStorage.clear();
  controller = new AbortController();
});

afterEach(() => {
  controller.abort();
  demo?.stop();
  demo = null;
  document.body.replaceChildren();
  vi.useRealTimers();
});

function open(
  path: string,
  skin: Skin = 'moderno',
  account: Pick<MountOptions, 'rutas' | 'fichas'> = {},
): MountedDemo {
  demo?.stop();
  demo = mountDemo(createGestiooSite(), (options) => mountGestioo({ ...options, skin, ...account }), path);
  return demo;
}

const ANA = {
  site: 'gestioo',
  hostRecordId: '4512',
  name: 'Ana García',
  firstName: 'Ana',
  lastName: 'García',
  email: 'ana.garcia@example.com',
  phone: '+34 612 34 56 78',
  companyName: 'Gimnasio Sol',
  companyId: '301',
};

describe('Gestioo client pages', () => {
  it.each([
    ['/clientes/4512', '4512'],
    ['/clientes/4512/editar', '4512'],
    ['/clientes/4512/', '4512'],
    ['/clientes/nuevo', null],
    ['/clientes', null],
    ['/empresas/301', null],
    ['/empresas/301/editar', null],
    ['/', null],
  ])('%s → %s', (path, id) => {
    expect(gestioo.matchContactPage(at(path))).toEqual(id ? { hostRecordId: id } : null);
  });

  it('follows a user URL pattern with a plain group', () => {
    const overrides = { contactUrlPattern: '^/ficha/cliente-(\\d+)$' };
    expect(gestioo.matchContactPage(at('/ficha/cliente-88'), overrides)).toEqual({ hostRecordId: '88' });
    expect(gestioo.matchContactPage(at('/clientes/4512'), overrides)).toBeNull();
  });
});

describe('reading the demo Gestioo', () => {
  it('reads a client (moderno): label/value rows, mailto:/tel: links and the company link', async () => {
    open('/clientes/4512');
    await shown('.campos');
    expect(gestioo.extractContact(document, here())).toEqual(ANA);
  });

  it('reads a client (clásico): a table with the email and phone as plain text', async () => {
    open('/clientes/4512', 'clasico');
    await shown('table.ficha');
    expect(gestioo.extractContact(document, here())).toEqual(ANA);
  });

  it("reads Gestioo's own email where it differs", async () => {
    open('/clientes/4513', 'clasico');
    await shown('table.ficha');
    expect(gestioo.extractContact(document, here())).toMatchObject({
      name: 'Ben Carter',
      email: 'ben@northwind.example',
      phone: '+1 555 123 4567',
      companyName: 'Northwind Traders',
      companyId: '302',
    });
  });

  it('reads only the name of a client without email, phone or company', async () => {
    open('/clientes/4514');
    await shown('.campos');
    expect(gestioo.extractContact(document, here())).toEqual({
      site: 'gestioo',
      hostRecordId: '4514',
      name: 'John Smith',
      firstName: 'John',
      lastName: 'Smith',
    });
  });

  it('reads the edit page from its form, company select included', async () => {
    open('/clientes/4512/editar');
    await shown('form.formulario select option[value="301"]');
    expect(gestioo.extractContact(document, here())).toEqual({
      site: 'gestioo',
      hostRecordId: '4512',
      name: 'Ana García',
      firstName: 'Ana',
      lastName: 'García',
      email: 'ana.garcia@example.com',
      phone: '+34612345678',
      companyName: 'Gimnasio Sol',
    });
  });

  it('reads script payloads as literal text', async () => {
    open('/clientes/4517');
    await shown('.campos');
    expect(gestioo.extractContact(document, here())).toMatchObject({
      firstName: '<img src=x onerror="window.__xss=1">',
      lastName: '<script>window.__xss=2</script>',
      companyName: '<svg onload="window.__xss=3">',
      companyId: '303',
    });
    expect(document.querySelector('main img, main script, main svg')).toBeNull();
  });

  it('reads nothing on a company page or the create page', async () => {
    open('/empresas/301');
    await shown('.campos');
    expect(gestioo.extractContact(document, here())).toBeNull();
    open('/clientes/nuevo');
    await shown('form.formulario');
    expect(gestioo.extractContact(document, here())).toBeNull();
  });
});

describe('Gestioo accounts routed otherwise', () => {
  const link = (label: string, scope: ParentNode = document) =>
    [...scope.querySelectorAll('a')].find((a) => a.textContent?.trim() === label) as HTMLAnchorElement;

  it('reads a client opened in a dialog over the list, and no client once the dialog is closed', async () => {
    open('/clientes', 'moderno', { fichas: 'dialogo' });
    await shown('table.listado');
    expect(gestioo.matchContactPage(here())).toBeNull();
    link('Ana García').click();
    expect(location.pathname + location.search).toBe('/clientes?cliente=4512');
    expect(gestioo.matchContactPage(here())).toEqual({ hostRecordId: '4512', inDialog: true });
    // Until the dialog shows Ana, the page shows nobody of hers (not the list's first row).
    expect(gestioo.extractContact(document, here())).toEqual({ site: 'gestioo', hostRecordId: '4512' });
    await shown('[role="dialog"] .campos');
    expect(document.querySelector('table.listado')).not.toBeNull();
    expect(gestioo.extractContact(document, here())).toEqual(ANA);

    (document.querySelector('[role="dialog"] button.cerrar') as HTMLButtonElement).click();
    expect(location.pathname + location.search).toBe('/clientes');
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(gestioo.matchContactPage(here())).toBeNull();
    expect(gestioo.extractContact(document, here())).toBeNull();
  });

  it('reads a client of an account routed by hash, and follows its #/ links', async () => {
    open('/#/clientes/4512', 'moderno', { rutas: 'hash' });
    await shown('.campos');
    expect(gestioo.extractContact(document, here())).toEqual(ANA);
    expect(link('Clientes', document.querySelector('.migas') as ParentNode).getAttribute('href')).toBe(
      '#/clientes',
    );
    location.hash = '#/clientes';
    await shown('table.listado');
    expect(gestioo.matchContactPage(here())).toBeNull();
    expect(link('Ben Carter').getAttribute('href')).toBe('#/clientes/4513');
    location.hash = '#/clientes/4513';
    await vi.waitFor(() => expect(document.title).toBe('Ben Carter - Clientes - Gestioo'));
    expect(gestioo.matchContactPage(here())).toEqual({ hostRecordId: '4513' });
    expect(gestioo.extractContact(document, here())).toMatchObject({
      hostRecordId: '4513',
      name: 'Ben Carter',
    });
  });
});

describe('reading other Gestioo markups', () => {
  it('reads Spanish labels in a definition list, with a "Móvil" and a full "Nombre"', () => {
    const doc = staticPage(
      '/clientes/7',
      '<main><dl><dt>Nombre</dt><dd>Lucía Moreno</dd><dt>Móvil</dt><dd>655 44 33 22</dd><dt>Correo</dt><dd>lucia.moreno@example.com</dd><dt>Compañía</dt><dd>—</dd></dl></main>',
    );
    expect(gestioo.extractContact(doc, here())).toEqual({
      site: 'gestioo',
      hostRecordId: '7',
      name: 'Lucía Moreno',
      firstName: 'Lucía',
      lastName: 'Moreno',
      phone: '655 44 33 22',
      email: 'lucia.moreno@example.com',
    });
  });

  it('reads a page with only a heading, skipping the generic one', () => {
    const doc = staticPage('/clientes/7', '<main><h1>Ficha de cliente</h1><h2>Nora Quintana</h2></main>');
    expect(gestioo.extractContact(doc, here())).toMatchObject({
      name: 'Nora Quintana',
      lastName: 'Quintana',
    });
  });

  it('does not mistake the signed-in user in the top bar for the client', () => {
    const doc = staticPage(
      '/clientes/7',
      '<header><span>Marta López</span><a href="mailto:marta@empresa.example">marta@empresa.example</a></header><main><h1>Ana García</h1></main>',
    );
    expect(gestioo.extractContact(doc, here())).toEqual({
      site: 'gestioo',
      hostRecordId: '7',
      name: 'Ana García',
      firstName: 'Ana',
      lastName: 'García',
    });
  });

  it('lets the user’s selectors win over the labels when they match', () => {
    const doc = staticPage(
      '/clientes/7',
      '<main><div><span>Correo electrónico</span><span>viejo@example.com</span></div><p id="mail">Contacto: nuevo@example.com</p></main>',
    );
    expect(gestioo.extractContact(doc, here(), { selectors: { email: '#mail' } })?.email).toBe(
      'nuevo@example.com',
    );
    expect(gestioo.extractContact(doc, here(), { selectors: { email: '#none' } })?.email).toBe(
      'viejo@example.com',
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

function watch(): HostEvent[] {
  const events: HostEvent[] = [];
  gestioo.observe(document, controller.signal, (event) => events.push(event));
  return events;
}

describe('watching the demo Gestioo', () => {
  it('notices a client edit once the ficha shows it', async () => {
    fakeTimers();
    open('/clientes/4512/editar', 'clasico');
    const form = (await shown('form.formulario')) as HTMLFormElement;
    const events = watch();
    typeInto('campo-telefono', '+34 600 111 222');
    typeInto('campo-empresaId', '302');
    form.requestSubmit();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual([
      {
        type: 'contact.updated',
        contact: { ...ANA, phone: '+34 600 111 222', companyName: 'Northwind Traders', companyId: '302' },
      },
    ]);
  });

  it('notices a new client once its ficha shows', async () => {
    fakeTimers();
    open('/clientes/nuevo');
    const form = (await shown('form.formulario')) as HTMLFormElement;
    const events = watch();
    typeInto('campo-nombre', 'Pepa');
    typeInto('campo-apellidos', 'Flores Ruiz');
    typeInto('campo-email', 'pepa@example.com');
    form.requestSubmit();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toEqual({
      type: 'contact.created',
      contact: {
        site: 'gestioo',
        hostRecordId: '5001',
        name: 'Pepa Flores Ruiz',
        firstName: 'Pepa',
        lastName: 'Flores Ruiz',
        email: 'pepa@example.com',
      },
    });
  });

  it('notices a company edit as a business update with Gestioo’s company id', async () => {
    fakeTimers();
    open('/empresas/301/editar');
    const form = (await shown('form.formulario')) as HTMLFormElement;
    const events = watch();
    typeInto('campo-nombre', 'Gimnasio Sol Levante');
    form.requestSubmit();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual([
      { type: 'business.updated', business: { id: '301', name: 'Gimnasio Sol Levante' } },
    ]);
  });

  it('says nothing when a company is saved unchanged, or refused', async () => {
    fakeTimers();
    open('/empresas/301/editar');
    const form = (await shown('form.formulario')) as HTMLFormElement;
    const events = watch();
    typeInto('campo-nombre', 'Gimnasio Sol');
    form.requestSubmit();
    await vi.waitFor(() => expect(location.pathname).toBe('/empresas/301'));
    await shown('.campos');
    (document.querySelector('a[href="/empresas/301/editar"]') as HTMLElement).click();
    const again = (await shown('form.formulario')) as HTMLFormElement;
    typeInto('campo-telefono', 'sin teléfono');
    again.requestSubmit();
    await shown('#campo-telefono-error:not([hidden])');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(events).toEqual([]);
  });

  it('leaves the submit behind when the agent walks away before the result shows', async () => {
    fakeTimers();
    open('/clientes/4512/editar');
    const form = (await shown('form.formulario')) as HTMLFormElement;
    const events = watch();
    typeInto('campo-telefono', 'no válido');
    form.requestSubmit();
    await shown('#campo-telefono-error:not([hidden])');
    document.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    (document.querySelector('a[href="/clientes/4512"]') as HTMLElement).click();
    await shown('.campos');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual([]);
  });
});
