/**
 * The options page's automations section: the rules with their switches, the rule editor with its dry run,
 * and the run log. Rendered by OptionsPage as `<AutomationsEditor />`; a test passes its own state.
 */
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { SiteId } from '../../../lib/host-page/sites/types';
import { errorSentence } from '../../../lib/ui/errors';
import { formatList, t } from '../../../lib/ui/i18n';
import { type AutomationsEditorState, createAutomationsEditorState } from '../editor-state';
import { ACTION_PHRASES, type Rule, SITE_LABELS, SITES, TRIGGER_PHRASES } from '../model';
import { RuleEditor } from './RuleEditor';
import { RunLog } from './RunLog';
import './automations.css';
import { SiteSelect } from './parts';

const RUNS_REFRESH_MS = 10_000;

/** "Gestioo: a contact is opened or a contact is updated → fetch …, then create …." */
export function ruleSummary(rule: Rule): string {
  const triggers = formatList(
    rule.triggers.map((trigger) => TRIGGER_PHRASES[trigger]),
    'or',
  );
  const actions = rule.actions
    .map((action) => ACTION_PHRASES[action.type])
    .reduce((first, next) => t('auto_summary_then', first, next));
  return rule.condition
    ? t('auto_summary_conditional', SITE_LABELS[rule.site], triggers, actions)
    : t('auto_summary', SITE_LABELS[rule.site], triggers, actions);
}

function RuleRow({ rule, editor }: { rule: Rule; editor: AutomationsEditorState }) {
  const [confirming, setConfirming] = useState(false);
  const busy = editor.pending.value.has(rule.id);
  const toggleId = useId();
  return (
    <li class="auto-rule" data-rule-id={rule.id} data-enabled={rule.enabled}>
      <div class="auto-rule-head">
        <input
          id={toggleId}
          type="checkbox"
          checked={rule.enabled}
          disabled={busy}
          onChange={(event) => void editor.setEnabled(rule.id, (event.target as HTMLInputElement).checked)}
        />
        <label for={toggleId} class="auto-rule-name">
          {rule.name}
        </label>
        <span class="opt-badge">{rule.enabled ? t('auto_on') : t('auto_off')}</span>
        {rule.preset ? <span class="opt-badge">{t('auto_shipped')}</span> : null}
      </div>
      <p class="opt-hint">{ruleSummary(rule)}</p>
      <div class="opt-actions">
        <button
          type="button"
          onClick={() => editor.edit(rule.id)}
          aria-label={t('auto_edit_rule', rule.name)}
        >
          {t('edit')}
        </button>
        <button
          type="button"
          onClick={() => void editor.setRunFilter(rule.id)}
          aria-label={t('auto_show_runs_of', rule.name)}
        >
          {t('auto_runs')}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                void editor.remove(rule.id);
              }}
              aria-label={t('auto_confirm_delete_rule', rule.name)}
            >
              {t('auto_yes_delete')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('auto_keep')}
            </button>
          </>
        ) : (
          <button
            type="button"
            onClick={() => setConfirming(true)}
            aria-label={t('auto_delete_rule', rule.name)}
          >
            {t('delete')}
          </button>
        )}
      </div>
    </li>
  );
}

function NewRuleBar({ editor }: { editor: AutomationsEditorState }) {
  const [site, setSite] = useState<SiteId>(SITES[0]);
  const [preset, setPreset] = useState('');
  const missing = editor.missingPresets.value;
  return (
    <div class="auto-row auto-new">
      <SiteSelect label={t('auto_new_rule_site')} value={site} onChange={setSite} />
      <button type="button" onClick={() => editor.startNew(site)}>
        {t('auto_new_rule')}
      </button>
      {missing.length > 0 ? (
        <>
          <label>
            {t('auto_shipped_workflow')}
            <select value={preset} onChange={(event) => setPreset((event.target as HTMLSelectElement).value)}>
              <option value="">{t('auto_choose')}</option>
              {missing.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!preset}
            onClick={() => {
              void editor.restorePreset(preset);
              setPreset('');
            }}
          >
            {t('auto_restore')}
          </button>
        </>
      ) : null}
    </div>
  );
}

export function AutomationsEditor({ state }: { state?: AutomationsEditorState }) {
  const editor = useMemo(() => state ?? createAutomationsEditorState(), [state]);
  const headingId = useId();
  useEffect(() => {
    void editor.load();
    void editor.refreshRuns();
    // Runs happen while agents work elsewhere: the log keeps itself current while this page is looked at.
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void editor.refreshRuns(true);
    }, RUNS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [editor]);
  const view = editor.view.value;
  const notice = editor.notice.value;
  return (
    <section class="auto" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('options_automations')}</h2>
      <p class="opt-hint">{t('auto_intro')}</p>
      <div aria-live="polite">
        {notice ? (
          <p role={notice.tone} class="auto-notice">
            {notice.text}
          </p>
        ) : null}
      </div>
      {view.state === 'error' ? <p role="alert">{errorSentence(view.error)}</p> : null}
      {view.state === 'loading' && !view.previous ? <p role="status">{t('auto_loading_rules')}</p> : null}
      {editor.rules.value.length === 0 && view.state === 'ready' ? (
        <p class="opt-hint">{t('auto_no_rules')}</p>
      ) : null}
      <ul class="auto-rules" aria-label={t('auto_rules')}>
        {editor.rules.value.map((rule) => (
          <RuleRow key={rule.id} rule={rule} editor={editor} />
        ))}
      </ul>
      <NewRuleBar editor={editor} />
      <RuleEditor editor={editor} />
      <RunLog editor={editor} />
    </section>
  );
}
