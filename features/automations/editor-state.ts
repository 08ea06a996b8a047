/**
 * The automations editor's state, outside any component: the rules as the background has them, the rule being
 * edited (a draft, checked as it changes), the dry run's sample event and result, and the run log. Every
 * change goes through a message to the background; a failure is a value shown to the user, never a throw.
 */
import { batch, computed, signal } from '@preact/signals';
import type { SiteId } from '../../lib/host-page/sites/types.ts';
import type { ErrorView, Reply } from '../../lib/messaging/reply.ts';
import { t } from '../../lib/ui/i18n.ts';
import type { Loadable } from '../../lib/ui/loadable.ts';
import type { DryRunResult } from './engine.ts';
import type { Run } from './log.ts';
import {
  type Action,
  type ActionType,
  type AutomationEvent,
  type Clause,
  checkRule,
  REPORT_DEFAULT_CONTACTS,
  type Rule,
  SITE_DEFAULT_LOCATION,
  SITE_LABELS,
  SITE_TRIGGERS,
  type TriggerType,
} from './model.ts';
import { PAGE_FIELDS } from './presets.ts';
import { type AutomationSend, type AutomationsView, sendAutomationMessage } from './protocol.ts';

export interface Notice {
  tone: 'status' | 'alert';
  text: string;
}

/** The dry run's sample event, as the form edits it. */
export interface SampleForm {
  type: TriggerType;
  hostRecordId: string;
  name: string;
  email: string;
  phone: string;
  companyName: string;
  taskTitle: string;
  taskDue: string;
  taskDescription: string;
  businessName: string;
}

export const EMPTY_SAMPLE: SampleForm = {
  type: 'contact.updated',
  hostRecordId: 'sample-1',
  name: '',
  email: '',
  phone: '',
  companyName: '',
  taskTitle: '',
  taskDue: '',
  taskDescription: '',
  businessName: '',
};

export const RUN_PAGE = 50;

function newId(): string {
  return `rule.${globalThis.crypto.randomUUID().slice(0, 8)}`;
}

export function newRule(site: SiteId, id = newId()): Rule {
  return {
    id,
    name: '',
    enabled: true,
    site,
    locationId: SITE_DEFAULT_LOCATION,
    triggers: [SITE_TRIGGERS[site][1] as TriggerType],
    actions: [{ type: 'pull.contact' }],
  };
}

export function defaultAction(type: ActionType): Action {
  switch (type) {
    case 'pull.contact':
      return { type };
    case 'contact.upsert':
      return { type, fields: { ...PAGE_FIELDS }, tags: [] };
    case 'task.create':
      return {
        type,
        title: t('auto_preset_follow_up_title', '{{page.name}}'),
        body: '',
        due: '{{today+2d}}',
      };
    case 'tags.add':
      return { type, tags: [''] };
    case 'business.report':
      return { type, maxContacts: REPORT_DEFAULT_CONTACTS };
  }
}

export function defaultClause(kind: Clause['kind']): Clause {
  return kind === 'tag'
    ? { kind, op: 'has', tag: '' }
    : { kind, field: 'page.email', op: 'contains', value: '' };
}

const RECORD_ID = /^[\w.:-]{1,128}$/;

/** The event the sample form describes, or why it cannot be built. */
export function sampleEvent(site: SiteId, form: SampleForm): AutomationEvent | { problem: string } {
  if (form.type === 'business.updated') {
    const name = form.businessName.trim();
    if (!name) return { problem: t('auto_sample_problem_business') };
    return { type: 'business.updated', business: { name } };
  }
  const hostRecordId = form.hostRecordId.trim();
  if (!RECORD_ID.test(hostRecordId)) {
    return { problem: t('auto_sample_problem_record') };
  }
  const contact = { site, hostRecordId } as Extract<AutomationEvent, { contact: unknown }>['contact'];
  for (const field of ['name', 'email', 'phone', 'companyName'] as const) {
    const value = form[field].trim();
    if (value) contact[field] = value;
  }
  if (form.type === 'task.created') {
    const title = form.taskTitle.trim();
    if (!title) return { problem: t('auto_sample_problem_task') };
    const task: { title: string; dueDate?: string; description?: string } = { title };
    if (form.taskDue.trim()) task.dueDate = form.taskDue.trim();
    if (form.taskDescription.trim()) task.description = form.taskDescription.trim();
    return { type: 'task.created', contact, task };
  }
  return { type: form.type, contact };
}

async function call<T>(promise: Promise<Reply<T>>): Promise<Reply<T>> {
  try {
    return await promise;
  } catch {
    // The background was unreachable (extension reloaded): a value, like every other failure.
    return { ok: false, error: { kind: 'internal' } };
  }
}

