/**
 * The workflows the extension ships, ready to switch on (all off until the admin enables them). Each is an
 * ordinary rule: it can be edited, disabled or deleted, and restored from this list. Names and task texts are
 * in the UI language of the moment a preset is copied; once stored they are the admin's to edit, like any rule.
 */

import { t } from '../../lib/ui/i18n.ts';
import {
  type Action,
  type ContactField,
  REPORT_DEFAULT_CONTACTS,
  type Rule,
  SITE_DEFAULT_LOCATION,
} from './model.ts';

/** The page's fields, mapped one to one. Empty values are never sent, so nothing in HighLevel is cleared. */
export const PAGE_FIELDS: Partial<Record<ContactField, string>> = {
  firstName: '{{page.firstName}}',
  lastName: '{{page.lastName}}',
  email: '{{page.email}}',
  phone: '{{page.phone}}',
  companyName: '{{page.companyName}}',
};

const pull: Action = { type: 'pull.contact' };

// Texts are getters, read whenever a preset is copied (structuredClone reads them): a copy speaks the UI
// language of its moment, and the shared definition is never rewritten.
function preset(name: () => string, rule: Omit<Rule, 'name'>): Rule {
  return Object.defineProperty(rule, 'name', { get: name, enumerable: true }) as Rule;
}

function taskAction(title: () => string, body: () => string, due: string): Action {
  const action = { type: 'task.create', due } as Extract<Action, { type: 'task.create' }>;
  Object.defineProperty(action, 'title', { get: title, enumerable: true });
  return Object.defineProperty(action, 'body', { get: body, enumerable: true });
}

export const PRESETS: readonly Rule[] = [
  preset(() => t('auto_preset_gestioo_history'), {
    id: 'preset.gestioo.history',
    preset: 'gestioo.history',
    enabled: false,
    site: 'gestioo',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['contact.opened', 'contact.updated'],
    actions: [pull],
  }),
  preset(() => t('auto_preset_gestioo_report'), {
    id: 'preset.gestioo.business-report',
    preset: 'gestioo.business-report',
    enabled: false,
    site: 'gestioo',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['business.updated'],
    actions: [{ type: 'business.report', maxContacts: REPORT_DEFAULT_CONTACTS }],
  }),
  preset(() => t('auto_preset_gestioo_new_client'), {
    id: 'preset.gestioo.new-client',
    preset: 'gestioo.new-client',
    enabled: false,
    site: 'gestioo',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['contact.created'],
    actions: [
      { type: 'contact.upsert', fields: { ...PAGE_FIELDS, source: '{{site}}' }, tags: [] },
      taskAction(
        () => t('auto_preset_follow_up_title', '{{page.name}}'),
        () => t('auto_preset_new_client_body', '{{site}}', '{{page.name}} {{page.email}} {{page.phone}}'),
        '{{today+2d}}',
      ),
    ],
  }),
  preset(() => t('auto_preset_gleantap_history'), {
    id: 'preset.gleantap.history',
    preset: 'gleantap.history',
    enabled: false,
    site: 'gleantap',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['contact.opened'],
    actions: [pull],
  }),
  preset(() => t('auto_preset_gleantap_push'), {
    id: 'preset.gleantap.push',
    preset: 'gleantap.push',
    enabled: false,
    site: 'gleantap',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['contact.created', 'contact.updated'],
    actions: [{ type: 'contact.upsert', fields: { ...PAGE_FIELDS }, tags: [] }],
  }),
  preset(() => t('auto_preset_gleantap_tasks'), {
    id: 'preset.gleantap.tasks',
    preset: 'gleantap.tasks',
    enabled: false,
    site: 'gleantap',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['task.created'],
    actions: [
      {
        type: 'task.create',
        title: '{{task.title}}',
        body: '{{task.description}}',
        due: '{{task.dueDate || today+1d}}',
      },
    ],
  }),
];

/** A fresh copy, so that editing a rule never changes the shipped definition. */
export function presetCopy(id: string): Rule | null {
  const preset = PRESETS.find((rule) => rule.id === id);
  return preset ? structuredClone(preset) : null;
}
