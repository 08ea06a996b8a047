/**
 * A Gestioo account the extension has never seen (crm.gestioo.com): an older install whose people are
 * "personas" at /personas/detalle/:id, each shown as a definition list with Spanish labels, rendered on the
 * server (every value escaped by hono/html). No built-in route recognises it: the agent teaches it by pointing
 * (features/recipes). The people are the Gestioo seed's clients.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { DemoSite } from '../types.ts';
import { seedGestioo } from './data.ts';

export const PERSONAS_HOST = 'crm.gestioo.com';

export function createGestiooPersonasSite(): DemoSite {
  const data = seedGestioo();
  const empresa = (id: string | null) => data.empresas.find((e) => e.id === id)?.nombre ?? '';
  const page = (title: string, body: unknown) => html`<!doctype html>
<html lang="es">
  <head><meta charset="utf-8" /><title>${title} · Gestioo</title></head>
  <body>
    <header class="cabecera"><a href="/personas">Personas</a> · <a href="/">Inicio</a></header>
    <main class="contenido">${body}</main>
  </body>
</html>`;

  const app = new Hono();
  app.get('/', (c) =>
    c.html(page('Inicio', html`<h1>Bienvenido</h1><p><a href="/personas">Personas</a></p>`)),
  );
  app.get('/personas', (c) =>
    c.html(
      page(
        'Personas',
        html`<h1>Personas</h1>
          <ul class="listado">
            ${data.clientes.map(
              (p) => html`<li><a href="/personas/detalle/${p.id}">${p.nombre} ${p.apellidos}</a></li>`,
            )}
          </ul>`,
      ),
    ),
  );
  app.get('/personas/detalle/:id', (c) => {
    const persona = data.clientes.find((p) => p.id === c.req.param('id'));
    if (!persona) return c.html(page('No encontrada', html`<h1>Persona no encontrada</h1>`), 404);
    return c.html(
      page(
        `${persona.nombre} ${persona.apellidos}`,
        html`<h1 class="titulo">Ficha de persona</h1>
          <dl class="datos">
            <dt>Nombre completo</dt>
            <dd>${persona.nombre} ${persona.apellidos}</dd>
            <dt>Correo electrónico</dt>
            <dd>${persona.email ?? '—'}</dd>
            <dt>Teléfono</dt>
            <dd>${persona.telefono ?? '—'}</dd>
            <dt>Empresa</dt>
            <dd>${empresa(persona.empresaId) || '—'}</dd>
            <dt>Población</dt>
            <dd>${persona.poblacion ?? '—'}</dd>
          </dl>`,
      ),
    );
  });
  return { hosts: [PERSONAS_HOST], app, reset: () => undefined };
}
