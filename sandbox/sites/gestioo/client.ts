/**
 * The demo Gestioo single-page app, in Spanish: clients ("clientes") with a record page ("ficha"), edit and
 * create forms, and companies ("empresas") with their own ficha and edit form. Top menu instead of a side
 * one; label/value rows instead of a definition list. Two skins, as two Gestioo accounts might have:
 * "moderno" (app.gestioo.com: rows of spans, mailto:/tel: links) and "clasico" (demo.gestioo.com: a table,
 * email and phone as plain text). Every piece of data is rendered as text.
 */
import type { Api, Fetch } from '../shared/api.ts';
import { createApi } from '../shared/api.ts';
import type { Child } from '../shared/dom.ts';
import { h, render, telHref } from '../shared/dom.ts';
import type { RouteContext, Router } from '../shared/router.ts';
import { startRouter } from '../shared/router.ts';
import type { ClienteView, GestiooEmpresa } from './data.ts';

export type Skin = 'moderno' | 'clasico';
/** How the account's app routes: by the URL's path (`/clientes/4512`) or by its hash (`/#/clientes/4512`). */
export type Rutas = 'historial' | 'hash';
/** Where a client's ficha opens from the list: its own page, or a dialog over the list (`/clientes?cliente=4512`). */
export type Fichas = 'pagina' | 'dialogo';

/**
 * The demo accounts, by host (every Gestioo account has its own *.gestioo.com): how each one's app is set up.
 * app.gestioo.com is the default (moderno, history routing, fichas as pages).
 */
const CUENTAS: Readonly<Record<string, { skin?: Skin; rutas?: Rutas; fichas?: Fichas }>> = {
  'demo.gestioo.com': { skin: 'clasico' },
  'costadental.gestioo.com': { rutas: 'hash' },
  'gimnasiosol.gestioo.com': { fichas: 'dialogo' },
};

export interface MountOptions {
  root: HTMLElement;
  /** Defaults to the account's (CUENTAS): "clasico" on demo.gestioo.com, else "moderno". */
  skin?: Skin;
  /** Defaults to the account's: hash routing on costadental.gestioo.com, else history. */
  rutas?: Rutas;
  /** Defaults to the account's: fichas in a dialog over the list on gimnasiosol.gestioo.com, else pages. */
  fichas?: Fichas;
  /** Defaults to the window's fetch; tests pass the Hono app's in-memory `request`. */
  fetch?: Fetch;
}

const MENU = [
  ['/', 'Inicio'],
  ['/clientes', 'Clientes'],
  ['/empresas', 'Empresas'],
  ['/presupuestos', 'Presupuestos'],
  ['/facturas', 'Facturas'],
] as const;

const dateFormat = new Intl.DateTimeFormat('es-ES', { day: 'numeric', month: 'long', year: 'numeric' });

