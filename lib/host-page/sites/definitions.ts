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
  /** Regular expression (source) over pathname + hash; group `id` (or group 1) is the record id. */
  defaultContactUrlPattern: string;
  /** Same form, for the CRM's company pages (view and edit), when it has them. */
  businessUrlPattern?: string;
  /** Whether contacts have tasks the agent creates on the contact's page. */
  tasks?: boolean;
}

export const SITE_DEFINITIONS = [
  /**
   * Gestioo (*.gestioo.com), Spanish business-management software. A client's page is /clientes/:id (edit:
   * /clientes/:id/editar); companies ("clientes empresa") live at /empresas/:id and are linked from clients.
   */
  {
    id: 'gestioo',
    label: 'Gestioo',
    matches: ['https://*.gestioo.com/*'],
    defaultContactUrlPattern:
      '^/clientes/(?!(?:nuevo|nueva|importar|exportar)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
    businessUrlPattern: '^/empresas/(?!(?:nueva|nuevo)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
  },
  /**
   * Gleantap (app.gleantap.com), a marketing CRM for gyms and studios. A member's page is /contacts/:id with
   * tabs under it (/contacts/:id/tasks, /contacts/:id/edit); tasks are created on the contact's page.
   */
  {
    id: 'gleantap',
    label: 'Gleantap',
    matches: ['https://app.gleantap.com/*'],
    defaultContactUrlPattern:
      '^/contacts/(?!(?:new|import|export|segments|lists)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
    tasks: true,
  },
] as const satisfies readonly SiteDefinition[];

export type SiteId = (typeof SITE_DEFINITIONS)[number]['id'];
