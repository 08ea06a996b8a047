/** "Dry run": what the draft rule would call for a sample event (the contact last opened, or one typed in). */
import { useId } from 'preact/hooks';
import type { AutomationsEditorState, SampleForm } from '../../lib/automations/editor-state';
import {
  ACTION_LABELS,
  type Rule,
  SITE_LABELS,
  TRIGGER_LABELS,
  type TriggerType,
} from '../../lib/automations/model';
import { CallList, StatusBadge } from './parts';

function SampleInput({
  label,
  field,
  editor,
  type = 'text',
}: {
  label: string;
  field: keyof Omit<SampleForm, 'type'>;
  editor: AutomationsEditorState;
  type?: 'text' | 'email' | 'date';
}) {
  return (
    <label>
      {label}
      <input
        type={type as 'text'}
        value={editor.sample.value[field]}
        onInput={(event) => editor.setSample({ [field]: (event.target as HTMLInputElement).value })}
      />
    </label>
  );
}

export function DryRunPanel({ editor, rule }: { editor: AutomationsEditorState; rule: Rule }) {
  const headingId = useId();
  const sample = editor.sample.value;
  const result = editor.dryRun.value;
  const contactEvent = sample.type !== 'business.updated';
  return (
    <section class="auto-dry" aria-labelledby={headingId}>
      <h4 id={headingId}>Dry run</h4>
      <p class="opt-hint">
        Shows the HighLevel calls this rule would make for a sample event. Nothing is sent and nothing is
        queued.
      </p>
      <div class="auto-row">
        <label>
          Event
          <select
            value={sample.type}
            onChange={(event) =>
              editor.setSample({ type: (event.target as HTMLSelectElement).value as TriggerType })
            }
          >
            {rule.triggers.map((trigger) => (
              <option key={trigger} value={trigger}>
                {TRIGGER_LABELS[trigger]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void editor.useCurrentPage()}>
          Use the {SITE_LABELS[rule.site]} contact last opened
        </button>
      </div>
      <div class="auto-grid">
        {contactEvent ? (
          <>
            <SampleInput label="Name on the page" field="name" editor={editor} />
            <SampleInput label="Email on the page" field="email" editor={editor} type="email" />
            <SampleInput label="Phone on the page" field="phone" editor={editor} />
            <SampleInput label="Company on the page" field="companyName" editor={editor} />
            <SampleInput label="Record id in the CRM" field="hostRecordId" editor={editor} />
          </>
        ) : (
          <SampleInput label="Company name" field="businessName" editor={editor} />
        )}
        {sample.type === 'task.created' ? (
          <>
            <SampleInput label="Task title on the page" field="taskTitle" editor={editor} />
            <SampleInput label="Task due date on the page" field="taskDue" editor={editor} type="date" />
            <SampleInput label="Task description on the page" field="taskDescription" editor={editor} />
          </>
        ) : null}
      </div>
      <button type="button" onClick={() => void editor.runDry()} disabled={result.state === 'loading'}>
        {result.state === 'loading' ? 'Running…' : 'Dry run'}
      </button>

      <div aria-live="polite">
        {result.state === 'error' ? (
          <div role="alert">
            <p>The dry run could not be made.</p>
            {result.error.messages?.length ? (
              <ul>
                {result.error.messages.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {result.state === 'ready' ? (
          <div class="auto-dry-result" data-testid="dry-run-result">
            {!result.value.applies ? (
              <p>
                <strong>The rule would not run:</strong> {result.value.reason}
              </p>
            ) : (
              <p>
                The rule would run{result.value.locationId ? ` on location ${result.value.locationId}` : ''}
                {result.value.canWrite ? '.' : ', read-only: its writes would be skipped.'}
              </p>
            )}
            {result.value.condition.clauses.length > 0 ? (
              <ul class="auto-outcomes" aria-label="Condition">
                {result.value.condition.clauses.map((outcome, index) => (
                  <li key={index} data-met={outcome.met}>
                    {outcome.met ? '✓' : '✗'} Condition {index + 1} — tested value: “{outcome.actual}”
                  </li>
                ))}
              </ul>
            ) : null}
            {result.value.warnings.map((warning) => (
              <p key={warning} class="auto-note">
                {warning}
              </p>
            ))}
            <ol class="auto-receipts">
              {result.value.receipts.map((receipt) => (
                <li key={receipt.actionIndex}>
                  <strong>
                    {receipt.actionIndex + 1}. {ACTION_LABELS[receipt.action]}
                  </strong>{' '}
                  {receipt.status === 'skipped' || receipt.status === 'failed' ? (
                    <StatusBadge status={receipt.status} />
                  ) : null}
                  {receipt.message ? <p>{receipt.message}</p> : null}
                  {receipt.warnings.map((warning) => (
                    <p key={warning} class="auto-note">
                      {warning}
                    </p>
                  ))}
                  <CallList calls={receipt.calls} />
                  {receipt.calls.length === 0 && !receipt.message ? <p class="opt-hint">No call.</p> : null}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </div>
    </section>
  );
}
