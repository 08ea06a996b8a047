import { render } from 'preact';
import { browser } from 'wxt/browser';
import { browserHostAccess } from '../../features/settings/host-access';
import { createOptionsState } from '../../features/settings/state';
import { OptionsPage } from '../../features/settings/views/OptionsPage';
import { t, uiLanguage } from '../../lib/ui/i18n';
import './options.css';

document.documentElement.lang = uiLanguage();
document.title = t('options_title');
const state = createOptionsState(browserHostAccess(browser));
const app = document.getElementById('app');
if (app) render(<OptionsPage state={state} />, app);
