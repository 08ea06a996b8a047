// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGestiooSite } from './gestioo/app.ts';
import { mountGestioo, type Skin } from './gestioo/client.ts';
import type { ClienteView, GestiooEmpresa } from './gestioo/data.ts';
import { type MountedDemo, mountDemo, shown } from './testing.ts';

let demo: MountedDemo | null = null;

function open(path: string, skin: Skin = 'moderno'): MountedDemo {
  demo?.stop();
  demo = mountDemo(createGestiooSite(), (options) => mountGestioo({ ...options, skin }), path);
  return demo;
}

afterEach(() => {
  demo?.stop();
  demo = null;
});

const main = () => document.querySelector('main') as HTMLElement;
const text = (selector: string) => document.querySelector(selector)?.textContent ?? null;
const link = (label: string, scope: ParentNode = document) =>
  [...scope.querySelectorAll('a')].find((a) => a.textContent?.trim() === label) as HTMLAnchorElement;
const rows = () =>
  Object.fromEntries(
    [...main().querySelectorAll('.campo, .ficha tr')].map((row) => [
      row.firstElementChild?.textContent,
      row.lastElementChild?.textContent,
    ]),
  );

function fill(id: string, value: string) {
  (document.getElementById(id) as HTMLInputElement | HTMLSelectElement).value = value;
}

describe('the demo Gestioo app', () => {
  it('opens on "Inicio" with a top menu and counts', async () => {
    open('/');
    await shown('.resumen');
    expect(document.title).toBe('Inicio - Gestioo');
    expect(document.querySelector('nav.menu [aria-current="page"]')?.textContent).toBe('Inicio');
    expect(text('.resumen')).toContain('36 clientes');
  });

  it('opens a client from the list without reloading, and goes back and forward', async () => {
    open('/clientes');
    await shown('table.listado');
    const root = document.getElementById('app');
    link('Ana García', main()).click();
    expect(location.pathname).toBe('/clientes/4512');
    await shown('.campos');
    expect(document.getElementById('app')).toBe(root);
    expect(document.title).toBe('Ana García - Clientes - Gestioo');
    history.back();
    await vi.waitFor(() => expect(location.pathname).toBe('/clientes'));
    await shown('table.listado');
    history.forward();
    await shown('.campos');
  });

  it('shows a client as label/value rows with mailto:/tel: links and a link to the company (moderno)', async () => {
    open('/clientes/4512');
    await shown('.campos');
    expect(text('h1')).toBe('Ana García');
    expect(rows()).toMatchObject({
      Nombre: 'Ana',
      Apellidos: 'García',
      'Correo electrónico': 'ana.garcia@example.com',
      Teléfono: '+34 612 34 56 78',
      Empresa: 'Gimnasio Sol',
    });
    expect(main().querySelector('a[href="mailto:ana.garcia@example.com"]')).not.toBeNull();
    expect(main().querySelector('a[href="tel:+34612345678"]')).not.toBeNull();
    expect(main().querySelector('a[href="/empresas/301"]')?.textContent).toBe('Gimnasio Sol');
  });

  it('shows a client as a table with email and phone as plain text (clásico)', async () => {
    open('/clientes/4512', 'clasico');
    await shown('table.ficha');
    expect(text('h1')).toBe('Ficha de cliente');
    expect(text('h2.titular')).toBe('Ana García');
    expect(rows()).toMatchObject({ 'E-mail:': 'ana.garcia@example.com', 'Teléfono:': '+34 612 34 56 78' });
    expect(main().querySelector('a[href^="mailto:"], a[href^="tel:"]')).toBeNull();
  });

  it('leaves out the fields Gestioo does not have', async () => {
    open('/clientes/4514');
    await shown('.campos');
    expect(Object.keys(rows())).not.toContain('Correo electrónico');
    expect(Object.keys(rows())).not.toContain('Teléfono');
  });

  it('renders script payloads as inert text', async () => {
    open('/clientes/4517');
    await shown('.campos');
    expect(rows()).toMatchObject({
      Nombre: '<img src=x onerror="window.__xss=1">',
      Empresa: '<svg onload="window.__xss=3">',
    });
    expect(main().querySelector('img, script, svg, b, iframe')).toBeNull();
    expect((window as { __xss?: unknown }).__xss).toBeUndefined();
  });

  it('saves a client edit, shows it and keeps it on the server', async () => {
    const { site } = open('/clientes/4512/editar');
    const form = (await shown('form.formulario')) as HTMLFormElement;
    expect(text('h1')).toBe('Editar cliente');
    fill('campo-telefono', '+34 600 111 222');
    fill('campo-empresaId', '302');
    form.requestSubmit();
    await vi.waitFor(() => expect(location.pathname).toBe('/clientes/4512'));
    await shown('.campos');
    expect(text('.aviso')).toBe('Cliente guardado correctamente.');
    expect(rows()).toMatchObject({ Teléfono: '+34 600 111 222', Empresa: 'Northwind Traders' });
    const saved = (await (await site.app.request('/api/clientes/4512')).json()) as { cliente: ClienteView };
    expect(saved.cliente.empresaId).toBe('302');
  });

  it('shows the server’s message next to a field it refuses', async () => {
    open('/clientes/4512/editar');
    const form = (await shown('form.formulario')) as HTMLFormElement;
    fill('campo-telefono', 'sin teléfono');
    form.requestSubmit();
    await vi.waitFor(() => expect(text('#campo-telefono-error')).toBe('El teléfono no es válido.'));
    expect(location.pathname).toBe('/clientes/4512/editar');
  });

  it('creates a client and arrives on its ficha', async () => {
    open('/clientes/nuevo');
    const form = (await shown('form.formulario')) as HTMLFormElement;
    expect(text('h1')).toBe('Nuevo cliente');
    fill('campo-nombre', 'Pepa');
    fill('campo-apellidos', 'Flores Ruiz');
    form.requestSubmit();
    await vi.waitFor(() => expect(location.pathname).toBe('/clientes/5001'));
    await shown('.campos');
    expect(text('h1')).toBe('Pepa Flores Ruiz');
    expect(text('.aviso')).toBe('Cliente creado correctamente.');
  });

  it('shows a company with its clients, and saves an edit of it', async () => {
    const { site } = open('/empresas/301');
    await shown('.campos');
    expect(text('.tipo')).toBe('Cliente empresa');
    expect(rows()).toMatchObject({ 'Razón social': 'Gimnasio Sol' });
    expect(link('Ana García', main())).toBeDefined();
    link('Editar', main()).click();
    const form = (await shown('form.formulario')) as HTMLFormElement;
    fill('campo-nombre', 'Gimnasio Sol Levante');
    form.requestSubmit();
    await vi.waitFor(() => expect(location.pathname).toBe('/empresas/301'));
    await vi.waitFor(() => expect(text('h1')).toBe('Gimnasio Sol Levante'));
    expect(text('.aviso')).toBe('Empresa guardada correctamente.');
    const saved = (await (await site.app.request('/api/empresas/301')).json()) as { empresa: GestiooEmpresa };
    expect(saved.empresa.nombre).toBe('Gimnasio Sol Levante');
  });

  it('tells when a client does not exist', async () => {
    open('/clientes/1');
    await vi.waitFor(() => expect(text('h1')).toBe('Cliente no encontrado'));
  });
});
