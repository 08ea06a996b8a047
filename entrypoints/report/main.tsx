import { render } from 'preact';
import { ReportPage } from '../../components/automations/ReportPage';
import { createReportState } from '../../lib/automations/report-state';
import { t, uiLanguage } from '../../lib/i18n';
import '../options/options.css';
import '../../components/automations/automations.css';
import './report.css';

document.documentElement.lang = uiLanguage();
document.title = t('report_title');
const state = createReportState();
const id = new URLSearchParams(location.search).get('id');
const app = document.getElementById('app');
if (app) render(<ReportPage state={state} initialId={id} />, app);
