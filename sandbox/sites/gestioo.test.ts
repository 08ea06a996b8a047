import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../fixtures.ts';
import { createGestiooSite } from './gestioo/app.ts';
import type { ClienteView, GestiooEmpresa } from './gestioo/data.ts';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

type Site = ReturnType<typeof createGestiooSite>;

async function getCliente(site: Site, id: string) {
  const response = await site.app.request(`/api/clientes/${id}`);
  return { status: response.status, body: (await response.json()) as { cliente: ClienteView } };
}

async function getEmpresa(site: Site, id: string) {
  const response = await site.app.request(`/api/empresas/${id}`);
  return {
    status: response.status,
    body: (await response.json()) as { empresa: GestiooEmpresa; clientes: ClienteView[] },
  };
}

describe('the demo Gestioo site', () => {
  it('answers for its demo accounts: app, demo (classic skin), costadental (hash routes), gimnasiosol (dialogs)', () => {
    expect(createGestiooSite().hosts).toEqual([
      'app.gestioo.com',
      'demo.gestioo.com',
      'costadental.gestioo.com',
      'gimnasiosol.gestioo.com',
    ]);
  });

  it('shows every demo person that has a Gestioo record as a client under their Gestioo id', async () => {
    const site = createGestiooSite();
    for (const person of DEMO_PEOPLE) {
      const response = await site.app.request(`/api/clientes/${person.gestioo?.id ?? '0'}`);
      expect(response.status, person.key).toBe(person.gestioo ? 200 : 404);
    }
  });

  it("shows Gestioo's own email where it differs, and nothing where Gestioo has none", async () => {
    const site = createGestiooSite();
    expect((await getCliente(site, '4513')).body.cliente.email).toBe('ben@northwind.example');
    expect((await getCliente(site, '4514')).body.cliente).toMatchObject({
      email: null,
      telefono: null,
      empresa: null,
    });
    expect((await getCliente(site, '4518')).body.cliente).toMatchObject({
      nombre: 'Lucía',
      apellidos: 'Moreno',
    });
  });

  it("links each person to their business as a company with Gestioo's own id", async () => {
    const site = createGestiooSite();
    const ana = (await getCliente(site, '4512')).body.cliente;
    const ben = (await getCliente(site, '4513')).body.cliente;
    expect(ana.empresa).toEqual({ id: '301', nombre: 'Gimnasio Sol' });
    expect(ben.empresa).toEqual({ id: '302', nombre: 'Northwind Traders' });
    const { body } = await getEmpresa(site, '301');
    expect(body.empresa.nombre).toBe('Gimnasio Sol');
    expect(body.clientes.map((cliente) => cliente.id)).toContain('4512');
  });

  it('keeps script payloads verbatim in the data (the pages must render them as text)', async () => {
    const { cliente } = (await getCliente(createGestiooSite(), '4517')).body;
    expect(cliente.nombre).toBe('<img src=x onerror="window.__xss=1">');
    expect(cliente.empresa?.nombre).toBe('<svg onload="window.__xss=3">');
  });

  it('adds 30 generated clients and six generated companies, identical on every start', async () => {
    const list = async () =>
      (await (await createGestiooSite().app.request('/api/clientes')).json()) as { clientes: ClienteView[] };
    const first = await list();
    expect(first.clientes.filter((cliente) => /^46\d\d$/.test(cliente.id))).toHaveLength(30);
    expect(await list()).toEqual(first);
    const empresas = (await (await createGestiooSite().app.request('/api/empresas')).json()) as {
      total: number;
    };
    expect(empresas.total).toBe(9);
  });

  it('creates a client that its page and a reload then show', async () => {
    const site = createGestiooSite();
    const response = await site.app.request(
      '/api/clientes',
      json('POST', {
        nombre: 'Pepa',
        apellidos: 'Flores Ruiz',
        email: '',
        telefono: '+34 600 000 001',
        empresaId: '302',
      }),
    );
    expect(response.status).toBe(201);
    const { cliente } = (await response.json()) as { cliente: ClienteView };
    expect(cliente).toMatchObject({ id: '5001', email: null, telefono: '+34 600 000 001' });
    expect(cliente.empresa?.nombre).toBe('Northwind Traders');
    expect((await getCliente(site, '5001')).status).toBe(200);
    expect((await site.app.request('/clientes/5001')).status).toBe(200);
  });

  it('edits a client and keeps the edit', async () => {
    const site = createGestiooSite();
    await site.app.request(
      '/api/clientes/4512',
      json('PATCH', { telefono: '+34 600 111 222', empresaId: '' }),
    );
    expect((await getCliente(site, '4512')).body.cliente).toMatchObject({
      nombre: 'Ana',
      telefono: '+34 600 111 222',
      empresa: null,
    });
  });

  it('refuses invalid client fields in Spanish, with 422, changing nothing', async () => {
    const site = createGestiooSite();
    const response = await site.app.request(
      '/api/clientes/4512',
      json('PATCH', { nombre: '', email: 'nope', empresaId: '999' }),
    );
    expect(response.status).toBe(422);
    const { fields } = (await response.json()) as { fields: Record<string, string> };
    expect(fields).toEqual({
      nombre: 'El nombre es obligatorio.',
      email: 'Introduce un correo electrónico válido.',
      empresaId: 'La empresa no existe.',
    });
    expect((await getCliente(site, '4512')).body.cliente.email).toBe('ana.garcia@example.com');
  });

  it('edits a company, which its clients then show', async () => {
    const site = createGestiooSite();
    const response = await site.app.request(
      '/api/empresas/301',
      json('PATCH', { nombre: 'Gimnasio Sol Levante' }),
    );
    expect(response.status).toBe(200);
    expect((await getEmpresa(site, '301')).body.empresa.nombre).toBe('Gimnasio Sol Levante');
    expect((await getCliente(site, '4512')).body.cliente.empresa?.nombre).toBe('Gimnasio Sol Levante');
    expect((await site.app.request('/api/empresas/301', json('PATCH', { nombre: ' ' }))).status).toBe(422);
  });

  it('restores the seed on reset', async () => {
    const site = createGestiooSite();
    await site.app.request('/api/clientes', json('POST', { nombre: 'Temporal' }));
    await site.app.request('/api/empresas/301', json('PATCH', { nombre: 'Otro nombre' }));
    site.reset();
    expect((await getCliente(site, '5001')).status).toBe(404);
    expect((await getEmpresa(site, '301')).body.empresa.nombre).toBe('Gimnasio Sol');
  });

  it('serves the app shell in Spanish on a deep link to any app route', async () => {
    const site = createGestiooSite();
    for (const path of [
      '/',
      '/clientes',
      '/clientes/nuevo',
      '/clientes/4512',
      '/clientes/4512/editar',
      '/empresas/301',
      '/empresas/301/editar',
    ]) {
      const response = await site.app.request(path);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html).toContain('<html lang="es">');
      expect(html).toContain('<script type="module" src="/assets/gestioo/main.ts">');
    }
  });

  it('answers unknown clients, companies and pages with the shell and 404', async () => {
    const site = createGestiooSite();
    for (const path of ['/clientes/1', '/empresas/1', '/empresas/1/editar', '/contacts']) {
      expect((await site.app.request(path)).status, path).toBe(404);
    }
  });
});
