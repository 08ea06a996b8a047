/** Small views shared by the automations editor and the report page. Everything from data renders as text. */
import { useId } from 'preact/hooks';
import type { PlannedCall } from '../../lib/automations/calls';
import { VARIABLES } from '../../lib/automations/templates';

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
          aria-label={`Insert a variable into ${label}`}
          value=""
          onChange={(event) => {
            const select = event.target as HTMLSelectElement;
            if (select.value) onChange(`${value}${select.value}`);
            select.value = '';
          }}
        >
          <option value="">+ Variable</option>
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
      <summary>Variables you can use in text fields</summary>
      <p class="opt-hint">
        Write <code>{'{{page.email}}'}</code> to insert a value. Dates: <code>{'{{today}}'}</code>,{' '}
        <code>{'{{today+2d}}'}</code>, <code>{'{{now+3h}}'}</code>. Fallbacks:{' '}
        <code>{'{{task.dueDate || today+1d}}'}</code> uses the first one that has a value. A due date that is
        only a date means 17:00 that day.
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
          {call.kind === 'write' ? <span class="opt-badge">write</span> : null}
          {call.body ? <pre class="auto-body">{JSON.stringify(call.body, null, 2)}</pre> : null}
        </li>
      ))}
    </ol>
  );
}

const STATUS_LABELS: Record<string, string> = {
  running: 'Running',
  done: 'Done',
  partial: 'Partly done',
  failed: 'Failed',
  skipped: 'Skipped',
  queued: 'Queued',
  saved: 'Saved',
  pending: 'Pending',
  sending: 'Sending',
  discarded: 'Discarded',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class="opt-badge auto-status" data-status={status}>
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}
