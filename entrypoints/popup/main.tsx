import { render } from 'preact';
import { browser } from 'wxt/browser';
import { browserHostAccess } from '../../features/settings/host-access';
import { sendMessage } from '../../features/settings/messenger';
import { createPopupState } from '../../features/settings/popup-state';
import { Popup } from '../../features/settings/views/Popup';
import { t, uiLanguage } from '../../lib/ui/i18n';

document.documentElement.lang = uiLanguage();
document.title = t('extName');
const app = document.getElementById('app');
const state = createPopupState(sendMessage, () => window.close(), browserHostAccess(browser));
void state.load();
if (app) render(<Popup state={state} />, app);