function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00`);
  return Number.isNaN(date.getTime()) ? isoDate : dateFormat.format(date);
}

/** Seeded numbers are E.164; show them the way Gestioo formats them. */
export function displayPhone(phone: string): string {
  const es = /^\+34(\d{3})(\d{2})(\d{2})(\d{2})$/.exec(phone);
  if (es) return `+34 ${es[1]} ${es[2]} ${es[3]} ${es[4]}`;
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  if (us) return `+1 ${us[1]} ${us[2]} ${us[3]}`;
  return phone;
}

function nombreCompleto(cliente: Pick<ClienteView, 'nombre' | 'apellidos'>): string {
  return `${cliente.nombre} ${cliente.apellidos}`.trim();
}

type EmpresaConClientes = GestiooEmpresa & { clientes: number };

export function mountGestioo(options: MountOptions): { router: Router; stop(): void } {
  const cuenta = CUENTAS[location.hostname] ?? {};
  const skin: Skin = options.skin ?? cuenta.skin ?? 'moderno';
  const rutas: Rutas = options.rutas ?? cuenta.rutas ?? 'historial';
  const fichas: Fichas = options.fichas ?? cuenta.fichas ?? 'pagina';
  /** The href of an app path: the path, or with hash routing `#/…`. */
  const enlace = (path: string) => (rutas === 'hash' ? `#${path}` : path);
  /** Where a client's name leads: the ficha's page, or the list with the ficha open in a dialog over it. */
  const fichaDe = (id: string) =>
    fichas === 'dialogo'
      ? `/clientes?cliente=${encodeURIComponent(id)}`
      : `/clientes/${encodeURIComponent(id)}`;
  const api: Api = createApi(
    options.fetch ?? ((input, init) => fetch(input, init)),
    'No se pudo conectar con Gestioo.',
  );
  let aviso: string | null = null;

  const menuLinks = MENU.map(([href, label]) => h('a', { href: enlace(href), 'data-ruta': href }, label));
  const main = h('main', { id: 'contenido', class: 'contenido' });
  render(
    options.root,
    h(
      'div',
      { class: `gestioo piel-${skin}` },
      h(
        'header',
        { class: 'barra' },
        h('a', { class: 'marca', href: enlace('/') }, 'Gestioo'),
        h('nav', { class: 'menu', 'aria-label': 'Menú principal' }, menuLinks),
        h('div', { class: 'usuario' }, h('span', null, 'Marta López'), h('small', null, 'Costa Dental S.L.')),
      ),
      main,
      h(
        'footer',
        { class: 'pie' },
        '© Gestioo · Soporte: ',
        h('a', { href: 'mailto:soporte@gestioo.example' }, 'soporte@gestioo.example'),
      ),
    ),
  );

  const marcarMenu = (path: string) => {
    for (const link of menuLinks) {
      const href = link.getAttribute('data-ruta') ?? '';
      const activo = href === '/' ? path === '/' : path.startsWith(href);
      if (activo) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  };

  const tomarAviso = (): Child => {
    const texto = aviso;
    aviso = null;
    return texto ? h('div', { class: 'aviso', role: 'status' }, texto) : null;
  };

  const pagina = (path: string, titulo: string, ...children: Child[]) => {
    listaDe = null;
    cerrarDialogo();
    marcarMenu(path);
    document.title = `${titulo} - Gestioo`;
    render(main, ...children);
  };

  const cargando = () => h('p', { class: 'cargando', role: 'status' }, 'Cargando…');

  const migas = (...trail: Child[]) =>
    h(
      'nav',
      { class: 'migas', 'aria-label': 'Migas de pan' },
      trail.map((item, i) => [i > 0 ? h('span', { 'aria-hidden': 'true' }, ' › ') : null, item]),
    );

  const error = (path: string, status: number, mensaje: string, que: 'Cliente' | 'Empresa') => {
    const titulo =
      status === 404 ? `${que} no encontrado${que === 'Empresa' ? 'a' : ''}` : 'Se ha producido un error';
    const volver =
      que === 'Cliente'
        ? (['/clientes', 'Volver a clientes'] as const)
        : (['/empresas', 'Volver a empresas'] as const);
    pagina(
      path,
      titulo,
      h('h1', null, titulo),
      h('p', { role: 'alert' }, mensaje),
      h('a', { href: enlace(volver[0]) }, volver[1]),
    );
  };

  // ---------------------------------------------------------------------------------------------------
  // Label/value rows, in the account's skin

  type Fila = readonly [etiqueta: string, valor: Child];

  const filas = (items: readonly (Fila | null)[]) => {
    const visibles = items.filter((item): item is Fila => item !== null);
    if (skin === 'clasico') {
      return h(
        'table',
        { class: 'ficha' },
        h(
          'tbody',
          null,
          visibles.map(([etiqueta, valor]) =>
            h('tr', null, h('th', { scope: 'row' }, `${etiqueta}:`), h('td', null, valor)),
          ),
        ),
      );
    }
    return h(
      'div',
      { class: 'campos' },
      visibles.map(([etiqueta, valor]) =>
        h(
          'div',
          { class: 'campo' },
          h('span', { class: 'etiqueta' }, etiqueta),
          h('span', { class: 'valor' }, valor),
        ),
      ),
    );
  };

  const correo = (email: string): Child =>
    skin === 'clasico' ? email : h('a', { href: `mailto:${email}` }, email);
  const telefono = (phone: string): Child =>
    skin === 'clasico' ? displayPhone(phone) : h('a', { href: telHref(phone) }, displayPhone(phone));

  const cabecera = (tipo: string, titulo: string, editar: string) =>
    h(
      'div',
      { class: 'ficha-cabecera' },
      skin === 'clasico'
        ? h(
            'div',
            null,
            h('h1', null, `Ficha de ${tipo.toLowerCase()}`),
            h('h2', { class: 'titular' }, titulo),
          )
        : h('div', null, h('p', { class: 'tipo' }, tipo), h('h1', null, titulo)),
      h('div', { class: 'acciones' }, h('a', { class: 'boton', href: enlace(editar) }, 'Editar')),
    );

  // ---------------------------------------------------------------------------------------------------
  // Inicio and lists

  const inicio = async ({ path, signal }: RouteContext) => {
    pagina(path, 'Inicio', h('h1', null, 'Inicio'), cargando());
    const [clientes, empresas] = await Promise.all([
      api.get<{ clientes: ClienteView[]; total: number }>('/api/clientes', signal),
      api.get<{ total: number }>('/api/empresas', signal),
    ]);
    if (signal.aborted) return;
    if (!clientes.ok || !empresas.ok) {
      pagina(
        path,
        'Inicio',
        h('h1', null, 'Inicio'),
        h('p', { role: 'alert' }, 'No se pudo cargar el resumen.'),
      );
      return;
    }
    pagina(
      path,
      'Inicio',
      h('h1', null, 'Inicio'),
      h(
        'div',
        { class: 'resumen' },
        h(
          'a',
          { class: 'tarjeta', href: enlace('/clientes') },
          h('strong', null, clientes.data.total),
          ' clientes',
        ),
        h(
          'a',
          { class: 'tarjeta', href: enlace('/empresas') },
          h('strong', null, empresas.data.total),
          ' empresas',
        ),
      ),
      h('h2', null, 'Últimos clientes'),
      h(
        'ul',
        { class: 'ultimos' },
        clientes.data.clientes
          .slice(0, 5)
          .map((cliente) =>
            h('li', null, h('a', { href: enlace(fichaDe(cliente.id)) }, nombreCompleto(cliente))),
          ),
      ),
    );
  };

  /** The list of clients as shown now: its search, while the page shows it (a ficha's dialog opens over it). */
  let listaDe: string | null = null;
  /** The dialog open over the list, if any. */
  let dialogo: HTMLElement | null = null;

  const cerrarDialogo = () => {
    dialogo?.remove();
    dialogo = null;
  };

  const pintarLista = async (path: string, buscar: string, signal: AbortSignal) => {
    const campo = h('input', {
      type: 'search',
      id: 'buscar',
      name: 'buscar',
      value: buscar,
      placeholder: 'Nombre, email, teléfono…',
    });
    const resultados = h('div', null, cargando());
    pagina(
      path,
      'Clientes',
      h(
        'div',
        { class: 'titulo-lista' },
        h('h1', null, 'Clientes'),
        h('a', { class: 'boton primario', href: enlace('/clientes/nuevo') }, 'Nuevo cliente'),
      ),
      tomarAviso(),
      h(
        'form',
        {
          class: 'buscador',
          role: 'search',
          onsubmit: (event: SubmitEvent) => {
            event.preventDefault();
            const texto = campo.value.trim();
            router.navigate(texto ? `/clientes?buscar=${encodeURIComponent(texto)}` : '/clientes');
          },
        },
        h('label', { for: 'buscar' }, 'Buscar'),
        campo,
        h('button', { type: 'submit', class: 'boton' }, 'Buscar'),
      ),
      resultados,
    );
    const result = await api.get<{ clientes: ClienteView[]; total: number }>(
      `/api/clientes${buscar ? `?buscar=${encodeURIComponent(buscar)}` : ''}`,
      signal,
    );
    if (signal.aborted) return;
    if (!result.ok) {
      render(resultados, h('p', { role: 'alert' }, result.error));
      return;
    }
    listaDe = buscar;
    render(
      resultados,
      h('p', { class: 'total' }, `${result.data.total} clientes`),
      h(
        'table',
        { class: 'listado' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Código', 'Nombre', 'Correo electrónico', 'Teléfono', 'Empresa', 'Población'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          result.data.clientes.map((cliente) =>
            h(
              'tr',
              null,
              h('td', null, cliente.id),
              h('td', null, h('a', { href: enlace(fichaDe(cliente.id)) }, nombreCompleto(cliente))),
              h('td', null, cliente.email ?? ''),
              h('td', null, cliente.telefono ? displayPhone(cliente.telefono) : ''),
              h('td', null, cliente.empresa?.nombre ?? ''),
              h('td', null, cliente.poblacion ?? ''),
            ),
          ),
        ),
      ),
    );
  };

  /**
   * A client's ficha in a dialog over the list (accounts with `fichas: 'dialogo'`): it opens at once with
   * "Cargando…", shows the client once loaded, and closes (back to the list, its search kept) with its button,
   * Escape or a click beside it.
   */
  const abrirDialogo = async (id: string, buscar: string, signal: AbortSignal) => {
    cerrarDialogo();
    const volver = buscar ? `/clientes?buscar=${encodeURIComponent(buscar)}` : '/clientes';
    const cerrar = () => router.navigate(volver);
    const contenido = h('div', { class: 'dialogo-cuerpo' }, cargando());
    const ventana = h(
      'div',
      { class: 'dialogo', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dialogo-titulo' },
      h(
        'div',
        { class: 'dialogo-barra' },
        h('h2', { id: 'dialogo-titulo' }, 'Ficha de cliente'),
        h('button', { type: 'button', class: 'boton cerrar', 'aria-label': 'Cerrar', onclick: cerrar }, '×'),
      ),
      contenido,
    );
    const capa = h(
      'div',
      {
        class: 'capa',
        onclick: (event: MouseEvent) => {
          if (event.target === capa) cerrar();
        },
        onkeydown: (event: KeyboardEvent) => {
          if (event.key === 'Escape') cerrar();
        },
      },
      ventana,
    );
    dialogo = capa;
    options.root.append(capa);
    const result = await api.get<{ cliente: ClienteView }>(`/api/clientes/${encodeURIComponent(id)}`, signal);
    if (signal.aborted || dialogo !== capa) return;
    if (!result.ok) {
      render(contenido, h('p', { role: 'alert' }, result.error));
      return;
    }
    const { cliente } = result.data;
    const titulo = ventana.querySelector('#dialogo-titulo');
    if (titulo) titulo.textContent = nombreCompleto(cliente);
    render(
      contenido,
      h('p', { class: 'tipo' }, cliente.empresa ? 'Cliente' : 'Cliente particular'),
      ...datosCliente(cliente),
      h(
        'div',
        { class: 'acciones' },
        h(
          'a',
          { class: 'boton', href: enlace(`/clientes/${encodeURIComponent(cliente.id)}`) },
          'Ver ficha completa',
        ),
        h(
          'a',
          { class: 'boton', href: enlace(`/clientes/${encodeURIComponent(cliente.id)}/editar`) },
          'Editar',
        ),
        h('button', { type: 'button', class: 'boton', onclick: cerrar }, 'Cerrar'),
      ),
    );
    ventana.querySelector<HTMLElement>('button.cerrar')?.focus();
  };

  const listaClientes = async ({ path, query, signal }: RouteContext) => {
    const buscar = query.get('buscar') ?? '';
    const abierto = fichas === 'dialogo' ? query.get('cliente') : null;
    // Opening or closing a ficha over the list keeps the list as it is.
    if (listaDe !== buscar || !main.querySelector('.listado')) await pintarLista(path, buscar, signal);
    if (signal.aborted) return;
    if (abierto) await abrirDialogo(abierto, buscar, signal);
    else cerrarDialogo();
  };

  const listaEmpresas = async ({ path, signal }: RouteContext) => {
    pagina(path, 'Empresas', h('h1', null, 'Empresas'), cargando());
    const result = await api.get<{ empresas: EmpresaConClientes[]; total: number }>('/api/empresas', signal);
    if (signal.aborted) return;
    if (!result.ok) {
      pagina(path, 'Empresas', h('h1', null, 'Empresas'), h('p', { role: 'alert' }, result.error));
      return;
    }
    pagina(
      path,
      'Empresas',
      h('h1', null, 'Empresas'),
      tomarAviso(),
      h(
        'table',
        { class: 'listado' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Razón social', 'CIF', 'Población', 'Clientes'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          null,
          result.data.empresas.map((empresa) =>
            h(
              'tr',
              null,
              h(
                'td',
                null,
                h('a', { href: enlace(`/empresas/${encodeURIComponent(empresa.id)}`) }, empresa.nombre),
              ),
              h('td', null, empresa.cif ?? ''),
              h('td', null, empresa.poblacion ?? ''),
              h('td', null, empresa.clientes),
            ),
          ),
        ),
      ),
    );
  };

  // ---------------------------------------------------------------------------------------------------
  // Fichas

  /** A client's data blocks, on the ficha's page and in its dialog. */
  const datosCliente = (cliente: ClienteView): Child[] => [
    h(
      'section',
      { class: 'bloque' },
      h('h2', null, 'Datos generales'),
      filas([
        ['Código', cliente.id],
        ['Nombre', cliente.nombre],
        cliente.apellidos ? ['Apellidos', cliente.apellidos] : null,
        cliente.nif ? ['NIF', cliente.nif] : null,
        cliente.email ? [skin === 'clasico' ? 'E-mail' : 'Correo electrónico', correo(cliente.email)] : null,
        cliente.telefono ? ['Teléfono', telefono(cliente.telefono)] : null,
        cliente.empresa
          ? [
              'Empresa',
              h(
                'a',
                { href: enlace(`/empresas/${encodeURIComponent(cliente.empresa.id)}`) },
                cliente.empresa.nombre,
              ),
            ]
          : null,
        cliente.poblacion ? ['Población', cliente.poblacion] : null,
        ['Fecha de alta', formatDate(cliente.alta)],
      ]),
    ),
    h(
      'section',
      { class: 'bloque' },
      h('h2', null, 'Documentos'),
      h('p', { class: 'vacio' }, 'Este cliente no tiene presupuestos ni facturas.'),
    ),
  ];

  const fichaCliente = async ({ params, path, signal }: RouteContext) => {
    const id = params.id ?? '';
    pagina(path, 'Cliente', migas(h('a', { href: enlace('/clientes') }, 'Clientes')), cargando());
    const result = await api.get<{ cliente: ClienteView }>(`/api/clientes/${encodeURIComponent(id)}`, signal);
    if (signal.aborted) return;
    if (!result.ok) {
      error(path, result.status, result.error, 'Cliente');
      return;
    }
    const { cliente } = result.data;
    const nombre = nombreCompleto(cliente);
    pagina(
      path,
      `${nombre} - Clientes`,
      migas(h('a', { href: enlace('/clientes') }, 'Clientes'), h('span', { 'aria-current': 'page' }, nombre)),
      tomarAviso(),
      cabecera(
        cliente.empresa ? 'Cliente' : 'Cliente particular',
        nombre,
        `/clientes/${encodeURIComponent(cliente.id)}/editar`,
      ),
      ...datosCliente(cliente),
    );
  };

  const fichaEmpresa = async ({ params, path, signal }: RouteContext) => {
    const id = params.empresaId ?? '';
    pagina(path, 'Empresa', migas(h('a', { href: enlace('/empresas') }, 'Empresas')), cargando());
    const result = await api.get<{ empresa: GestiooEmpresa; clientes: ClienteView[] }>(
      `/api/empresas/${encodeURIComponent(id)}`,
      signal,
    );
    if (signal.aborted) return;
    if (!result.ok) {
      error(path, result.status, result.error, 'Empresa');
      return;
    }
    const { empresa, clientes } = result.data;
    pagina(
      path,
      `${empresa.nombre} - Empresas`,
      migas(
        h('a', { href: enlace('/empresas') }, 'Empresas'),
        h('span', { 'aria-current': 'page' }, empresa.nombre),
      ),
      tomarAviso(),
      cabecera('Cliente empresa', empresa.nombre, `/empresas/${encodeURIComponent(empresa.id)}/editar`),
      h(
        'section',
        { class: 'bloque' },
        h('h2', null, 'Datos de la empresa'),
        filas([
          ['Razón social', empresa.nombre],
          empresa.cif ? ['CIF', empresa.cif] : null,
          empresa.email ? ['Correo electrónico', correo(empresa.email)] : null,
          empresa.telefono ? ['Teléfono', telefono(empresa.telefono)] : null,
          empresa.poblacion ? ['Población', empresa.poblacion] : null,
        ]),
      ),
      h(
        'section',
        { class: 'bloque' },
        h('h2', null, 'Contactos de la empresa'),
        clientes.length === 0
          ? h('p', { class: 'vacio' }, 'Sin contactos.')
          : h(
              'table',
              { class: 'listado' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['Nombre', 'Correo electrónico', 'Teléfono'].map((t) => h('th', { scope: 'col' }, t)),
                ),
              ),
              h(
                'tbody',
                null,
                clientes.map((cliente) =>
                  h(
                    'tr',
                    null,
                    h('td', null, h('a', { href: enlace(fichaDe(cliente.id)) }, nombreCompleto(cliente))),
                    h('td', null, cliente.email ?? ''),
                    h('td', null, cliente.telefono ? displayPhone(cliente.telefono) : ''),
                  ),
                ),
              ),
            ),
      ),
    );
  };

  // ---------------------------------------------------------------------------------------------------
  // Forms

  interface Campo {
    name: string;
    label: string;
    value: string;
    control?: 'select';
    options?: readonly (readonly [value: string, label: string])[];
    attributes?: Record<string, string | boolean>;
  }

  const formulario = (
    path: string,
    campos: readonly Campo[],
    enviar: (
      body: Record<string, FormDataEntryValue>,
    ) => Promise<
      { ok: true; destino: string } | { ok: false; error: string; fields: Record<string, string> }
    >,
    cancelar: string,
  ) => {
    const errores = new Map<string, HTMLElement>();
    const errorGeneral = h('p', { class: 'error', role: 'alert', hidden: true });
    const boton = h('button', { type: 'submit', class: 'boton primario' }, 'Guardar');
    const form = h(
      'form',
      { class: 'formulario' },
      campos.map((campo) => {
        const id = `campo-${campo.name}`;
        const error = h('span', { class: 'error', id: `${id}-error`, role: 'alert', hidden: true });
        errores.set(campo.name, error);
        const control =
          campo.control === 'select'
            ? h(
                'select',
                { id, name: campo.name, 'aria-describedby': `${id}-error` },
                (campo.options ?? []).map(([value, label]) =>
                  h('option', { value, selected: value === campo.value }, label),
                ),
              )
            : h('input', {
                id,
                name: campo.name,
                value: campo.value,
                'aria-describedby': `${id}-error`,
                ...campo.attributes,
              });
        return h('div', { class: 'fila-form' }, h('label', { for: id }, campo.label), control, error);
      }),
      errorGeneral,
      h('div', { class: 'botones' }, boton, h('a', { class: 'boton', href: enlace(cancelar) }, 'Cancelar')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const item of [...errores.values(), errorGeneral]) {
        item.hidden = true;
        item.textContent = '';
      }
      boton.disabled = true;
      boton.textContent = 'Guardando…';
      const result = await enviar(Object.fromEntries(new FormData(form)));
      boton.disabled = false;
      boton.textContent = 'Guardar';
      if (router.path() !== path) return;
      if (result.ok) {
        router.navigate(result.destino);
        return;
      }
      errorGeneral.textContent = result.error;
      errorGeneral.hidden = false;
      for (const [name, mensaje] of Object.entries(result.fields)) {
        const item = errores.get(name);
        if (item) {
          item.textContent = mensaje;
          item.hidden = false;
        }
      }
    });
    return form;
  };

  const formularioCliente = async ({ params, path, signal }: RouteContext) => {
    const id = params.id;
    const titulo = id ? 'Editar cliente' : 'Nuevo cliente';
    pagina(
      path,
      titulo,
      migas(h('a', { href: enlace('/clientes') }, 'Clientes')),
      h('h1', null, titulo),
      cargando(),
    );
    const [clienteResult, empresasResult] = await Promise.all([
      id
        ? api.get<{ cliente: ClienteView }>(`/api/clientes/${encodeURIComponent(id)}`, signal)
        : Promise.resolve(null),
      api.get<{ empresas: EmpresaConClientes[] }>('/api/empresas', signal),
    ]);
    if (signal.aborted) return;
    if (clienteResult && !clienteResult.ok) {
      error(path, clienteResult.status, clienteResult.error, 'Cliente');
      return;
    }
    const cliente = clienteResult?.data.cliente ?? null;
    const empresas = empresasResult.ok ? empresasResult.data.empresas : [];
    const campos: Campo[] = [
      { name: 'nombre', label: 'Nombre', value: cliente?.nombre ?? '', attributes: { required: true } },
      { name: 'apellidos', label: 'Apellidos', value: cliente?.apellidos ?? '' },
      { name: 'nif', label: 'NIF', value: cliente?.nif ?? '' },
      {
        name: 'email',
        label: 'Correo electrónico',
        value: cliente?.email ?? '',
        attributes: { type: 'email' },
      },
      { name: 'telefono', label: 'Teléfono', value: cliente?.telefono ?? '', attributes: { type: 'tel' } },
      {
        name: 'empresaId',
        label: 'Empresa',
        value: cliente?.empresaId ?? '',
        control: 'select',
        options: [
          ['', '— Sin empresa —'],
          ...empresas.map((empresa) => [empresa.id, empresa.nombre] as const),
        ],
      },
      { name: 'poblacion', label: 'Población', value: cliente?.poblacion ?? '' },
    ];
    const volver = cliente ? `/clientes/${encodeURIComponent(cliente.id)}` : '/clientes';
    pagina(
      path,
      cliente ? `Editar ${nombreCompleto(cliente)}` : titulo,
      migas(
        h('a', { href: enlace('/clientes') }, 'Clientes'),
        cliente ? h('a', { href: enlace(volver) }, nombreCompleto(cliente)) : null,
        h('span', { 'aria-current': 'page' }, cliente ? 'Editar' : 'Nuevo'),
      ),
      h('h1', null, titulo),
      formulario(
        path,
        campos,
        async (body) => {
          const result = cliente
            ? await api.send<{ cliente: ClienteView }>(
                'PATCH',
                `/api/clientes/${encodeURIComponent(cliente.id)}`,
                body,
              )
            : await api.send<{ cliente: ClienteView }>('POST', '/api/clientes', body);
          if (!result.ok) return result;
          aviso = cliente ? 'Cliente guardado correctamente.' : 'Cliente creado correctamente.';
          return { ok: true, destino: `/clientes/${encodeURIComponent(result.data.cliente.id)}` };
        },
        volver,
      ),
    );
  };

  const formularioEmpresa = async ({ params, path, signal }: RouteContext) => {
    const id = params.empresaId ?? '';
    pagina(
      path,
      'Editar empresa',
      migas(h('a', { href: enlace('/empresas') }, 'Empresas')),
      h('h1', null, 'Editar empresa'),
      cargando(),
    );
    const result = await api.get<{ empresa: GestiooEmpresa }>(
      `/api/empresas/${encodeURIComponent(id)}`,
      signal,
    );
    if (signal.aborted) return;
    if (!result.ok) {
      error(path, result.status, result.error, 'Empresa');
      return;
    }
    const { empresa } = result.data;
    const volver = `/empresas/${encodeURIComponent(empresa.id)}`;
    pagina(
      path,
      `Editar ${empresa.nombre}`,
      migas(
        h('a', { href: enlace('/empresas') }, 'Empresas'),
        h('a', { href: enlace(volver) }, empresa.nombre),
        h('span', { 'aria-current': 'page' }, 'Editar'),
      ),
      h('h1', null, 'Editar empresa'),
      formulario(
        path,
        [
          { name: 'nombre', label: 'Razón social', value: empresa.nombre, attributes: { required: true } },
          { name: 'cif', label: 'CIF', value: empresa.cif ?? '' },
          {
            name: 'email',
            label: 'Correo electrónico',
            value: empresa.email ?? '',
            attributes: { type: 'email' },
          },
          { name: 'telefono', label: 'Teléfono', value: empresa.telefono ?? '', attributes: { type: 'tel' } },
          { name: 'poblacion', label: 'Población', value: empresa.poblacion ?? '' },
        ],
        async (body) => {
          const saved = await api.send<{ empresa: GestiooEmpresa }>(
            'PATCH',
            `/api/empresas/${encodeURIComponent(empresa.id)}`,
            body,
          );
          if (!saved.ok) return saved;
          aviso = 'Empresa guardada correctamente.';
          return { ok: true, destino: volver };
        },
        volver,
      ),
    );
  };

  const enConstruccion =
    (titulo: string, texto: string) =>
    ({ path }: RouteContext) =>
      pagina(path, titulo, h('h1', null, titulo), h('p', { class: 'vacio' }, texto));

  const router: Router = startRouter(
    [
      { path: '/', view: inicio },
      { path: '/clientes', view: listaClientes },
      { path: '/clientes/nuevo', view: formularioCliente },
      { path: '/clientes/:id', view: fichaCliente },
      { path: '/clientes/:id/editar', view: formularioCliente },
      { path: '/empresas', view: listaEmpresas },
      { path: '/empresas/:empresaId', view: fichaEmpresa },
      { path: '/empresas/:empresaId/editar', view: formularioEmpresa },
      { path: '/presupuestos', view: enConstruccion('Presupuestos', 'No hay presupuestos todavía.') },
      { path: '/facturas', view: enConstruccion('Facturas', 'No hay facturas todavía.') },
    ],
    ({ path }) =>
      pagina(
        path,
        'Página no encontrada',
        h('h1', null, 'Página no encontrada'),
        h('a', { href: enlace('/') }, 'Ir al inicio'),
      ),
    { hash: rutas === 'hash' },
  );
  router.refresh();

  return { router, stop: () => router.stop() };
}
