/**
 * The options page's automations section: the rules with their switches, the rule editor with its dry run,
 * and the run log. Rendered by OptionsPage as `<AutomationsEditor />`; a test passes its own state.
 */
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import {
  type AutomationsEditorState,
  createAutomationsEditorState,
} from '../../lib/automations/editor-state';
import { ACTION_LABELS, type Rule, SITE_LABELS, SITES, TRIGGER_LABELS } from '../../lib/automations/model';
import { errorSentence } from '../../lib/errors';
import type { SiteId } from '../../lib/sites/types';
import { RuleEditor } from './RuleEditor';
import { RunLog } from './RunLog';
import './automations.css';

const RUNS_REFRESH_MS = 10_000;

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
        <span class="opt-badge">{rule.enabled ? 'On' : 'Off'}</span>
        {rule.preset ? <span class="opt-badge">Shipped</span> : null}
      </div>
      <p class="opt-hint">
        {SITE_LABELS[rule.site]}:{' '}
        {rule.triggers.map((trigger) => TRIGGER_LABELS[trigger].toLowerCase()).join(' or ')}
        {rule.condition ? ', if its condition is met' : ''} →{' '}
        {rule.actions.map((action) => ACTION_LABELS[action.type].toLowerCase()).join(', then ')}.
      </p>
      <div class="opt-actions">
        <button type="button" onClick={() => editor.edit(rule.id)} aria-label={`Edit ${rule.name}`}>
          Edit
        </button>
        <button
          type="button"
          onClick={() => void editor.setRunFilter(rule.id)}
          aria-label={`Show the runs of ${rule.name}`}
        >
          Runs
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
              aria-label={`Confirm deleting ${rule.name}`}
            >
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Delete ${rule.name}`}>
            Delete
          </button>
        )}
      </div>
    </li>
  );
}

function NewRuleBar({ editor }: { editor: AutomationsEditorState }) {
  const [site, setSite] = useState<SiteId>('gestioo');
  const [preset, setPreset] = useState('');
  const missing = editor.missingPresets.value;
  return (
    <div class="auto-row auto-new">
      <label>
        Site of the new rule
        <select
          value={site}
          onChange={(event) => setSite((event.target as HTMLSelectElement).value as SiteId)}
        >
          {SITES.map((item) => (
            <option key={item} value={item}>
              {SITE_LABELS[item]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => editor.startNew(site)}>
        New rule
      </button>
      {missing.length > 0 ? (
        <>
          <label>
            Shipped workflow
            <select value={preset} onChange={(event) => setPreset((event.target as HTMLSelectElement).value)}>
              <option value="">Choose…</option>
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
            Restore
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
      <h2 id={headingId}>Automations</h2>
      <p class="opt-hint">
        Rules that act when agents work in Gestioo or Gleantap: fetch a contact's history, keep HighLevel
        contacts in sync, create tasks, report on a company. They only react to what happens on those pages,
        never to changes in HighLevel, and every write goes through the outbox once.
      </p>
      <div aria-live="polite">
        {notice ? (
          <p role={notice.tone} class="auto-notice">
            {notice.text}
          </p>
        ) : null}
      </div>
      {view.state === 'error' ? <p role="alert">{errorSentence(view.error)}</p> : null}
      {view.state === 'loading' && !view.previous ? <p role="status">Loading rules…</p> : null}
      {editor.rules.value.length === 0 && view.state === 'ready' ? (
        <p class="opt-hint">No rule yet.</p>
      ) : null}
      <ul class="auto-rules" aria-label="Rules">
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