export function createAutomationsEditorState(send: AutomationSend = sendAutomationMessage) {
  const view = signal<Loadable<AutomationsView>>({ state: 'idle' });
  const draft = signal<Rule | null>(null);
  const draftIsNew = signal(false);
  /** Set once the user tried to save: from then on errors are announced. */
  const attempted = signal(false);
  const saving = signal(false);
  const saveError = signal<ErrorView | null>(null);
  const notice = signal<Notice | null>(null);
  const pending = signal<ReadonlySet<string>>(new Set());
  const sample = signal<SampleForm>({ ...EMPTY_SAMPLE });
  const dryRun = signal<Loadable<DryRunResult>>({ state: 'idle' });
  const runs = signal<Loadable<Run[]>>({ state: 'idle' });
  const runFilter = signal<string>('');
  const visibleRuns = signal(RUN_PAGE);

  const issues = computed(() => (draft.value ? checkRule(draft.value) : []));
  const errors = computed(() => issues.value.filter((issue) => issue.severity === 'error'));
  const rules = computed(() => (view.value.state === 'ready' ? view.value.value.rules : []));
  /** Shipped workflows not in the list (deleted), which can be restored. */
  const missingPresets = computed(() => {
    if (view.value.state !== 'ready') return [];
    const ids = new Set(view.value.value.rules.map((rule) => rule.id));
    return view.value.value.presets.filter((preset) => !ids.has(preset.id));
  });

  function setPending(id: string, on: boolean) {
    const next = new Set(pending.value);
    if (on) next.add(id);
    else next.delete(id);
    pending.value = next;
  }

  async function load() {
    const previous = view.value.state === 'ready' ? view.value.value : undefined;
    view.value = previous ? { state: 'loading', previous } : { state: 'loading' };
    const reply = await call(send('automations.list', undefined));
    view.value = reply.ok ? { state: 'ready', value: reply.value } : { state: 'error', error: reply.error };
  }

  /** `quiet`: a background refresh that shows no loading state and keeps the list on failure. */
  async function refreshRuns(quiet = false) {
    const previous = runs.value.state === 'ready' ? runs.value.value : undefined;
    if (!quiet) runs.value = previous ? { state: 'loading', previous } : { state: 'loading' };
    const filter = runFilter.value;
    const reply = await call(send('automations.runs', filter ? { ruleId: filter } : {}));
    // An answer for a filter the user has since changed is dropped.
    if (filter !== runFilter.value) return;
    if (reply.ok) runs.value = { state: 'ready', value: reply.value };
    else if (!quiet || !previous) runs.value = { state: 'error', error: reply.error };
  }

  function replaceRule(rule: Rule) {
    if (view.value.state !== 'ready') return;
    const list = view.value.value.rules;
    const index = list.findIndex((item) => item.id === rule.id);
    const next = index < 0 ? [...list, rule] : list.map((item) => (item.id === rule.id ? rule : item));
    view.value = { state: 'ready', value: { ...view.value.value, rules: next } };
  }

  function resetDraftUi() {
    attempted.value = false;
    saveError.value = null;
    dryRun.value = { state: 'idle' };
  }

  return {
    view,
    rules,
    missingPresets,
    draft,
    draftIsNew,
    issues,
    errors,
    attempted,
    saving,
    saveError,
    notice,
    pending,
    sample,
    dryRun,
    runs,
    runFilter,
    visibleRuns,
    load,
    refreshRuns,

    async setEnabled(id: string, enabled: boolean) {
      setPending(id, true);
      const reply = await call(send('automations.setEnabled', { id, enabled }));
      setPending(id, false);
      if (reply.ok) {
        replaceRule(reply.value);
        notice.value = {
          tone: 'status',
          text: enabled ? t('auto_notice_on', reply.value.name) : t('auto_notice_off', reply.value.name),
        };
      } else {
        notice.value = {
          tone: 'alert',
          text: reply.error.messages?.length
            ? t('auto_notice_cannot_enable', reply.error.messages.join(' '))
            : t('auto_notice_change_failed'),
        };
      }
      return reply;
    },

    startNew(site: SiteId) {
      batch(() => {
        draft.value = newRule(site);
        draftIsNew.value = true;
        sample.value = { ...EMPTY_SAMPLE, type: draft.value.triggers[0] as TriggerType };
        resetDraftUi();
      });
    },

    edit(id: string) {
      const rule = rules.value.find((item) => item.id === id);
      if (!rule) return;
      batch(() => {
        draft.value = structuredClone(rule);
        draftIsNew.value = false;
        sample.value = { ...sample.value, type: rule.triggers[0] as TriggerType };
        resetDraftUi();
      });
    },

    cancel() {
      batch(() => {
        draft.value = null;
        resetDraftUi();
      });
    },

    /** Applies `change` to a copy of the draft (the draft itself is never mutated in place). */
    change(change: (rule: Rule) => void) {
      if (!draft.value) return;
      const next = structuredClone(draft.value);
      change(next);
      // Triggers the site cannot notice are dropped when the site changes.
      next.triggers = next.triggers.filter((trigger) => SITE_TRIGGERS[next.site].includes(trigger));
      draft.value = next;
      if (!next.triggers.includes(sample.value.type) && next.triggers[0]) {
        sample.value = { ...sample.value, type: next.triggers[0] };
      }
    },

    async save() {
      const rule = draft.value;
      if (!rule || saving.value) return null;
      attempted.value = true;
      if (errors.value.length > 0) return null;
      saving.value = true;
      saveError.value = null;
      const reply = await call(send('automations.save', { rule: { ...rule, name: rule.name.trim() } }));
      saving.value = false;
      if (!reply.ok) {
        saveError.value = reply.error;
        return reply;
      }
      batch(() => {
        replaceRule(reply.value);
        draft.value = null;
        resetDraftUi();
        notice.value = { tone: 'status', text: t('auto_notice_saved', reply.value.name) };
      });
      return reply;
    },

    async remove(id: string) {
      setPending(id, true);
      const reply = await call(send('automations.delete', { id }));
      setPending(id, false);
      if (reply.ok || reply.error.kind === 'not.found') {
        if (view.value.state === 'ready') {
          const value = view.value.value;
          view.value = {
            state: 'ready',
            value: { ...value, rules: value.rules.filter((rule) => rule.id !== id) },
          };
        }
        if (draft.value?.id === id) draft.value = null;
        notice.value = { tone: 'status', text: t('auto_notice_deleted') };
      } else {
        notice.value = { tone: 'alert', text: t('auto_notice_delete_failed') };
      }
      return reply;
    },

    async restorePreset(id: string) {
      const preset = missingPresets.value.find((item) => item.id === id);
      if (!preset) return null;
      const reply = await call(send('automations.save', { rule: { ...preset, enabled: false } }));
      if (reply.ok) {
        replaceRule(reply.value);
        notice.value = { tone: 'status', text: t('auto_notice_restored', reply.value.name) };
      } else notice.value = { tone: 'alert', text: t('auto_notice_restore_failed') };
      return reply;
    },

    setSample(patch: Partial<SampleForm>) {
      sample.value = { ...sample.value, ...patch };
    },

    /** Fills the sample with the contact last opened on the draft's site. */
    async useCurrentPage() {
      const rule = draft.value;
      if (!rule) return;
      const reply = await call(send('automations.samplePage', { site: rule.site }));
      if (!reply.ok) {
        notice.value = { tone: 'alert', text: t('auto_notice_page_failed') };
        return;
      }
      const seen = reply.value;
      if (!seen) {
        notice.value = {
          tone: 'alert',
          text: t('auto_notice_no_page', SITE_LABELS[rule.site]),
        };
        return;
      }
      const page = seen.contact;
      sample.value = {
        ...sample.value,
        hostRecordId: page.hostRecordId,
        name: page.name ?? [page.firstName, page.lastName].filter(Boolean).join(' '),
        email: page.email ?? '',
        phone: page.phone ?? '',
        companyName: page.companyName ?? '',
        businessName: sample.value.businessName || (page.companyName ?? ''),
      };
      notice.value = {
        tone: 'status',
        text: t('auto_notice_sample_filled', SITE_LABELS[rule.site]),
      };
    },

    async runDry() {
      const rule = draft.value;
      if (!rule) return;
      const event = sampleEvent(rule.site, sample.value);
      if ('problem' in event) {
        dryRun.value = { state: 'error', error: { kind: 'payload.invalid', messages: [event.problem] } };
        return;
      }
      if (errors.value.length > 0) {
        attempted.value = true;
        dryRun.value = {
          state: 'error',
          error: { kind: 'payload.invalid', messages: errors.value.map((issue) => issue.message) },
        };
        return;
      }
      dryRun.value = { state: 'loading' };
      const reply = await call(
        send('automations.dryRun', {
          rule: { ...rule, name: rule.name.trim() || t('auto_untitled_rule') },
          event,
        }),
      );
      dryRun.value = reply.ok
        ? { state: 'ready', value: reply.value }
        : { state: 'error', error: reply.error };
    },

    async setRunFilter(ruleId: string) {
      runFilter.value = ruleId;
      visibleRuns.value = RUN_PAGE;
      await refreshRuns();
    },

    showMoreRuns() {
      visibleRuns.value += RUN_PAGE;
    },

    async clearRuns() {
      const reply = await call(send('automations.clearRuns', undefined));
      if (reply.ok) runs.value = { state: 'ready', value: [] };
      else notice.value = { tone: 'alert', text: t('auto_notice_clear_failed') };
    },
  };
}

export type AutomationsEditorState = ReturnType<typeof createAutomationsEditorState>;
