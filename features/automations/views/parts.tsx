/** Small views shared by the automations editor and the report page. Everything from data renders as text. */
import { useId } from 'preact/hooks';
import type { SiteId } from '../../../lib/host-page/sites/types';
import { formatTime, lazyLabels, t } from '../../../lib/ui/i18n';
import type { PlannedCall } from '../calls';
import { SITE_LABELS, SITES } from '../model';
import { VARIABLES } from '../templates';

/** A template text field with a menu that inserts a variable at the end. */
export function TemplateField({
  label,
  value,
  onChange,
  multiline = false,
  hint,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  hint?: string;
  placeholder?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const onInput = (event: Event) => onChange((event.target as HTMLInputElement | HTMLTextAreaElement).value);
  return (
    <div class="auto-template">
      <label for={id}>{label}</label>
      <div class="auto-template-row">
        {multiline ? (
          <textarea
            id={id}
            rows={3}
            value={value}
            onInput={onInput}
            aria-describedby={hintId}
            placeholder={placeholder}
          />
        ) : (
          <input
            id={id}
            value={value}
            onInput={onInput}
            aria-describedby={hintId}
            placeholder={placeholder}
          />
        )}
        <select
          aria-label={t('auto_insert_variable', label)}
          value=""
          onChange={(event) => {
            const select = event.target as HTMLSelectElement;
            if (select.value) onChange(`${value}${select.value}`);
            select.value = '';
          }}
        >
          <option value="">{t('auto_variable_menu')}</option>
          {VARIABLES.map((variable) => (
            <option key={variable.name} value={`{{${variable.name}}}`}>
              {variable.name}
            </option>
          ))}
        </select>
      </div>
      {hint ? (
        <p class="opt-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The catalogue of variables, for reference while writing templates. */
export function VariablesHelp() {
  return (
    <details class="auto-variables">
      <summary>{t('auto_variables_summary')}</summary>
      <p class="opt-hint">
        {t('auto_variables_write')} <code>{'{{page.email}}'}</code> {t('auto_variables_to_insert')}{' '}
        {t('auto_variables_dates')} <code>{'{{today}}'}</code>, <code>{'{{today+2d}}'}</code>,{' '}
        <code>{'{{now+3h}}'}</code>. {t('auto_variables_fallbacks')}{' '}
        <code>{'{{task.dueDate || today+1d}}'}</code> {t('auto_variables_fallbacks_rule', formatTime(17))}
      </p>
      <dl>
        {VARIABLES.map((variable) => (
          <div key={variable.name} class="auto-variable">
            <dt>
              <code>{`{{${variable.name}}}`}</code>
            </dt>
            <dd>{variable.label}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** API calls as `METHOD path`, with their purpose and body (bodies as formatted JSON text). */
export function CallList({ calls }: { calls: readonly PlannedCall[] }) {
  if (calls.length === 0) return null;
  return (
    <ol class="auto-calls">
      {calls.map((call, index) => (
        <li key={`${index}-${call.path}`} data-kind={call.kind}>
          <code class="auto-call-line">
            {call.method} {call.path}
            {call.query ? `?${new URLSearchParams(call.query).toString()}` : ''}
          </code>
          {call.purpose ? <span class="opt-hint"> — {call.purpose}</span> : null}
          {call.kind === 'write' ? <span class="opt-badge">{t('auto_call_write')}</span> : null}
          {call.body ? <pre class="auto-body">{JSON.stringify(call.body, null, 2)}</pre> : null}
        </li>
      ))}
    </ol>
  );
}

const STATUS_LABELS: Readonly<Record<string, string>> = lazyLabels({
  running: () => t('auto_status_running'),
  done: () => t('auto_status_done'),
  partial: () => t('auto_status_partial'),
  failed: () => t('auto_status_failed'),
  skipped: () => t('auto_status_skipped'),
  queued: () => t('auto_status_queued'),
  saved: () => t('auto_status_saved'),
  pending: () => t('auto_status_pending'),
  sending: () => t('auto_status_sending'),
  discarded: () => t('auto_status_discarded'),
});

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class="opt-badge auto-status" data-status={status}>
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}

/** A labelled menu of the supported CRMs. */
export function SiteSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: SiteId;
  onChange: (site: SiteId) => void;
}) {
  return (
    <label>
      {label}
      <select
        value={value}
        onChange={(event) => onChange((event.target as HTMLSelectElement).value as SiteId)}
      >
        {SITES.map((site) => (
          <option key={site} value={site}>
            {SITE_LABELS[site]}
          </option>
        ))}
      </select>
    </label>
  );
}
