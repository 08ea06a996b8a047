/**
 * What is particular to each host CRM: its hosts and URL shapes, as plain data. The content script decides
 * from these alone whether a page can matter; the adapters (defineSite in site.ts) add reading and watching.
 * Adding a CRM is one definition here and one adapter file.
 */
import type { SiteId } from './types.ts';
import { matchesPattern } from './url.ts';

export interface SiteDefinition {
  id: SiteId;
  label: string;
  matches: string[];
  /** Regular expression (source) over pathname + hash; group `id` (or group 1) is the record id. */
  defaultContactUrlPattern: string;
  /** Same form, for the CRM's company pages (view and edit), when it has them. */
  businessUrlPattern?: string;
  /** Whether contacts have tasks the agent creates on the contact's page. */
  tasks?: boolean;
}

/**
 * Gestioo (*.gestioo.com), Spanish business-management software. A client's page is /clientes/:id (edit:
 * /clientes/:id/editar); companies ("clientes empresa") live at /empresas/:id and are linked from clients.
 */
export const GESTIOO: SiteDefinition = {
  id: 'gestioo',
  label: 'Gestioo',
  matches: ['https://*.gestioo.com/*'],
  defaultContactUrlPattern:
    '^/clientes/(?!(?:nuevo|nueva|importar|exportar)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
  businessUrlPattern: '^/empresas/(?!(?:nueva|nuevo)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
};

/**
 * Gleantap (app.gleantap.com), a marketing CRM for gyms and studios. A member's page is /contacts/:id with
 * tabs under it (/contacts/:id/tasks, /contacts/:id/edit); tasks are created on the contact's page.
 */
export const GLEANTAP: SiteDefinition = {
  id: 'gleantap',
  label: 'Gleantap',
  matches: ['https://app.gleantap.com/*'],
  defaultContactUrlPattern:
    '^/contacts/(?!(?:new|import|export|segments|lists)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
  tasks: true,
};

export const SITE_DEFINITIONS: readonly SiteDefinition[] = [GESTIOO, GLEANTAP];

/** The CRM whose match patterns include `url`, or null on any other page. */
export function siteForUrl(url: URL): SiteDefinition | null {
  return SITE_DEFINITIONS.find((site) => site.matches.some((match) => matchesPattern(url, match))) ?? null;
}
