/**
 * The host CRMs the extension works on, one definition each, as plain data (the content script reads it on
 * every page of a CRM). To add a CRM, add its definition to SITE_DEFINITIONS: its id, the manifest's matches,
 * its adapter, its options section, its automations' triggers and its outbox origins all follow from it
 * (README, "Add a CRM").
 */

export interface SiteDefinition {
  id: string;
  /** Human name of the CRM, shown in the options page and the automations. */
  label: string;
  /**
   * Match patterns of the CRM's pages, `https://host/*` or `https://*.domain/*`: the manifest's content script,
   * host permissions and web-accessible resources, the content script's URL check and the background's sender
   * check all use these.
   */
  matches: readonly string[];
  /**
   * Where the CRM's contact pages name their record, tried in order. A route is a path whose segment `:id` (or
   * query parameter `name=:id`) is the record id:
   * - `/contacts/:id`: the pathname starts so; what follows the id (tabs, `/edit`) is still the record's page;
   * - `**` any number of segments (`/**` + `/contacts/:id` also takes `/workroom/7/contacts/:id`), `*` or `:name` any one;
   * - `{ver,ficha}` one of these words;
   * - `/clientes/ficha?id=:id`: the id in the query, the path exactly this one;
   * - `#/clientes/:id`: the same, over a hash route (`/#/clientes/4512`, `#!/…`), whatever the pathname.
   * A built-in route takes only what looks like an id (a digit, or a long random token: `looksLikeRecordId`), so
   * `/clientes/nuevo` or `/contacts/import` are not records. Matching compares segments, with no regular expression.
   */
  contactRoutes: readonly string[];
  /**
   * Routes of a contact opened in a dialog over another page (`/clientes?cliente=:id` over the client list): while
   * one matches, the person is the open dialog's, and closing it (the route no longer matching) leaves the record.
   */
  contactDialogRoutes?: readonly string[];
  /** Same form, for the CRM's company pages (view and edit), when it has them. */
  businessRoutes?: readonly string[];
  /** Whether contacts have tasks the agent creates on the contact's page. */
  tasks?: boolean;
}

export const SITE_DEFINITIONS = [
  /**
   * Gestioo (*.gestioo.com), Spanish business-management software. A client's page is /clientes/:id (edit:
   * /clientes/:id/editar); companies ("clientes empresa") live at /empresas/:id and are linked from clients.
   * Accounts differ in how their app routes: under a prefix (/app/clientes/ver/:id), by hash (/#/clientes/:id),
   * by query (/clientes/ficha?id=:id), or with the client open in a dialog over the list (/clientes?cliente=:id).
   */
  {
    id: 'gestioo',
    label: 'Gestioo',
    matches: ['https://*.gestioo.com/*'],
    contactRoutes: [
      '/**/clientes/:id',
      '/**/clientes/{ver,ficha,detalle,editar}/:id',
      '/**/clientes/{ver,ficha,detalle,editar}?{id,cliente}=:id',
      '#/**/clientes/:id',
      '#/**/clientes/{ver,ficha,detalle,editar}/:id',
      '#/**/clientes/{ver,ficha,detalle,editar}?{id,cliente}=:id',
    ],
    contactDialogRoutes: ['/**/clientes?cliente=:id', '#/**/clientes?cliente=:id'],
    businessRoutes: ['/**/empresas/:id', '#/**/empresas/:id'],
  },
  /**
   * Gleantap (*.gleantap.com: app, app2…), a marketing CRM for gyms and studios. A member's page is /contacts/:id
   * with tabs under it (/contacts/:id/tasks, /contacts/:id/edit), under the workroom (club or location) chosen
   * after login on some hosts (/workroom/:w/contacts/:id); tasks are created on the contact's page.
   */
  {
    id: 'gleantap',
    label: 'Gleantap',
    matches: ['https://*.gleantap.com/*'],
    contactRoutes: [
      '/**/contacts/:id',
      '/**/contacts/{view,profile,details}?{id,contact}=:id',
      '#/**/contacts/:id',
      '#/**/contacts/{view,profile,details}?{id,contact}=:id',
    ],
    contactDialogRoutes: ['/**/contacts?contact=:id', '#/**/contacts?contact=:id'],
    tasks: true,
  },
] as const satisfies readonly SiteDefinition[];

export type SiteId = (typeof SITE_DEFINITIONS)[number]['id'];
