/**
 * The demo Gestioo (app.gestioo.com; demo.gestioo.com with the classic skin, costadental.gestioo.com routed by
 * hash, gimnasiosol.gestioo.com with fichas in a dialog over the list): clients ("clientes") and
 * companies ("empresas") as a Spanish single-page app over a small JSON API whose state lives in memory,
 * so creates and edits survive navigation and reloads until `reset()`.
 */
import { type Context, Hono } from 'hono';
import { matchRoute } from '../shared/router.ts';
import { jsonObject, serveAssets, shellResponse, spaShell } from '../shared/serve.ts';
import { type FieldErrors, isEmail, isPhone, optionalText } from '../shared/validate.ts';
import type { DemoSite } from '../types.ts';
import {
  type ClienteView,
  type GestiooCliente,
  type GestiooData,
  type GestiooEmpresa,
  seedGestioo,
} from './data.ts';

/** The SPA's routes, as the client declares them; the server answers these with the shell. */
export const GESTIOO_ROUTES = [
  { path: '/' },
  { path: '/clientes' },
  { path: '/clientes/nuevo' },
  { path: '/clientes/:id' },
  { path: '/clientes/:id/editar' },
  { path: '/empresas' },
  { path: '/empresas/:empresaId' },
  { path: '/empresas/:empresaId/editar' },
  { path: '/presupuestos' },
  { path: '/facturas' },
] as const;

const SHELL = spaShell({
  lang: 'es',
  title: 'Gestioo',
  stylesheet: '/assets/gestioo/style.css',
  entry: '/assets/gestioo/main.ts',
  loadingText: 'Cargando…',
});

const ASSETS = {
  '/assets/gestioo/main.ts': new URL('./main.ts', import.meta.url),
  '/assets/gestioo/client.ts': new URL('./client.ts', import.meta.url),
  '/assets/gestioo/style.css': new URL('./style.css', import.meta.url),
  '/assets/shared/dom.ts': new URL('../shared/dom.ts', import.meta.url),
  '/assets/shared/router.ts': new URL('../shared/router.ts', import.meta.url),
  '/assets/shared/api.ts': new URL('../shared/api.ts', import.meta.url),
};

function invalid(c: Context, fields: FieldErrors) {
  return c.json({ error: 'Revisa los campos marcados.', fields }, 422);
}

function readText(body: Record<string, unknown>, key: string, errors: FieldErrors, required: string | null) {
  const value = optionalText(body[key]);
  if (value === undefined) errors[key] = 'Debe ser texto.';
  else if (value === null && required) errors[key] = required;
  else if (value !== null && value.length > 200) errors[key] = 'Máximo 200 caracteres.';
  return value ?? null;
}

function readContactFields(body: Record<string, unknown>, partial: boolean, errors: FieldErrors) {
  const out: { email?: string | null; telefono?: string | null; poblacion?: string | null } = {};
  if (!partial || 'email' in body) {
    const email = readText(body, 'email', errors, null);
    if (email !== null && !isEmail(email)) errors.email = 'Introduce un correo electrónico válido.';
    else out.email = email;
  }
  if (!partial || 'telefono' in body) {
    const telefono = readText(body, 'telefono', errors, null);
    if (telefono !== null && !isPhone(telefono)) errors.telefono = 'El teléfono no es válido.';
    else out.telefono = telefono;
  }
  if (!partial || 'poblacion' in body) out.poblacion = readText(body, 'poblacion', errors, null);
  return out;
}

