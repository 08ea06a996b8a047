/** The report page: one report (from `?id=`), the recent ones, and a form to build one now. */
import { useEffect, useId, useState } from 'preact/hooks';
import type { SiteId } from '../../../lib/host-page/sites/types';
import { errorSentence } from '../../../lib/ui/errors';
import { formatDateTime, formatNumber, t, tCount } from '../../../lib/ui/i18n';
import { REPORT_DEFAULT_CONTACTS, REPORT_MAX_CONTACTS, SITE_LABELS, SITES } from '../model';
import type { ReportState } from '../report-state';
import { SiteSelect } from './parts';
import { ReportView } from './ReportView';

function BuildForm({ state, onBuilt }: { state: ReportState; onBuilt: (id: string) => void }) {
  const [site, setSite] = useState<SiteId>(SITES[0]);
  const [name, setName] = useState('');
  const [max, setMax] = useState(REPORT_DEFAULT_CONTACTS);
  const headingId = useId();
  return (
    <form
      class="opt-form"
      aria-labelledby={headingId}
      onSubmit={async (event) => {
        event.preventDefault();
        const id = await state.build(site, name.trim(), max);
        if (id) onBuilt(id);
      }}
    >
      <h2 id={headingId}>{t('report_build_heading')}</h2>
      <p class="opt-hint">{t('report_build_hint')}</p>
      <div class="auto-row">
        <SiteSelect label={t('auto_site')} value={site} onChange={setSite} />
        <label>
          {t('auto_sample_business')}
          <input
            required
            maxLength={512}
            value={name}
            onInput={(event) => setName((event.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t('auto_max_contacts')}
          <input
            type="number"
            min={1}
            max={REPORT_MAX_CONTACTS}
            value={max}
            onInput={(event) => {
              const value = Math.trunc(Number((event.target as HTMLInputElement).value));
              if (Number.isFinite(value)) setMax(Math.min(REPORT_MAX_CONTACTS, Math.max(1, value)));
            }}
          />
        </label>
      </div>
      <button type="submit" disabled={state.building.value || !name.trim()}>
        {state.building.value ? t('report_building') : t('report_build')}
      </button>
    </form>
  );
}

export function ReportPage({ state, initialId }: { state: ReportState; initialId: string | null }) {
  const [id, setId] = useState(initialId);
  useEffect(() => {
    void state.loadList();
  }, [state]);
  useEffect(() => {
    if (id) void state.load(id);
  }, [state, id]);
  const show = (next: string) => {
    setId(next);
    const url = new URL(location.href);
    url.searchParams.set('id', next);
    history.replaceState(null, '', url);
  };
  const report = state.report.value;
  const reports = state.reports.value;
  return (
    <main class="opt-main rep-main">
      <h1>{t('report_title')}</h1>
      <div aria-live="polite">
        {report.state === 'loading' ? <p role="status">{t('report_loading')}</p> : null}
        {report.state === 'error' ? (
          <p role="alert">
            {report.error.kind === 'not.found'
              ? t('report_not_kept', formatNumber(10))
              : errorSentence(report.error)}
          </p>
        ) : null}
      </div>
      {report.state === 'ready' ? <ReportView report={report.value} /> : null}
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t('report_recent')}</h2>
        {reports.state === 'ready' && reports.value.length === 0 ? (
          <p class="opt-hint">{t('report_none')}</p>
        ) : null}
        {reports.state === 'ready' ? (
          <ul class="opt-list">
            {reports.value.map((item) => (
              <li key={item.id}>
                <a
                  href={`?id=${encodeURIComponent(item.id)}`}
                  aria-current={item.id === id ? 'page' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    show(item.id);
                  }}
                >
                  {item.business}
                </a>{' '}
                <span class="opt-hint">
                  {SITE_LABELS[item.site]} ·{' '}
                  {item.truncated
                    ? tCount('report_contacts_more', item.contacts)
                    : tCount('report_contacts', item.contacts)}{' '}
                  · {formatDateTime(new Date(item.createdAt).toISOString())}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <BuildForm state={state} onBuilt={show} />
    </main>
  );
}
