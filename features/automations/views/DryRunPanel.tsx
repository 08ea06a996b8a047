/** "Dry run": what the draft rule would call for a sample event (the contact last opened, or one typed in). */
import { useId } from 'preact/hooks';
import { formatNumber, t } from '../../../lib/ui/i18n';
import type { AutomationsEditorState, SampleForm } from '../editor-state';
import { ACTION_LABELS, type Rule, SITE_LABELS, TRIGGER_LABELS, type TriggerType } from '../model';
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

function wouldRun(locationId: string | null, canWrite: boolean): string {
  if (locationId)
    return canWrite ? t('auto_dry_would_run_on', locationId) : t('auto_dry_would_run_on_read', locationId);
  return canWrite ? t('auto_dry_would_run') : t('auto_dry_would_run_read');
}

export function DryRunPanel({ editor, rule }: { editor: AutomationsEditorState; rule: Rule }) {
  const headingId = useId();
  const sample = editor.sample.value;
  const result = editor.dryRun.value;
  const contactEvent = sample.type !== 'business.updated';
  return (
    <section class="auto-dry" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('auto_dry_run')}</h4>
      <p class="opt-hint">{t('auto_dry_hint')}</p>
      <div class="auto-row">
        <label>
          {t('auto_dry_event')}
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
          {t('auto_dry_use_page', SITE_LABELS[rule.site])}
        </button>
      </div>
      <div class="auto-grid">
        {contactEvent ? (
          <>
            <SampleInput label={t('auto_sample_name')} field="name" editor={editor} />
            <SampleInput label={t('auto_sample_email')} field="email" editor={editor} type="email" />
            <SampleInput label={t('auto_sample_phone')} field="phone" editor={editor} />
            <SampleInput label={t('auto_sample_company')} field="companyName" editor={editor} />
            <SampleInput label={t('auto_sample_record')} field="hostRecordId" editor={editor} />
          </>
        ) : (
          <SampleInput label={t('auto_sample_business')} field="businessName" editor={editor} />
        )}
        {sample.type === 'task.created' ? (
          <>
            <SampleInput label={t('auto_sample_task_title')} field="taskTitle" editor={editor} />
            <SampleInput label={t('auto_sample_task_due')} field="taskDue" editor={editor} type="date" />
            <SampleInput label={t('auto_sample_task_description')} field="taskDescription" editor={editor} />
          </>
        ) : null}
      </div>
      <button type="button" onClick={() => void editor.runDry()} disabled={result.state === 'loading'}>
        {result.state === 'loading' ? t('auto_dry_running') : t('auto_dry_run')}
      </button>

      <div aria-live="polite">
        {result.state === 'error' ? (
          <div role="alert">
            <p>{t('auto_dry_failed')}</p>
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
                <strong>{t('auto_dry_would_not_run')}</strong> {result.value.reason}
              </p>
            ) : (
              <p>{wouldRun(result.value.locationId, result.value.canWrite)}</p>
            )}
            {result.value.condition.clauses.length > 0 ? (
              <ul class="auto-outcomes" aria-label={t('auto_dry_condition')}>
                {result.value.condition.clauses.map((outcome, index) => (
                  <li key={index} data-met={outcome.met}>
                    {outcome.met ? '✓' : '✗'} {t('auto_dry_outcome', formatNumber(index + 1), outcome.actual)}
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
                  {receipt.calls.length === 0 && !receipt.message ? (
                    <p class="opt-hint">{t('auto_dry_no_call')}</p>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </div>
    </section>
  );
}
