import { defineSite } from './site.ts';

/**
 * Gestioo (*.gestioo.com), Spanish business-management software. A client's page is /clientes/:id (edit:
 * /clientes/:id/editar); companies ("clientes empresa") live at /empresas/:id and are linked from clients.
 */
export const gestioo = defineSite({
  id: 'gestioo',
  label: 'Gestioo',
  matches: ['https://*.gestioo.com/*'],
  defaultContactUrlPattern:
    '^/clientes/(?!(?:nuevo|nueva|importar|exportar)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
  businessUrlPattern: '^/empresas/(?!(?:nueva|nuevo)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
});
