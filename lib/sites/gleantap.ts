import { defineSite } from './site.ts';

/**
 * Gleantap (app.gleantap.com), a marketing CRM for gyms and studios. A member's page is /contacts/:id with
 * tabs under it (/contacts/:id/tasks, /contacts/:id/edit); tasks are created on the contact's page.
 */
export const gleantap = defineSite({
  id: 'gleantap',
  label: 'Gleantap',
  matches: ['https://app.gleantap.com/*'],
  defaultContactUrlPattern:
    '^/contacts/(?!(?:new|import|export|segments|lists)(?:[/#]|$))(?<id>[^/#]+)(?:[/#]|$)',
  tasks: true,
});
