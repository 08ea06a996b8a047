/**
 * The sidebar's page, shown in the frame the content script puts on a CRM page (lib/host-page/frame-host.ts). It
 * shows nothing until its content script hands it a key the background accepts (lib/host-page/frame-channel.ts):
 * a page that frames it on its own gets an empty frame.
 */
import { browser } from 'wxt/browser';
import { browserHostAccess } from '../../features/settings/host-access';
import { startSidebarFrame } from '../../features/sidebar/frame';
import '../../features/sidebar/views/sidebar.css';

startSidebarFrame(window, (name) => browser.runtime.connect({ name }), browserHostAccess(browser));
