/** The run log: each run with its trigger and a receipt per action (calls, outbox entry, result). */
import { useId, useState } from 'preact/hooks';
import type { AutomationsEditorState } from '../../lib/automations/editor-state';
import type { PullSummary, Receipt, ReportReceipt, Run } from '../../lib/automations/log';
import { ACTION_LABELS, SITE_LABELS, TRIGGER_LABELS } from '../../lib/automations/model';
import { errorSentence } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/i18n';
import { CallList, StatusBadge } from './parts';

const iso = (ms: number) => new Date(ms).toISOString();

function PullResult({ summary }: { summary: PullSummary }) {
  return (
    <div class="auto-result">
      <p>
        <strong>{summary.name}</strong>
        {summary.email ? ` · ${summary.email}` : ''}
        {summary.phone ? ` · ${summary.phone}` : ''}{' '}
        <span class="opt-hint">(found by {summary.foundBy})</span>
      </p>
      <p>
        {summary.openTasks} open tasks, {summary.overdueTasks} overdue · {summary.notes} notes
        {summary.lastActivity ? ` · last activity ${formatDateTime(summary.lastActivity)}` : ''}
        {summary.tags.length ? ` · tags: ${summary.tags.join(', ')}` : ''}
      </p>
      {summary.failed.length ? <p class="auto-note">Could not read: {summary.failed.join(', ')}.</p> : null}
      {summary.tasks.length ? (
        <ul>
          {summary.tasks.map((task, index) => (
            <li key={index} data-overdue={task.overdue}>
              {task.title}
              {task.dueDate ? ` — due ${formatDate(task.dueDate)}` : ''}
              {task.overdue ? ' (overdue)' : ''}
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
      {result.contacts} contacts of “{result.business}”
      {result.truncated ? ' (more exist: the report stops at its limit)' : ''}.{' '}
      <a
        href={`/report.html?id=${encodeURIComponent(result.reportId)}`}
        target="_blank"
        rel="noopener noreferrer"
      >
        Open the report
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
          <summary>Reads ({receipt.calls.length})</summary>
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
                outbox entry {write.entryId}
                {write.reused ? ' (already queued for this event: nothing new was sent)' : ''}
                {write.traceId ? ` · traceId ${write.traceId}` : ''}
                {write.contactId ? ` · contact ${write.contactId}` : ''}
                {write.taskId ? ` · task ${write.taskId}` : ''}
              </span>
              {write.error ? <p role="note">{errorSentence(write.error)}</p> : null}
              {write.call.body ? (
                <details>
                  <summary>Body sent</summary>
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
          {TRIGGER_LABELS[run.trigger.type]} in {SITE_LABELS[run.site]}: {run.trigger.label}{' '}
          <StatusBadge status={run.status} />
        </summary>
        {run.note ? <p>{run.note}</p> : null}
        {run.warnings.map((warning) => (
          <p key={warning} class="auto-note">
            {warning}
          </p>
        ))}
        <p class="opt-hint">
          Record {run.trigger.hostRecordId}
          {run.locationId ? ` · location ${run.locationId}` : ''}
          {run.tabId !== undefined ? ` · tab ${run.tabId}` : ''}
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
      <h3 id={headingId}>Recent runs</h3>
      <div class="auto-row">
        <label>
          Rule
          <select
            value={editor.runFilter.value}
            onChange={(event) => void editor.setRunFilter((event.target as HTMLSelectElement).value)}
          >
            <option value="">All rules</option>
            {editor.rules.value.map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void editor.refreshRuns()} disabled={runs.state === 'loading'}>
          {runs.state === 'loading' ? 'Refreshing…' : 'Refresh'}
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
              Yes, clear the log
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} disabled={list.length === 0}>
            Clear log
          </button>
        )}
      </div>
      {runs.state === 'error' ? <p role="alert">{errorSentence(runs.error)}</p> : null}
      {runs.state === 'ready' && list.length === 0 ? (
        <p class="opt-hint" data-testid="no-runs">
          No run yet. Enabled rules run when agents work in the CRMs; the newest 200 runs are kept.
        </p>
      ) : null}
      <ul class="auto-run-list">
        {shown.map((run) => (
          <RunItem key={run.id} run={run} />
        ))}
      </ul>
      {list.length > shown.length ? (
        <button type="button" onClick={editor.showMoreRuns}>
          Show more runs ({list.length - shown.length} more)
        </button>
      ) : null}
    </section>
  );
}