export function createGestiooSite(): DemoSite {
  let data: GestiooData = seedGestioo();
  let nextCliente = 5001;

  const findCliente = (id: string) => data.clientes.find((cliente) => cliente.id === id);
  const findEmpresa = (id: string) => data.empresas.find((empresa) => empresa.id === id);
  const view = (cliente: GestiooCliente): ClienteView => {
    const empresa = cliente.empresaId ? findEmpresa(cliente.empresaId) : undefined;
    return { ...cliente, empresa: empresa ? { id: empresa.id, nombre: empresa.nombre } : null };
  };

  /** Validates a create (every field) or an edit (only the fields present). */
  const readCliente = (body: Record<string, unknown>, partial: boolean) => {
    const errors: FieldErrors = {};
    const input: Partial<GestiooCliente> = {};
    const has = (key: string) => !partial || key in body;
    if (has('nombre')) {
      const nombre = readText(body, 'nombre', errors, 'El nombre es obligatorio.');
      if (nombre) input.nombre = nombre;
    }
    if (has('apellidos')) input.apellidos = readText(body, 'apellidos', errors, null) ?? '';
    if (has('nif')) input.nif = readText(body, 'nif', errors, null);
    if (has('empresaId')) {
      const empresaId = readText(body, 'empresaId', errors, null);
      if (empresaId !== null && !findEmpresa(empresaId)) errors.empresaId = 'La empresa no existe.';
      else input.empresaId = empresaId;
    }
    Object.assign(input, readContactFields(body, partial, errors));
    return Object.keys(errors).length > 0 ? { ok: false as const, errors } : { ok: true as const, input };
  };

  const api = new Hono();

  api.get('/clientes', (c) => {
    const search = (c.req.query('buscar') ?? '').trim().toLowerCase();
    const clientes = search
      ? data.clientes.filter((cliente) =>
          [cliente.id, `${cliente.nombre} ${cliente.apellidos}`, cliente.email ?? '', cliente.telefono ?? '']
            .join(' ')
            .toLowerCase()
            .includes(search),
        )
      : data.clientes;
    return c.json({ clientes: clientes.map(view), total: clientes.length });
  });

  api.post('/clientes', async (c) => {
    const body = await jsonObject(c);
    if (!body) return c.json({ error: 'El cuerpo debe ser un objeto JSON.' }, 400);
    const parsed = readCliente(body, false);
    if (!parsed.ok) return invalid(c, parsed.errors);
    const cliente: GestiooCliente = {
      id: String(nextCliente++),
      nombre: parsed.input.nombre ?? '',
      apellidos: parsed.input.apellidos ?? '',
      email: parsed.input.email ?? null,
      telefono: parsed.input.telefono ?? null,
      empresaId: parsed.input.empresaId ?? null,
      nif: parsed.input.nif ?? null,
      poblacion: parsed.input.poblacion ?? null,
      alta: new Date().toISOString().slice(0, 10),
    };
    data.clientes.unshift(cliente);
    return c.json({ cliente: view(cliente) }, 201);
  });

  api.get('/clientes/:id', (c) => {
    const cliente = findCliente(c.req.param('id'));
    return cliente ? c.json({ cliente: view(cliente) }) : c.json({ error: 'Cliente no encontrado.' }, 404);
  });

  api.patch('/clientes/:id', async (c) => {
    const cliente = findCliente(c.req.param('id'));
    if (!cliente) return c.json({ error: 'Cliente no encontrado.' }, 404);
    const body = await jsonObject(c);
    if (!body) return c.json({ error: 'El cuerpo debe ser un objeto JSON.' }, 400);
    const parsed = readCliente(body, true);
    if (!parsed.ok) return invalid(c, parsed.errors);
    Object.assign(cliente, parsed.input);
    return c.json({ cliente: view(cliente) });
  });

  api.get('/empresas', (c) => {
    const empresas = data.empresas.map((empresa) => ({
      ...empresa,
      clientes: data.clientes.filter((cliente) => cliente.empresaId === empresa.id).length,
    }));
    return c.json({ empresas, total: empresas.length });
  });

  api.get('/empresas/:id', (c) => {
    const empresa = findEmpresa(c.req.param('id'));
    if (!empresa) return c.json({ error: 'Empresa no encontrada.' }, 404);
    const clientes = data.clientes.filter((cliente) => cliente.empresaId === empresa.id).map(view);
    return c.json({ empresa, clientes });
  });

  api.patch('/empresas/:id', async (c) => {
    const empresa = findEmpresa(c.req.param('id'));
    if (!empresa) return c.json({ error: 'Empresa no encontrada.' }, 404);
    const body = await jsonObject(c);
    if (!body) return c.json({ error: 'El cuerpo debe ser un objeto JSON.' }, 400);
    const errors: FieldErrors = {};
    const input: Partial<GestiooEmpresa> = {};
    if ('nombre' in body) {
      const nombre = readText(body, 'nombre', errors, 'La razón social es obligatoria.');
      if (nombre) input.nombre = nombre;
    }
    if ('cif' in body) input.cif = readText(body, 'cif', errors, null);
    Object.assign(input, readContactFields(body, true, errors));
    if (Object.keys(errors).length > 0) return invalid(c, errors);
    Object.assign(empresa, input);
    return c.json({ empresa });
  });

  api.all('*', (c) => c.json({ error: 'No encontrado.' }, 404));

  const app = new Hono();
  serveAssets(app, ASSETS);
  app.route('/api', api);
  app.get('*', (c) => {
    const params = matchRoute(GESTIOO_ROUTES, c.req.path);
    const found =
      params !== null &&
      (params.id === undefined || findCliente(params.id) !== undefined) &&
      (params.empresaId === undefined || findEmpresa(params.empresaId) !== undefined);
    return shellResponse(c, SHELL, found);
  });

  return {
    // Accounts as the client sets them up (client.ts, CUENTAS): the default; the classic skin; hash routing; fichas
    // opened in a dialog over the list.
    hosts: ['app.gestioo.com', 'demo.gestioo.com', 'costadental.gestioo.com', 'gimnasiosol.gestioo.com'],
    app,
    reset() {
      data = seedGestioo();
      nextCliente = 5001;
    },
  };
}
