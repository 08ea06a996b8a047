import { render } from 'preact';
import { createReportState } from '../../features/automations/report-state';
import { ReportPage } from '../../features/automations/views/ReportPage';
import { t, uiLanguage } from '../../lib/ui/i18n';
import '../options/options.css';
import '../../features/automations/views/automations.css';
import './report.css';

document.documentElement.lang = uiLanguage();
document.title = t('report_title');
const state = createReportState();
const id = new URLSearchParams(location.search).get('id');
const app = document.getElementById('app');
if (app) render(<ReportPage state={state} initialId={id} />, app);
