/**
 * A business report: totals, a bar chart of who has open and overdue tasks (inline SVG, text as text), the
 * table of contacts, and CSV export.
 */
import { useId, useState } from 'preact/hooks';
import { formatDate, formatDateTime, formatNumber, t, tCount } from '../../../lib/ui/i18n';
import { type ChartBar, chartBars, downloadText, reportCsv, reportFileName, reportTotals } from '../export';
import type { BusinessReport } from '../log';
import { SITE_LABELS } from '../model';

const ROW = 24;
const LABEL = 170;
const WIDTH = 640;
const COUNT = 40;

function barText(bar: ChartBar): string {
  return t('report_bar', bar.label, formatNumber(bar.open), formatNumber(bar.overdue));
}

/** Horizontal bars: overdue tasks in the warning colour, the rest of the open tasks beside them. */
export function TaskChart({ bars }: { bars: readonly ChartBar[] }) {
  const titleId = useId();
  const descId = useId();
  if (bars.length === 0) return <p class="opt-hint">{t('report_chart_empty')}</p>;
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
        <title id={titleId}>{t('report_chart_title')}</title>
        <desc id={descId}>{bars.map(barText).join('; ')}</desc>
        {bars.map((bar, index) => {
          const y = index * ROW + 4;
          const overdue = bar.overdue * scale;
          const rest = (bar.open - bar.overdue) * scale;
          return (
            <g key={bar.contactId}>
              <title>{barText(bar)}</title>
              <text x={LABEL - 8} y={y + ROW / 2 + 4} text-anchor="end" class="rep-chart-label">
                {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
              </text>
              <rect x={LABEL} y={y + 3} width={overdue} height={ROW - 8} class="rep-bar-overdue" />
              <rect x={LABEL + overdue} y={y + 3} width={rest} height={ROW - 8} class="rep-bar-open" />
              <text x={LABEL + overdue + rest + 6} y={y + ROW / 2 + 4} class="rep-chart-count">
                {formatNumber(bar.open)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="opt-hint">
        <span class="rep-key rep-bar-overdue" aria-hidden="true" /> {t('report_key_overdue')}{' '}
        <span class="rep-key rep-bar-open" aria-hidden="true" /> {t('report_key_open')}{' '}
        {tCount('report_chart_caption', bars.length)}
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
        {t(
          'report_meta',
          SITE_LABELS[report.site],
          report.locationId,
          formatDateTime(new Date(report.createdAt).toISOString()),
        )}
      </p>
      <dl class="rep-totals">
        <div>
          <dt>{t('report_col_contacts')}</dt>
          <dd data-testid="total-contacts">{formatNumber(totals.contacts)}</dd>
        </div>
        <div>
          <dt>{t('report_with_open_tasks')}</dt>
          <dd>{formatNumber(totals.withOpenTasks)}</dd>
        </div>
        <div>
          <dt>{t('report_col_open_tasks')}</dt>
          <dd>{formatNumber(totals.open)}</dd>
        </div>
        <div>
          <dt>{t('report_overdue_tasks')}</dt>
          <dd data-testid="total-overdue">{formatNumber(totals.overdue)}</dd>
        </div>
      </dl>
      {report.truncated ? (
        <p class="auto-note" role="note">
          {t('report_truncated', formatNumber(report.maxContacts))}
        </p>
      ) : null}
      {totals.unreadable > 0 ? (
        <p class="auto-note" role="note">
          {tCount('report_unreadable', totals.unreadable)}
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
          {t('report_export')}
        </button>
        {exported ? <span role="status">{t('report_exported')}</span> : null}
      </div>
      {report.rows.length === 0 ? (
        <p>{t('report_empty')}</p>
      ) : (
        <div class="rep-table-wrap">
          <table class="rep-table">
            <caption class="opt-hint">{t('report_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report_col_name')}</th>
                <th scope="col">{t('report_col_email')}</th>
                <th scope="col">{t('report_col_phone')}</th>
                <th scope="col">{t('report_col_open_tasks')}</th>
                <th scope="col">{t('report_col_overdue')}</th>
                <th scope="col">{t('report_col_next_due')}</th>
                <th scope="col">{t('report_col_last_activity')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.contactId} data-contact-id={row.contactId}>
                  <th scope="row">{row.name}</th>
                  <td>{row.email ?? ''}</td>
                  <td>{row.phone ?? ''}</td>
                  <td>{row.openTasks === null ? '?' : formatNumber(row.openTasks)}</td>
                  <td data-overdue={(row.overdueTasks ?? 0) > 0}>
                    {row.overdueTasks === null ? '?' : formatNumber(row.overdueTasks)}
                  </td>
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
