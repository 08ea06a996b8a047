import { render } from 'preact';
import { Popup } from '../../features/settings/views/Popup';
import { t, uiLanguage } from '../../lib/ui/i18n';

document.documentElement.lang = uiLanguage();
document.title = t('extName');
const app = document.getElementById('app');
if (app) render(<Popup />, app);
