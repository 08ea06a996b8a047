import { render } from 'preact';
import { ReportPage } from '../../components/automations/ReportPage';
import { createReportState } from '../../lib/automations/report-state';
import '../options/options.css';
import '../../components/automations/automations.css';
import './report.css';

const state = createReportState();
const id = new URLSearchParams(location.search).get('id');
const app = document.getElementById('app');
if (app) render(<ReportPage state={state} initialId={id} />, app);
