import { render } from 'preact';
import { Popup } from '../../components/Popup';
import { t, uiLanguage } from '../../lib/i18n';

document.documentElement.lang = uiLanguage();
document.title = t('extName');
const app = document.getElementById('app');
if (app) render(<Popup />, app);
