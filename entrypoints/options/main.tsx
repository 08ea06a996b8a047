import { render } from 'preact';
import { OptionsPage } from '../../components/OptionsPage';
import { t, uiLanguage } from '../../lib/i18n';
import { createOptionsState } from '../../lib/options/state';
import './options.css';

document.documentElement.lang = uiLanguage();
document.title = t('options_title');
const state = createOptionsState();
const app = document.getElementById('app');
if (app) render(<OptionsPage state={state} />, app);
