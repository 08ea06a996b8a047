/**
 * The workflows the extension ships, ready to switch on (all off until the admin enables them). Each is an
 * ordinary rule: it can be edited, disabled or deleted, and restored from this list. Names and task texts are
 * in the UI language when the extension starts; once stored they are the admin's to edit, like any rule.
 */

import { t } from '../i18n.ts';
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

export const PRESETS: readonly Rule[] = [
  {
    id: 'preset.gestioo.history',
    preset: 'gestioo.history',
    name: t('auto_preset_gestioo_history'),
    enabled: false,
    site: 'gestioo',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['contact.opened', 'contact.updated'],
    actions: [pull],
  },
  {
    id: 'preset.gestioo.business-report',
    preset: 'gestioo.business-report',
    name: t('auto_preset_gestioo_report'),
    enabled: false,
    site: 'gestioo',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['business.updated'],
    actions: [{ type: 'business.report', maxContacts: REPORT_DEFAULT_CONTACTS }],
  },
  {
    id: 'preset.gestioo.new-client',
    preset: 'gestioo.new-client',
    name: t('auto_preset_gestioo_new_client'),
    enabled: false,
    site: 'gestioo',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['contact.created'],
    actions: [
      { type: 'contact.upsert', fields: { ...PAGE_FIELDS, source: '{{site}}' }, tags: [] },
      {
        type: 'task.create',
        title: t('auto_preset_follow_up_title', '{{page.name}}'),
        body: t('auto_preset_new_client_body', '{{site}}', '{{page.name}} {{page.email}} {{page.phone}}'),
        due: '{{today+2d}}',
      },
    ],
  },
  {
    id: 'preset.gleantap.history',
    preset: 'gleantap.history',
    name: t('auto_preset_gleantap_history'),
    enabled: false,
    site: 'gleantap',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['contact.opened'],
    actions: [pull],
  },
  {
    id: 'preset.gleantap.push',
    preset: 'gleantap.push',
    name: t('auto_preset_gleantap_push'),
    enabled: false,
    site: 'gleantap',
    locationId: SITE_DEFAULT_LOCATION,
    triggers: ['contact.created', 'contact.updated'],
    actions: [{ type: 'contact.upsert', fields: { ...PAGE_FIELDS }, tags: [] }],
  },
  {
    id: 'preset.gleantap.tasks',
    preset: 'gleantap.tasks',
    name: t('auto_preset_gleantap_tasks'),
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
  },
];

/** A fresh copy, so that editing a rule never changes the shipped definition. */
export function presetCopy(id: string): Rule | null {
  const preset = PRESETS.find((rule) => rule.id === id);
  return preset ? structuredClone(preset) : null;
}
