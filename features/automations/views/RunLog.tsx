/** The run log: each run with its trigger and a receipt per action (calls, outbox entry, result). */
import { useId, useState } from 'preact/hooks';
import { errorSentence } from '../../../lib/ui/errors';
import {
  formatDate,
  formatDateTime,
  formatList,
  formatNumber,
  lazyLabels,
  t,
  tCount,
} from '../../../lib/ui/i18n';
import type { AutomationsEditorState } from '../editor-state';
import type { PullSummary, Receipt, ReportReceipt, Run } from '../log';
import { ACTION_LABELS, SITE_LABELS, TRIGGER_LABELS } from '../model';
import { CallList, StatusBadge } from './parts';

const iso = (ms: number) => new Date(ms).toISOString();

const FOUND_BY = lazyLabels<PullSummary['foundBy']>({
  link: () => t('auto_found_by_link'),
  automation: () => t('auto_found_by_automation'),
  email: () => t('auto_found_by_email'),
  phone: () => t('auto_found_by_phone'),
  name: () => t('auto_found_by_name'),
});

const SECTIONS = lazyLabels<PullSummary['failed'][number]>({
  tasks: () => t('auto_section_tasks'),
  notes: () => t('auto_section_notes'),
});

function PullResult({ summary }: { summary: PullSummary }) {
  return (
    <div class="auto-result">
      <p>
        <strong>{summary.name}</strong>
        {summary.email ? ` · ${summary.email}` : ''}
        {summary.phone ? ` · ${summary.phone}` : ''}{' '}
        <span class="opt-hint">{FOUND_BY[summary.foundBy] ?? summary.foundBy}</span>
      </p>
      <p>
        {tCount('auto_pull_open_tasks', summary.openTasks)},{' '}
        {tCount('auto_pull_overdue', summary.overdueTasks)} · {tCount('auto_pull_notes', summary.notes)}
        {summary.lastActivity
          ? ` · ${t('auto_pull_last_activity', formatDateTime(summary.lastActivity))}`
          : ''}
        {summary.tags.length ? ` · ${t('auto_pull_tags', summary.tags.join(', '))}` : ''}
      </p>
      {summary.failed.length ? (
        <p class="auto-note">
          {t('auto_pull_failed', formatList(summary.failed.map((section) => SECTIONS[section] ?? section)))}
        </p>
      ) : null}
      {summary.tasks.length ? (
        <ul>
          {summary.tasks.map((task, index) => (
            <li key={index} data-overdue={task.overdue}>
              {task.title}
              {task.dueDate ? ` — ${t('auto_pull_due', formatDate(task.dueDate))}` : ''}
              {task.overdue ? ` ${t('auto_pull_task_overdue')}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {summary.recentNotes.length ? (
        <ul class="auto-notes">
          {summary.recentNotes.map((note, index) => (
            <li key={index}>{note.body}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ReportResult({ result }: { result: ReportReceipt }) {
  return (
    <p class="auto-result">
      {result.truncated
        ? tCount('auto_report_result_truncated', result.contacts, result.business)
        : tCount('auto_report_result', result.contacts, result.business)}{' '}
      <a
        href={`/report.html?id=${encodeURIComponent(result.reportId)}`}
        target="_blank"
        rel="noopener noreferrer"
      >
        {t('auto_open_report')}
      </a>
    </p>
  );
}

function ReceiptView({ receipt }: { receipt: Receipt }) {
  return (
    <li class="auto-receipt">
      <div>
        <strong>
          {receipt.actionIndex + 1}. {ACTION_LABELS[receipt.action]}
        </strong>{' '}
        <StatusBadge status={receipt.status} />
      </div>
      {receipt.message ? <p>{receipt.message}</p> : null}
      {receipt.error ? <p role="note">{errorSentence(receipt.error)}</p> : null}
      {receipt.warnings.map((warning) => (
        <p key={warning} class="auto-note">
          {warning}
        </p>
      ))}
      {receipt.result?.kind === 'pull' ? <PullResult summary={receipt.result} /> : null}
      {receipt.result?.kind === 'report' ? <ReportResult result={receipt.result} /> : null}
      {receipt.calls.length ? (
        <details>
          <summary>{t('auto_reads', formatNumber(receipt.calls.length))}</summary>
          <CallList calls={receipt.calls} />
        </details>
      ) : null}
      {receipt.writes.length ? (
        <ul class="auto-writes">
          {receipt.writes.map((write) => (
            <li key={write.entryId}>
              <code>
                {write.call.method} {write.call.path}
              </code>{' '}
              <StatusBadge status={write.status} />
              <span class="opt-hint">
                {' '}
                {t('auto_write_entry', write.entryId)}
                {write.reused ? ` ${t('auto_write_reused')}` : ''}
                {write.traceId ? ` · traceId ${write.traceId}` : ''}
                {write.contactId ? ` · ${t('auto_write_contact', write.contactId)}` : ''}
                {write.taskId ? ` · ${t('auto_write_task', write.taskId)}` : ''}
              </span>
              {write.error ? <p role="note">{errorSentence(write.error)}</p> : null}
              {write.call.body ? (
                <details>
                  <summary>{t('auto_body_sent')}</summary>
                  <pre class="auto-body">{JSON.stringify(write.call.body, null, 2)}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function RunItem({ run }: { run: Run }) {
  return (
    <li class="auto-run" data-status={run.status}>
      <details>
        <summary>
          <time dateTime={iso(run.startedAt)}>{formatDateTime(iso(run.startedAt))}</time> · {run.ruleName} ·{' '}
          {t('auto_trigger_in_site', TRIGGER_LABELS[run.trigger.type], SITE_LABELS[run.site])}:{' '}
          {run.trigger.label} <StatusBadge status={run.status} />
        </summary>
        {run.note ? <p>{run.note}</p> : null}
        {run.warnings.map((warning) => (
          <p key={warning} class="auto-note">
            {warning}
          </p>
        ))}
        <p class="opt-hint">
          {t('auto_run_record', run.trigger.hostRecordId)}
          {run.locationId ? ` · ${t('auto_run_location', run.locationId)}` : ''}
          {run.tabId !== undefined ? ` · ${t('auto_run_tab', String(run.tabId))}` : ''}
        </p>
        {run.receipts.length ? (
          <ol class="auto-receipts">
            {run.receipts.map((receipt) => (
              <ReceiptView key={receipt.actionIndex} receipt={receipt} />
            ))}
          </ol>
        ) : null}
      </details>
    </li>
  );
}

export function RunLog({ editor }: { editor: AutomationsEditorState }) {
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const runs = editor.runs.value;
  const list = runs.state === 'ready' ? runs.value : runs.state === 'loading' ? (runs.previous ?? []) : [];
  const shown = list.slice(0, editor.visibleRuns.value);
  return (
    <section class="auto-runs" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('auto_recent_runs')}</h3>
      <div class="auto-row">
        <label>
          {t('auto_rule')}
          <select
            value={editor.runFilter.value}
            onChange={(event) => void editor.setRunFilter((event.target as HTMLSelectElement).value)}
          >
            <option value="">{t('auto_all_rules')}</option>
            {editor.rules.value.map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void editor.refreshRuns()} disabled={runs.state === 'loading'}>
          {runs.state === 'loading' ? t('auto_refreshing') : t('auto_refresh')}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                void editor.clearRuns();
              }}
            >
              {t('auto_clear_confirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('auto_clear_keep')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} disabled={list.length === 0}>
            {t('auto_clear')}
          </button>
        )}
      </div>
      {runs.state === 'error' ? <p role="alert">{errorSentence(runs.error)}</p> : null}
      {runs.state === 'ready' && list.length === 0 ? (
        <p class="opt-hint" data-testid="no-runs">
          {t('auto_no_runs')}
        </p>
      ) : null}
      <ul class="auto-run-list">
        {shown.map((run) => (
          <RunItem key={run.id} run={run} />
        ))}
      </ul>
      {list.length > shown.length ? (
        <button type="button" onClick={editor.showMoreRuns}>
          {t('auto_show_more_runs', formatNumber(list.length - shown.length))}
        </button>
      ) : null}
    </section>
  );
}
