/**
 * A business report: totals, a bar chart of who has open and overdue tasks (inline SVG, text as text), the
 * table of contacts, and CSV export.
 */
import { useId, useState } from 'preact/hooks';
import {
  type ChartBar,
  chartBars,
  downloadText,
  reportCsv,
  reportFileName,
  reportTotals,
} from '../../lib/automations/export';
import type { BusinessReport } from '../../lib/automations/log';
import { SITE_LABELS } from '../../lib/automations/model';
import { formatDate, formatDateTime } from '../../lib/i18n';

const ROW = 24;
const LABEL = 170;
const WIDTH = 640;
const COUNT = 40;

/** Horizontal bars: overdue tasks in the warning colour, the rest of the open tasks beside them. */
export function TaskChart({ bars }: { bars: readonly ChartBar[] }) {
  const titleId = useId();
  const descId = useId();
  if (bars.length === 0) return <p class="opt-hint">No contact has open tasks.</p>;
  const max = Math.max(...bars.map((bar) => bar.open), 1);
  const scale = (WIDTH - LABEL - COUNT) / max;
  const height = bars.length * ROW + 8;
  return (
    <figure class="rep-chart">
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>Open and overdue tasks per contact</title>
        <desc id={descId}>
          {bars.map((bar) => `${bar.label}: ${bar.open} open, ${bar.overdue} overdue`).join('; ')}
        </desc>
        {bars.map((bar, index) => {
          const y = index * ROW + 4;
          const overdue = bar.overdue * scale;
          const rest = (bar.open - bar.overdue) * scale;
          return (
            <g key={bar.contactId}>
              <title>{`${bar.label}: ${bar.open} open, ${bar.overdue} overdue`}</title>
              <text x={LABEL - 8} y={y + ROW / 2 + 4} text-anchor="end" class="rep-chart-label">
                {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
              </text>
              <rect x={LABEL} y={y + 3} width={overdue} height={ROW - 8} class="rep-bar-overdue" />
              <rect x={LABEL + overdue} y={y + 3} width={rest} height={ROW - 8} class="rep-bar-open" />
              <text x={LABEL + overdue + rest + 6} y={y + ROW / 2 + 4} class="rep-chart-count">
                {bar.open}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="opt-hint">
        <span class="rep-key rep-bar-overdue" aria-hidden="true" /> overdue{' '}
        <span class="rep-key rep-bar-open" aria-hidden="true" /> open, not overdue. The {bars.length} contacts
        with the most overdue tasks.
      </figcaption>
    </figure>
  );
}

export function ReportView({ report }: { report: BusinessReport }) {
  const totals = reportTotals(report.rows);
  const [exported, setExported] = useState(false);
  const headingId = useId();
  return (
    <article class="rep" aria-labelledby={headingId}>
      <h2 id={headingId}>{report.business.name}</h2>
      <p class="opt-hint">
        {SITE_LABELS[report.site]} company · HighLevel location {report.locationId} · built{' '}
        {formatDateTime(new Date(report.createdAt).toISOString())}
      </p>
      <dl class="rep-totals">
        <div>
          <dt>Contacts</dt>
          <dd data-testid="total-contacts">{totals.contacts}</dd>
        </div>
        <div>
          <dt>With open tasks</dt>
          <dd>{totals.withOpenTasks}</dd>
        </div>
        <div>
          <dt>Open tasks</dt>
          <dd>{totals.open}</dd>
        </div>
        <div>
          <dt>Overdue tasks</dt>
          <dd data-testid="total-overdue">{totals.overdue}</dd>
        </div>
      </dl>
      {report.truncated ? (
        <p class="auto-note" role="note">
          The company has more contacts than this report's limit of {report.maxContacts}; only the first{' '}
          {report.maxContacts} are shown.
        </p>
      ) : null}
      {totals.unreadable > 0 ? (
        <p class="auto-note" role="note">
          The tasks of {totals.unreadable} contacts could not be read; their counts show as “?”.
        </p>
      ) : null}
      <TaskChart bars={chartBars(report.rows)} />
      <div class="opt-actions">
        <button
          type="button"
          onClick={() => {
            downloadText(reportCsv(report), reportFileName(report));
            setExported(true);
          }}
        >
          Export CSV
        </button>
        {exported ? <span role="status">CSV saved to your downloads.</span> : null}
      </div>
      {report.rows.length === 0 ? (
        <p>No HighLevel contact has this company.</p>
      ) : (
        <div class="rep-table-wrap">
          <table class="rep-table">
            <caption class="opt-hint">Most overdue first.</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col">Open tasks</th>
                <th scope="col">Overdue</th>
                <th scope="col">Next due</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.contactId} data-contact-id={row.contactId}>
                  <th scope="row">{row.name}</th>
                  <td>{row.email ?? ''}</td>
                  <td>{row.phone ?? ''}</td>
                  <td>{row.openTasks ?? '?'}</td>
                  <td data-overdue={(row.overdueTasks ?? 0) > 0}>{row.overdueTasks ?? '?'}</td>
                  <td>{row.nextDue ? formatDate(row.nextDue) : ''}</td>
                  <td>{row.lastActivity ? formatDate(row.lastActivity) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
